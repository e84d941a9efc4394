import Foundation

/// The real public data staged beside the repository (`../shared/data`), or `ATALAYA_SHARED_DATA`.
enum SharedData {
    static var root: URL {
        if let path = ProcessInfo.processInfo.environment["ATALAYA_SHARED_DATA"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A temporary folder for files a test writes (named as synthetic).
enum Scratch {
    static func file(_ name: String, contents: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atalaya-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    static func file(_ name: String, _ text: String) throws -> String {
        try file(name, contents: Data(text.utf8))
    }
}
