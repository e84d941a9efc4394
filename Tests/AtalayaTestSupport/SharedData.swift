public import Foundation

// MARK: - What every test target shares: the staged real data, and scratch files for synthetic inputs

/// The real public data staged beside the repository (`../shared/data`), or `ATALAYA_SHARED_DATA`.
public enum SharedData {
    /// The folder of staged data.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["ATALAYA_SHARED_DATA"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// The path of a staged file.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A temporary folder for files a test writes (named as synthetic).
public enum Scratch {
    /// This test process's folder, removed with everything in it when the process exits (a run of the suite left
    /// some 3,000 folders behind, one per file written, and a folder of 70,000 entries slows what lists it).
    static let processFolder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atalaya-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: Scratch.processFolder) }
        return folder
    }()

    /// Writes `contents` to a new file named `name` in a fresh folder; returns its path.
    public static func file(_ name: String, contents: Data) throws -> String {
        let folder = processFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    /// Writes `text` as UTF-8 to a new file named `name`; returns its path.
    public static func file(_ name: String, _ text: String) throws -> String {
        try file(name, contents: Data(text.utf8))
    }
}
