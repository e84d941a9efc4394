// libFuzzer's entry point for the IATI reader: each input, written to a file, is read, split and classified as an
// import would (`IATICheck`, the import without the ledger). It may be refused with an `IngestError`, which names
// its place; anything else (a crash, a trap, another error, a hang) is a finding.
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import Foundation

/// The bundled crosswalk and exchange rates, as the import uses them.
let check: IATICheck = {
    let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Sources/AtalayaBundledData/Resources").standardized.path
    do {
        let allocator = Allocator(
            crosswalk: try ReferenceData.crosswalk(path: resources + "/crosswalk/pillars-v1.json"),
            rates: try ReferenceData.exchangeRates(path: resources + "/exchange-rates/imf_exchangerates_A_ENDA_USD.csv")
        )
        // A small text limit, so that the fuzzer meets it.
        return IATICheck(allocator: allocator, reader: IATIReader(maxTextBytes: 4096))
    } catch {
        fatalError("cannot load the bundled reference data: \(error)")
    }
}()

/// Where each input is written: one file per process (libFuzzer's workers are processes).
let inputPath = "/dev/shm/atalaya-fuzz-iati-\(getpid()).xml"

/// Reads one input; 0 tells libFuzzer the run was ordinary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIATI(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(bytes: start, count: count)) else {
        fatalError("cannot write \(inputPath)")
    }
    defer { unlink(inputPath) }
    do {
        _ = try check.check(path: inputPath)
    } catch is IngestError {
        // Refused with its place: what a bad file should get.
    } catch {
        fatalError("not an IngestError: \(error)")
    }
    return 0
}
