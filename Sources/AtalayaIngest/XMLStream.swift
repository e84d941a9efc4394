internal import CLibXML2
import Foundation

// MARK: - A hardened, streaming SAX2 reader over the system libxml2

/// An element's attributes in document order, named `prefix:name` or `name`: an element has a handful, so a list
/// searched in order costs less than a dictionary built and hashed for every element.
struct XMLAttributes {
    /// Name and value of each attribute (XML allows no name twice).
    var pairs: [(name: String, value: String)] = []

    /// The value of the attribute `name`, if the element has it.
    subscript(name: String) -> String? {
        for pair in pairs where pair.name == name { return pair.value }
        return nil
    }
}

/// Receives the events of an XML stream; element names are local names, attributes keyed `prefix:name` or `name`.
protocol XMLStreamHandler: AnyObject {
    /// An element opened.
    func start(element: String, namespace: String?, attributes: XMLAttributes, line: Int) throws
    /// An element closed.
    func end(element: String, namespace: String?, line: Int) throws
    /// Text inside the current element (may arrive in pieces).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws
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
        let firstCount = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
        guard firstCount > 0 else {
            throw IngestError(file: displayName, line: 1, column: 1, message: "the file is empty")
        }
        try checkEncoding(Array(buffer[0..<min(firstCount, 512)]))

        let box = HandlerBox(handler: handler, displayName: displayName)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        var sax = makeHandler()
        guard let context = xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), nil, 0, displayName) else {
            throw IngestError(file: displayName, message: "libxml2 could not create a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        box.context = context

        var count = firstCount
        var total = 0
        while true {
            total += count
            if let digest { buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) } }
            let isLast = count < Self.chunkSize && feof(file) != 0
            let status = buffer.withUnsafeBytes {
                xmlParseChunk(
                    context, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), isLast ? 1 : 0)
            }
            if let error = box.failure { throw error }
            if status != 0 || context.pointee.wellFormed == 0 { throw box.libxmlError(context) }
            progress(total)
            if isLast { break }
            count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
            if count == 0 {
                if ferror(file) != 0 { throw IngestError(file: displayName, message: "read error") }
                let status = xmlParseChunk(context, nil, 0, 1)
                if let error = box.failure { throw error }
                if status != 0 || context.pointee.wellFormed == 0 { throw box.libxmlError(context) }
                break
            }
        }
        if let error = box.failure { throw error }
        guard box.sawRoot else {
            throw IngestError(
                file: displayName, line: 1, column: 1, message: "no root element: this is not an XML document")
        }
        return digest?.finish()
    }

    /// Refuses UTF-16 and declared encodings other than UTF-8: IATI files are UTF-8.
    private func checkEncoding(_ head: [UInt8]) throws {
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0, 0x3C])
            || head.starts(with: [0x3C, 0])
        {
            throw IngestError(
                file: displayName, line: 1, column: 1, message: "the file is UTF-16; IATI files must be UTF-8")
        }
        let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
        guard body.starts(with: Array("<?xml".utf8)), let end = body.firstIndex(of: UInt8(ascii: ">")) else { return }
        let declaration = String(decoding: body[..<end], as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        if name != "utf-8" && name != "utf8" {
            throw IngestError(
                file: displayName, line: 1, column: 1, field: "encoding",
                message: "the file declares encoding \"\(name)\"; IATI files must be UTF-8")
        }
    }

    private func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            let box = HandlerBox.from(context)
            box.sawRoot = true
            guard box.failure == nil, let localName else { return }
            var dictionary = XMLAttributes()
            if let attributes, attributeCount > 0 {
                dictionary.pairs.reserveCapacity(Int(attributeCount))
                for index in 0..<Int(attributeCount) {
                    let base = index * 5
                    guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
                    else { continue }
                    let value = String(
                        decoding: UnsafeBufferPointer(
                            start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: end - start),
                        as: UTF8.self)
                    var key = String(cString: name)
                    if let attributePrefix = attributes[base + 1] { key = String(cString: attributePrefix) + ":" + key }
                    dictionary.pairs.append((key, value))
                }
            }
            box.run {
                try $0.start(
                    element: String(cString: localName), namespace: uri.map { String(cString: $0) },
                    attributes: dictionary, line: $1)
            }
            _ = prefix
        }
        sax.endElementNs = { context, localName, _, uri in
            let box = HandlerBox.from(context)
            guard box.failure == nil, let localName else { return }
            box.run {
                try $0.end(element: String(cString: localName), namespace: uri.map { String(cString: $0) }, line: $1)
            }
        }
        sax.characters = { context, bytes, count in
            let box = HandlerBox.from(context)
            guard box.failure == nil, let bytes, count > 0 else { return }
            box.run { try $0.text(UnsafeBufferPointer(start: bytes, count: Int(count)), line: $1) }
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

/// Carries the handler and the first failure through libxml2's C callbacks.
private final class HandlerBox {
    let handler: any XMLStreamHandler
    let displayName: String
    var context: xmlParserCtxtPtr?
    var failure: IngestError?
    var libxmlFailure: IngestError?
    var libxmlCode: Int32 = 0
    var sawRoot = false

    init(handler: any XMLStreamHandler, displayName: String) {
        self.handler = handler
        self.displayName = displayName
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> HandlerBox {
        Unmanaged<HandlerBox>.fromOpaque(pointer!).takeUnretainedValue()
    }

    var line: Int { context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0 }
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
        if failure == nil { failure = error }
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
        libxmlFailure = IngestError(
            file: displayName, line: Int(error.line) > 0 ? Int(error.line) : nil,
            column: error.int2 > 0 ? Int(error.int2) : nil, message: Self.explain(message))
    }

    func libxmlError(_ context: xmlParserCtxtPtr) -> IngestError {
        if let libxmlFailure { return libxmlFailure }
        return IngestError(file: displayName, line: line, column: column, message: "the XML is not well-formed")
    }

    /// Adds plain words to libxml2's terse messages for the usual causes.
    static func explain(_ message: String) -> String {
        if message.contains("not proper UTF-8") { return message + " (the file has bytes that are not UTF-8)" }
        if message.contains("Premature end of data") { return message + " (the file is truncated)" }
        if message.contains("too long") || message.contains("Huge input") {
            return message + " (a value exceeds libxml2's size limit of 10 MB)"
        }
        return message
    }
}
