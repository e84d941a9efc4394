// libFuzzer's entry point for Atalaya's table readers: an input's first byte picks the reader, the rest is written
// to a file that reader reads (as CSV, or as an Excel workbook when it starts as a ZIP archive does). A refusal is
// an `IngestError` with its place; anything else (a crash, a trap, another error, a hang) is a finding.
import AtalayaDomain
import AtalayaIngest
import Foundation

/// One file per process and kind of name (libFuzzer's workers are processes).
let csvPath = "/dev/shm/atalaya-fuzz-table-\(getpid()).csv"
let jsonPath = "/dev/shm/atalaya-fuzz-table-\(getpid()).json"

/// The readers, in the order the first byte picks them (modulo their count).
let readers: [@Sendable (String) throws -> Void] = [
    { path in
        _ = try OfficialReader(limits: CSVReader.Limits(maxFieldBytes: 4096, maxFields: 64)).read(
            path: path, displayName: "fuzz", hashing: true
        ) { _ in }
    },
    { path in try MonitoringReader().read(path: path, displayName: "fuzz") { _ in } },
    { path in
        for source in SeriesSource.allCases {
            _ = try? SeriesReader().read(path: path, displayName: "fuzz", source: source, edition: nil) { _ in }
        }
        _ = try SeriesReader().read(path: path, displayName: "fuzz", source: .long, edition: nil) { _ in }
    },
    { path in _ = try EngagementReader().read(path: path, displayName: "fuzz") },
    { path in _ = try AccountBudgetReader(encoding: .utf8).read(path: path, displayName: "fuzz") },
    { path in _ = try AccountBudgetReader(encoding: .windows1252).read(path: path, displayName: "fuzz") },
]

/// Reads one input; 0 tells libFuzzer the run was ordinary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTables(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let choice = Int(start.load(as: UInt8.self))
    let reader = readers[choice % readers.count]
    // The engagement reader reads JSON by the file's name: an odd byte above the readers' count asks for it.
    let path = (choice / readers.count) % 2 == 1 ? jsonPath : csvPath
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: start + 1, count: count - 1)) else {
        fatalError("cannot write \(path)")
    }
    defer { unlink(path) }
    do {
        try reader(path)
    } catch is IngestError {
        // Refused with its place: what a bad file should get.
    } catch {
        fatalError("not an IngestError: \(error)")
    }
    return 0
}
