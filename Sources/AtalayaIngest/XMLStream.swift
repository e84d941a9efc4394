import Foundation

// MARK: - Streaming XML, read by Atalaya's own strict parser (`XMLScanner`)

/// Receives the events of an XML stream. Element names are numbered: the stream `declare`s each distinct name (local
/// name and namespace) once, with the next number from 0, and events then carry only that number.
protocol XMLStreamHandler: AnyObject {
    /// The element name numbered `id` (the number of names declared before it).
    func declare(element id: Int, local: String, namespace: String?)
    /// An element opened.
    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws
    /// The innermost open element closed (the stream has checked that its name matches).
    func end(line: Int) throws
    /// Text inside the current element (may arrive in pieces).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws
    /// Whether `text` would keep anything given now; while false the stream does not call it (most text in an
    /// indented file is the blank space between elements: 1.2 million of its 1.5 million runs in the 55 MB file).
    var wantsText: Bool { get }
    /// The elements still open, outermost first (to explain a truncated file).
    var openElements: [String] { get }
}

/// Parses a file with `XMLScanner`, strictly: a DOCTYPE is refused (so no entity is ever declared, expanded or
/// fetched), as are bytes that are not UTF-8, undeclared entities and namespace prefixes, and anything past the size
/// and depth limits; memory stays bounded. Errors carry file, line and column.
struct XMLStream {
    /// Bytes read per push.
    static let chunkSize = 256 * 1024

    /// The name used in errors.
    let displayName: String
    /// What the documents are, for the errors that say which encoding they must have.
    var documents = "IATI files"

    /// Streams `path` through `handler`; `progress` receives bytes read so far. With `hashing`, returns the file's
    /// SHA-256, computed from the chunks as they are read (on a thread of its own), else nil.
    @discardableResult
    func parse(
        path: String, handler: some XMLStreamHandler, hashing: Bool = false, progress: (Int) -> Void
    ) throws -> String? {
        guard let file = fopen(path, "rb") else {
            throw IngestError(file: displayName, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        let digest = hashing ? BackgroundDigest() : nil
        let scanner = XMLScanner(handler: handler, displayName: displayName, checkHead: checkHead)
        // The digest hashes the bytes in the scanner's buffer: the buffer lives until the digest has stopped.
        defer { withExtendedLifetime(scanner) { digest?.stop() } }
        while true {
            // The bytes read last are hashed before the scanner moves its unparsed ones to make room (the digest
            // hashes a chunk in about a tenth of the time the scanner parses it, so this seldom waits).
            digest?.awaitInPlace()
            // Read straight into the scanner's buffer, after the bytes it has not parsed yet; the digest reads them
            // there, where it copied each chunk (1.5% of a 52 MB import's samples).
            let count = scanner.read(upTo: Self.chunkSize) { space in
                let count = fread(space.baseAddress, 1, space.count, file)
                digest?.update(inPlace: UnsafeRawBufferPointer(rebasing: space[..<count]))
                return count
            }
            if count == 0 && ferror(file) != 0 {
                // fopen opens a directory; reading it fails (EISDIR).
                throw IngestError(
                    file: displayName,
                    message: scanner.fed == 0 ? "cannot read: \(String(cString: strerror(errno)))" : "read error")
            }
            let isLast = count < Self.chunkSize && feof(file) != 0
            try scanner.scan(isLast: isLast)
            progress(scanner.fed)
            if isLast { break }
        }
        return digest?.finish()
    }

    /// Streams the bytes `produce` hands to its argument, chunk by chunk (a part of an archive as it is inflated,
    /// say), through `handler`; the chunks end when `produce` returns.
    func parse(
        handler: some XMLStreamHandler, produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let scanner = XMLScanner(handler: handler, displayName: displayName, checkHead: checkHead)
        try produce { chunk in
            guard !chunk.isEmpty else { return }
            scanner.append(chunk)
            try scanner.scan(isLast: false)
        }
        try scanner.scan(isLast: true)
    }

    /// Refuses what is plainly not an XML file, naming what it is (an archive to unpack first, or text that does not
    /// begin with markup, which a parser would call only "Start tag expected"), and refuses UTF-16 and declared
    /// encodings other than UTF-8: IATI files and workbook parts are UTF-8.
    private func checkHead(_ head: [UInt8]) throws {
        // An Office document is a ZIP archive, but there is nothing in it to extract for an XML reader.
        if ArchiveMagic.isOfficeDocument(head) {
            throw IngestError(
                file: displayName, line: 1, column: 1,
                message: "the file is an Office document (an Excel .xlsx workbook?), not XML; \(documents) are XML")
        }
        if let archive = ArchiveMagic.describe(head) {
            throw IngestError(file: displayName, line: 1, column: 1, message: "the file is \(archive)")
        }
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0, 0x3C])
            || head.starts(with: [0x3C, 0])
        {
            throw IngestError(
                file: displayName, line: 1, column: 1, message: "the file is UTF-16; \(documents) must be UTF-8")
        }
        let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        // A byte-order mark or a zero byte after blank space is an encoding fault; the scanner reports it with its place.
        if let first = body.first(where: { !whitespace.contains($0) }), first != 0xFE, first != 0xFF, first != 0,
            first != UInt8(ascii: "<")
        {
            let leading = body.prefix { whitespace.contains($0) }
            let line = 1 + leading.count { $0 == 0x0A }
            let start = String(
                decoding: body.dropFirst(leading.count).prefix { $0 != 0x0A && $0 != 0x0D }.prefix(20), as: UTF8.self)
            throw IngestError(
                file: displayName, line: line, column: 1 + leading.reversed().prefix { $0 != 0x0A }.count,
                message: "not an XML document: it starts with \"\(start)\" where XML starts with '<'")
        }
        guard body.starts(with: Array("<?xml".utf8)), let end = body.firstIndex(of: UInt8(ascii: ">")) else { return }
        let declaration = String(decoding: body[..<end], as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        if name != "utf-8" && name != "utf8" {
            throw IngestError(
                file: displayName, line: 1, column: 1, field: "encoding",
                message: "the file declares encoding \(quoted(name)); \(documents) must be UTF-8")
        }
    }
}
