internal import CLibXML2
import Foundation

// MARK: - A hardened, streaming SAX2 reader over the system libxml2

/// An element's attributes as libxml2 hands them over, read in place: a value becomes a `String` only when asked for.
/// Valid only during the `start` call that receives it, which is why it cannot be copied (and so cannot be kept).
struct XMLAttributes: ~Copyable {
    /// libxml2's array, five pointers per attribute: local name, prefix, URI, value start, value end.
    private let fields: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    /// The number of attributes.
    let count: Int

    init(fields: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) {
        self.fields = fields
        self.count = fields == nil ? 0 : count
    }

    /// The value of the attribute `name` (`local` or `prefix:local`), if the element has it.
    subscript(name: StaticString) -> String? {
        guard let fields else { return nil }
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        let colon = wanted.firstIndex(of: UInt8(ascii: ":"))
        let local = UnsafeBufferPointer(rebasing: wanted[(colon.map { $0 + 1 } ?? 0)...])
        let prefix = colon.map { UnsafeBufferPointer(rebasing: wanted[..<$0]) }
        for index in 0..<count {
            let base = index * 5
            guard let localName = fields[base], cString(localName, is: local) else { continue }
            switch (fields[base + 1], prefix) {
            case (nil, nil): break
            case (let found?, let prefix?) where cString(found, is: prefix): break
            default: continue
            }
            guard let start = fields[base + 3], let end = fields[base + 4] else { return nil }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }
}

/// Whether the NUL-terminated `text` is exactly `bytes` (read no further than its first differing byte).
private func cString(_ text: UnsafePointer<UInt8>, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for (offset, byte) in bytes.enumerated() where text[offset] != byte { return false }
    return text[bytes.count] == 0
}

/// Receives the events of an XML stream. Element names are numbered: the stream `declare`s each distinct name (local
/// name and namespace) once, with the next number from 0, and events then carry only that number.
protocol XMLStreamHandler: AnyObject {
    /// The element name numbered `id` (the number of names declared before it).
    func declare(element id: Int, local: String, namespace: String?)
    /// An element opened.
    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws
    /// The innermost open element closed (libxml2 has checked that its name matches).
    func end(line: Int) throws
    /// Text inside the current element (may arrive in pieces).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws
    /// Whether `text` would keep anything given now; while false the stream does not call it (most text in an
    /// indented file is the blank space between elements: 1.2 million of its 1.5 million runs in the 55 MB file).
    var wantsText: Bool { get }
    /// The elements still open, outermost first (to explain a truncated file).
    var openElements: [String] { get }
}

/// Parses a file with libxml2's push parser: no DTD (a DOCTYPE is refused), no entity substitution,
/// no network, libxml2's default size and depth limits, bounded memory. Errors carry file, line and column.
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
        defer { digest?.stop() }
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        let session = PushSession(handler: handler, displayName: displayName, checkHead: checkHead)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
            if count == 0 && ferror(file) != 0 {
                // fopen opens a directory; reading it fails (EISDIR).
                throw IngestError(
                    file: displayName,
                    message: session.fed == 0 ? "cannot read: \(String(cString: strerror(errno)))" : "read error")
            }
            if let digest { buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) } }
            let isLast = count < Self.chunkSize && feof(file) != 0
            try buffer.withUnsafeBytes {
                try session.feed(UnsafeRawBufferPointer(rebasing: $0[..<count]), isLast: isLast)
            }
            progress(session.fed)
            if isLast { break }
        }
        try session.finish()
        return digest?.finish()
    }

    /// Streams the bytes `produce` hands to its argument, chunk by chunk (a part of an archive as it is inflated,
    /// say), through `handler`; the chunks end when `produce` returns.
    func parse(
        handler: some XMLStreamHandler, produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let session = PushSession(handler: handler, displayName: displayName, checkHead: checkHead)
        try produce { chunk in
            guard !chunk.isEmpty else { return }
            try session.feed(chunk, isLast: false)
        }
        try session.feed(UnsafeRawBufferPointer(start: nil, count: 0), isLast: true)
        try session.finish()
    }

    /// Refuses what is plainly not an XML file, naming what it is (an archive to unpack first, or text that does not
    /// begin with markup, where libxml2 would say only "Document is empty"), and refuses UTF-16 and declared
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
        // A byte-order mark or a zero byte after blank space is an encoding fault; libxml2 reports it with its place.
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

    fileprivate static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
            HandlerBox.with(context) { box in
                box.sawRoot = true
                guard !box.stopped, let localName else { return }
                let dictionary = box.context?.pointee.dict
                guard
                    let id = box.names.id(
                        local: localName, uri: uri, interned: { xmlDictOwns(dictionary, $0) == 1 },
                        // A closure literal, not `box.handler.declare`: that partial application allocated a
                        // context holding the handler on every element.
                        declare: { box.handler.declare(element: $0, local: $1, namespace: $2) })
                else {
                    box.fail(
                        "more than \(ElementNames.maxNames) distinct element names; refused (IATI has about 200)")
                    return
                }
                let fields = XMLAttributes(fields: attributes, count: Int(attributeCount))
                box.run { try $0.start(element: id, attributes: fields, line: $1) }
            }
        }
        sax.endElementNs = { context, _, _, _ in
            HandlerBox.with(context) { box in
                guard !box.stopped else { return }
                box.run { try $0.end(line: $1) }
            }
        }
        sax.characters = { context, bytes, count in
            HandlerBox.with(context) { box in
                guard !box.stopped, let bytes, count > 0, box.handler.wantsText else { return }
                box.run { try $0.text(UnsafeBufferPointer(start: bytes, count: Int(count)), line: $1) }
            }
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { context, name, _, _ in
            let box = HandlerBox.from(context)
            box.fail(
                "the file has a DOCTYPE (\(name.map { String(cString: $0) } ?? "")); DTDs and entity declarations are refused"
            )
        }
        sax.externalSubset = { context, _, _, _ in
            HandlerBox.from(context).fail("the file refers to an external DTD; refused")
        }
        sax.entityDecl = { context, _, _, _, _, _ in
            HandlerBox.from(context).fail("the file declares an entity; refused")
        }
        sax.getEntity = { _, _ in nil }
        sax.getParameterEntity = { _, _ in nil }
        sax.resolveEntity = { context, _, _ in
            HandlerBox.from(context).fail("the file refers to an external entity; refused")
            return nil
        }
        sax.reference = { context, name in
            HandlerBox.from(context).fail("undeclared entity &\(name.map { String(cString: $0) } ?? "");")
        }
        sax.serror = { context, error in
            guard let context, let error else { return }
            HandlerBox.from(context).recordLibxml(error.pointee)
        }
        return sax
    }
}

/// One parse with libxml2's push parser: bytes are fed in chunks as they come; the first chunk's head is checked
/// before libxml2 sees it.
private final class PushSession {
    let box: HandlerBox
    let unmanaged: Unmanaged<HandlerBox>
    var sax: xmlSAXHandler
    var context: xmlParserCtxtPtr?
    let displayName: String
    let checkHead: ([UInt8]) throws -> Void
    /// Bytes fed so far.
    var fed: Int { box.fed }

    init(handler: some XMLStreamHandler, displayName: String, checkHead: @escaping ([UInt8]) throws -> Void) {
        self.displayName = displayName
        self.checkHead = checkHead
        box = HandlerBox(handler: handler, displayName: displayName)
        unmanaged = Unmanaged.passRetained(box)
        sax = XMLStream.makeHandler()
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
        unmanaged.release()
    }

    /// Hands `chunk` to libxml2; `isLast` when no bytes follow. Throws the first error, with its place.
    func feed(_ chunk: UnsafeRawBufferPointer, isLast: Bool) throws {
        if context == nil {
            guard !chunk.isEmpty else {
                throw IngestError(file: displayName, line: 1, column: 1, message: "the file is empty")
            }
            try checkHead(Array(chunk.prefix(512)))
            guard let created = xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), nil, 0, displayName) else {
                throw IngestError(file: displayName, message: "libxml2 could not create a parser")
            }
            xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
            context = created
            box.context = created
        }
        guard let context else { return }
        box.fed += chunk.count
        box.final = isLast
        let status = xmlParseChunk(
            context, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), isLast ? 1 : 0)
        if let error = box.failure { throw error }
        if status != 0 || context.pointee.wellFormed == 0 { throw box.libxmlError(context) }
    }

    /// Checks that the document had a root element, once the last chunk is fed.
    func finish() throws {
        if let error = box.failure { throw error }
        guard box.sawRoot else {
            throw IngestError(
                file: displayName, line: 1, column: 1, message: "no root element: this is not an XML document")
        }
    }
}

/// Carries the handler and the first failure through libxml2's C callbacks.
///
/// The state read or written on every event is `@exclusivity(unchecked)`: the runtime's access checks on it, with
/// those on the title folding's captured buffer, took reading the 55 MB synthetic file from 0.62 s to 0.65 s. It
/// is safe because only the synchronous callbacks of one parse on one thread touch it, and `names.id`, the one
/// mutating access that runs code of others (`interned`, the handler's `declare`), reaches no property of the box.
private final class HandlerBox {
    let handler: any XMLStreamHandler
    let displayName: String
    @exclusivity(unchecked) var context: xmlParserCtxtPtr?
    var failure: IngestError?
    /// Whether `failure` is set. Kept apart because testing `failure == nil` on every event went through the optional
    /// error's value witness: reading a 55 MB file took 0.76 s with that test, 0.68 s with this flag.
    @exclusivity(unchecked) var stopped = false
    var libxmlFailure: IngestError?
    var libxmlCode: Int32 = 0
    @exclusivity(unchecked) var sawRoot = false
    @exclusivity(unchecked) var names = ElementNames()
    /// Bytes handed to libxml2 so far, and whether they are the whole file.
    var fed = 0
    var final = false

    init(handler: any XMLStreamHandler, displayName: String) {
        self.handler = handler
        self.displayName = displayName
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> HandlerBox {
        Unmanaged<HandlerBox>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Runs `body` on the box without retaining and releasing it, for the callbacks of every element and text: the
    /// parse holds the box retained (`passRetained`) until libxml2 has made its last callback.
    @inline(__always)
    static func with(_ pointer: UnsafeMutableRawPointer?, _ body: (HandlerBox) -> Void) {
        Unmanaged<HandlerBox>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
    }

    /// What `xmlSAX2GetLineNumber` returns (`ctxt->input->line`), read in place: the call cost 1% of reading.
    var line: Int {
        guard let input = context?.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }
    var column: Int { context.map { Int(xmlSAX2GetColumnNumber($0)) } ?? 0 }

    /// Runs a handler call; the first error stops the parser.
    func run(_ body: (any XMLStreamHandler, Int) throws -> Void) {
        do {
            try body(handler, line)
        } catch let error as IngestError {
            stop(error)
        } catch {
            stop(IngestError(file: displayName, line: line, column: column, message: "\(error)"))
        }
    }

    func fail(_ message: String) {
        stop(IngestError(file: displayName, line: line, column: column, message: message))
    }

    func stop(_ error: IngestError) {
        if failure == nil {
            failure = error
            stopped = true
        }
        if let context { xmlStopParser(context) }
    }

    func recordLibxml(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, libxmlFailure == nil else { return }
        var message =
            error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
        libxmlCode = error.code
        if error.code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
            // libxml2's push parser says "Extra content at the end of the document" when input stops early.
            if !sawRoot {
                message = "no root element: this is not an XML document"
            } else if let open = handler.openElements.last {
                message =
                    "the file ends while <\(open)> (and \(handler.openElements.count - 1) enclosing elements) is still open: truncated"
            }
        }
        message = Self.explain(message)
        if error.code != Int32(XML_ERR_DOCUMENT_END.rawValue), final, let context, xmlByteConsumed(context) >= fed,
            !message.contains("truncated")
        {
            // The error is where the bytes run out: a file cut inside a tag or a value.
            message += " (this is where the file ends: it looks truncated)"
        }
        libxmlFailure = IngestError(
            file: displayName, line: Int(error.line) > 0 ? Int(error.line) : nil,
            column: error.int2 > 0 ? Int(error.int2) : nil, message: message)
    }

    func libxmlError(_ context: xmlParserCtxtPtr) -> IngestError {
        if let libxmlFailure { return libxmlFailure }
        return IngestError(file: displayName, line: line, column: column, message: "the XML is not well-formed")
    }

    /// Adds plain words to libxml2's terse messages for the usual causes.
    static func explain(_ message: String) -> String {
        if message.contains("not proper UTF-8") { return message + " (the file has bytes that are not UTF-8)" }
        if message.contains("Premature end of data") { return message + " (the file is truncated)" }
        if message.contains("EntityRef: expecting ';'") || message.contains("xmlParseEntityRef: no name") {
            return message + " (a '&' that begins no entity reference: in XML a plain '&' is written '&amp;')"
        }
        if message.hasPrefix("xmlParseCharRef: ") {
            return message.dropFirst("xmlParseCharRef: ".count)
                + " (a character reference to a character XML does not allow)"
        }
        if message.contains("detected an error in element content") {
            // libxml2's push parser words it as an internal error; it is a '<!' in content that it cannot read.
            return
                "'<!' here opens neither a comment ('<!--') nor a CDATA section ('<![CDATA['): a DOCTYPE or other "
                + "declaration cannot appear inside the document"
        }
        if message.contains("too long") || message.contains("Huge input") {
            return message + " (a value exceeds libxml2's size limit of 10 MB)"
        }
        return message
    }
}

/// Numbers element names by the pointers libxml2 passes. libxml2 interns names in its parser's dictionary, whose
/// strings never change or move while the parse lasts, and it holds one string per spelling: two of its pointers are
/// equal exactly when the names are. A 256-slot cache keyed by pointer answers those without hashing or comparing
/// bytes, and it keeps only pointers the dictionary owns. Misses go to a dictionary of the names' bytes. Every name is
/// kept for the whole parse, so their number is bounded.
struct ElementNames {
    /// Distinct names numbered at most: a file with more is refused (IATI has about 200; this bounds the table to
    /// about 1 MB where libxml2's own limit on names, 10 MB of text, would allow millions).
    static let maxNames = 4096

    private struct Slot {
        var local: UnsafePointer<UInt8>
        var uri: UnsafePointer<UInt8>?
        var id: Int
    }

    private var slots = [Slot?](repeating: nil, count: 256)
    /// Every name seen, as `URI \0 local` bytes (no URI: just `\0 local`).
    private var ids: [[UInt8]: Int] = [:]

    /// The id of the element named `local` in namespace `uri`, declaring a name seen for the first time; nil for a
    /// name past `maxNames`. `interned` says whether a pointer is one of the parser dictionary's strings.
    mutating func id(
        local: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, interned: (UnsafePointer<UInt8>) -> Bool,
        declare: (Int, String, String?) -> Void
    ) -> Int? {
        let bits = UInt(bitPattern: local) ^ (UInt(bitPattern: uri) &>> 5)
        let slot = Int(truncatingIfNeeded: (bits &>> 4) ^ (bits &>> 12)) & 255
        if let cached = slots[slot], cached.local == local, cached.uri == uri { return cached.id }
        let localBytes = Array(UnsafeBufferPointer(start: local, count: strlen(local)))
        let uriBytes = uri.map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) }
        let key = (uriBytes ?? []) + [0] + localBytes
        let id: Int
        if let known = ids[key] {
            id = known
        } else {
            guard ids.count < Self.maxNames else { return nil }
            id = ids.count
            ids[key] = id
            declare(
                id, String(decoding: localBytes, as: UTF8.self), uriBytes.map { String(decoding: $0, as: UTF8.self) })
        }
        if interned(local), uri.map(interned) ?? true { slots[slot] = Slot(local: local, uri: uri, id: id) }
        return id
    }
}
