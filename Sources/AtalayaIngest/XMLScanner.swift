import AtalayaDomain
import Foundation

// MARK: - A strict, streaming XML 1.0 parser of Atalaya's own

/// The limits that keep a hostile file from taking unbounded memory or time.
enum XMLLimits {
    /// The longest tag, comment, processing instruction, CDATA section or reference (libxml2's own limit on a value).
    static let maxMarkupBytes = 10_000_000
    /// The deepest nesting of elements (libxml2's default).
    static let maxDepth = 256
    /// The most attributes one element may have, namespace declarations included (IATI elements have fewer than ten).
    static let maxAttributes = 256
    /// The most namespace declarations in scope at once (IATI files make one or two).
    static let maxNamespaces = 1024
}

/// One attribute of the start tag being read, as offsets: names in the input, the value in the input when it needed
/// no decoding, or in the scanner's scratch buffer when it held references or line breaks.
struct AttributeSpan {
    var prefixStart: Int
    var prefixCount: Int
    var localStart: Int
    var localCount: Int
    var valueStart: Int
    var valueCount: Int
    var valueInScratch: Bool
}

/// An element's attributes, read in place: a value becomes a `String` only when asked for. Valid only during the
/// `start` call that receives it, which is why it cannot be copied (and so cannot be kept). Namespace declarations
/// (`xmlns`, `xmlns:…`) are not among them.
struct XMLAttributes: ~Copyable {
    private let input: UnsafePointer<UInt8>
    private let scratch: UnsafePointer<UInt8>
    private let spans: UnsafeBufferPointer<AttributeSpan>

    init(input: UnsafePointer<UInt8>, scratch: UnsafePointer<UInt8>, spans: UnsafeBufferPointer<AttributeSpan>) {
        self.input = input
        self.scratch = scratch
        self.spans = spans
    }

    /// Every attribute as `prefix:local` (as written) and value, in the order written.
    var all: [(name: String, value: String)] {
        spans.map { span in
            let local = String(
                decoding: UnsafeBufferPointer(start: input + span.localStart, count: span.localCount), as: UTF8.self)
            let name =
                span.prefixCount == 0
                ? local
                : String(
                    decoding: UnsafeBufferPointer(start: input + span.prefixStart, count: span.prefixCount),
                    as: UTF8.self)
                    + ":" + local
            let base = span.valueInScratch ? scratch : input
            return (
                name,
                String(
                    decoding: UnsafeBufferPointer(start: base + span.valueStart, count: span.valueCount), as: UTF8.self)
            )
        }
    }

    /// The bytes of every value, together.
    var valueBytes: Int { spans.reduce(0) { $0 + $1.valueCount } }

    /// The value of the attribute `name` (`local` or `prefix:local`, the prefix as written), if the element has it.
    subscript(name: StaticString) -> String? {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        let colon = wanted.firstIndex(of: UInt8(ascii: ":"))
        let local = UnsafeBufferPointer(rebasing: wanted[(colon.map { $0 + 1 } ?? 0)...])
        let prefix = colon.map { UnsafeBufferPointer(rebasing: wanted[..<$0]) }
        for span in spans {
            guard span.localCount == local.count, sameBytes(input + span.localStart, local.baseAddress!, local.count)
            else { continue }
            if let prefix {
                guard span.prefixCount == prefix.count,
                    sameBytes(input + span.prefixStart, prefix.baseAddress!, prefix.count)
                else { continue }
            } else if span.prefixCount != 0 {
                continue
            }
            let base = span.valueInScratch ? scratch : input
            return String(
                decoding: UnsafeBufferPointer(start: base + span.valueStart, count: span.valueCount), as: UTF8.self)
        }
        return nil
    }
}

/// Parses XML 1.0 with namespaces, strictly, from bytes pushed to it in chunks, and drives an `XMLStreamHandler`.
///
/// It refuses what Atalaya's hardened libxml2 stream refused until 7 December: any DOCTYPE (so no entity can be
/// declared, expanded or fetched), bytes that are not UTF-8 or not XML characters, references to undeclared entities
/// and to characters XML forbids, undeclared namespace prefixes, mismatched or unclosed tags, and anything past its
/// size and depth limits; each with the file, line and column. Text reaches the handler in pieces with `\r\n` and
/// `\r` read as `\n`; the five predefined entities and character references are replaced. Memory holds one chunk and
/// at most one unfinished token (bounded by `XMLLimits.maxMarkupBytes`), however long the file.
///
/// The state read on every byte or event is `@exclusivity(unchecked)`: the runtime's access checks on it took 13% of
/// reading. It is safe because one parse runs on one thread through synchronous calls, the handler (the only code of
/// others it calls) cannot reach the scanner, and no method passes one of those properties `inout` to code that
/// reaches the same property again (`reference(at:into:)` appends to `scratch` only while nothing else holds it).
final class XMLScanner<Handler: XMLStreamHandler> {
    let handler: Handler
    let displayName: String
    private let checkHead: ([UInt8]) throws -> Void

    /// The bytes read and not yet parsed are `storage[position..<filled]`; `storage[0]` is byte `origin` of the file.
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var origin = 0
    /// Bytes pushed so far, and whether they are the whole file.
    @exclusivity(unchecked) private(set) var fed = 0
    @exclusivity(unchecked) private var final = false
    /// An unfinished token is tried again only once this many bytes wait (or the file has ended): a long token
    /// arriving in many chunks is scanned a logarithmic number of times, not once per chunk.
    @exclusivity(unchecked) private var waitFor = 0
    /// Whether the first bytes have been checked (`checkHead`) before any is parsed.
    private var headChecked = false
    /// How many times the bytes pushed were parsed (for a test that a long token is not rescanned on every push).
    private(set) var attempts = 0

    /// The line of `storage[position]`, and the file offset at which that line starts.
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var lineStart = 0

    private enum Phase { case start, prolog, content, epilog }
    @exclusivity(unchecked) private var phase = Phase.start

    private struct OpenElement {
        var nameStart: Int
        var nameCount: Int
        var bindings: Int
        var line: Int
    }
    @exclusivity(unchecked) private var open: [OpenElement] = []
    /// The qualified names of the open elements, end to end.
    @exclusivity(unchecked) private var openNames = GrowingBytes(capacity: 1024)

    private struct Binding {
        var prefix: [UInt8]
        var uri: String?
    }
    /// Namespace declarations in scope, innermost last; an empty prefix is the default namespace.
    @exclusivity(unchecked) private var bindings: [Binding] = []
    /// Changes whenever `bindings` does, so that the name cache never answers across a change of scope.
    @exclusivity(unchecked) private var scope = 0
    @exclusivity(unchecked) private var names = ElementNames()
    /// Whether an attribute value of the start tag being read held a line feed.
    @exclusivity(unchecked) private var valueBreaks = false
    /// The attributes of the start tag being read: `spanCount` of them.
    private let spans = UnsafeMutablePointer<AttributeSpan>.allocate(capacity: XMLLimits.maxAttributes)
    @exclusivity(unchecked) private var spanCount = 0
    @exclusivity(unchecked) private var scratch = GrowingBytes(capacity: 256)

    /// `ByteClasses`' tables, copied where the hot loops read them without bounds checks.
    private let textClass: UnsafeMutablePointer<UInt8>
    private let nameClass: UnsafeMutablePointer<UInt8>

    init(handler: Handler, displayName: String, checkHead: @escaping ([UInt8]) throws -> Void) {
        self.handler = handler
        self.displayName = displayName
        self.checkHead = checkHead
        capacity = XMLStream.chunkSize * 2
        storage = .allocate(capacity: capacity)
        textClass = .allocate(capacity: 256)
        textClass.initialize(from: ByteClasses.text, count: 256)
        nameClass = .allocate(capacity: 256)
        nameClass.initialize(from: ByteClasses.name, count: 256)
    }

    deinit {
        spans.deallocate()
        storage.deallocate()
        textClass.deallocate()
        nameClass.deallocate()
    }

    // MARK: Input

    /// Makes room for `count` more bytes and lets `body` write up to that many at the end of the unparsed ones;
    /// `body` returns how many it wrote.
    func read(upTo count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
        compact(toHold: count)
        let written = try body(UnsafeMutableRawBufferPointer(start: storage + filled, count: count))
        filled += written
        fed += written
        return written
    }

    /// Copies `chunk` after the unparsed bytes.
    func append(_ chunk: UnsafeRawBufferPointer) {
        guard let source = chunk.baseAddress, !chunk.isEmpty else { return }
        _ = read(upTo: chunk.count) { space in
            space.baseAddress!.copyMemory(from: source, byteCount: chunk.count)
            return chunk.count
        }
    }

    private func compact(toHold count: Int) {
        if position > 0 {
            let waiting = filled - position
            if waiting > 0 { (storage).update(from: storage + position, count: waiting) }
            origin += position
            filled = waiting
            position = 0
        }
        if filled + count > capacity {
            let grown = max(capacity * 2, filled + count)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.update(from: storage, count: filled)
            storage.deallocate()
            storage = larger
            capacity = grown
        }
    }

    /// Parses what has been pushed; `isLast` when no bytes follow. Throws the first error, with its place.
    func scan(isLast: Bool) throws {
        final = isLast
        if !headChecked {
            // The head is checked on its first 512 bytes, however few each push brings.
            guard filled >= 512 || final else { return }
            headChecked = true
            if fed > 0 { try checkHead(Array(UnsafeBufferPointer(start: storage, count: min(filled, 512)))) }
        }
        if !final && filled - position < waitFor {
            if filled - position > XMLLimits.maxMarkupBytes { throw tooLong() }
            return
        }
        attempts += 1
        do {
            while try step() { waitFor = 0 }
        } catch let error as IngestError {
            throw error
        } catch {
            throw failure("\(error)", at: position)
        }
        let waiting = filled - position
        if final {
            try finishAtEnd()
        } else if waiting > XMLLimits.maxMarkupBytes {
            throw tooLong()
        } else {
            waitFor = waiting * 2
        }
    }

    private func tooLong() -> IngestError {
        failure(
            "\(describeToken()) longer than \(XMLLimits.maxMarkupBytes / 1_000_000) MB, the size limit; refused",
            at: position)
    }

    /// Checks, once every byte is parsed, that the document had a root element and closed it.
    private func finishAtEnd() throws {
        if fed == 0 { throw IngestError(file: displayName, line: 1, column: 1, message: "the file is empty") }
        if position < filled {
            // Placed where the bytes run out, as the message says.
            throw failure(
                "the file ends inside \(describeToken()) (this is where the file ends: it looks truncated)",
                at: filled)
        }
        switch phase {
        case .start, .prolog:
            throw IngestError(
                file: displayName, line: 1, column: 1, message: "no root element: this is not an XML document")
        case .content:
            let openNames = handler.openElements
            let innermost = openNames.last ?? openName(open.count - 1)
            throw failure(
                "the file ends while <\(innermost)> (and \(open.count - 1) enclosing elements) is still open: truncated",
                at: position)
        case .epilog:
            break
        }
    }

    private func openName(_ index: Int) -> String {
        let element = open[index]
        return String(
            decoding: UnsafeBufferPointer(start: openNames.base + element.nameStart, count: element.nameCount),
            as: UTF8.self)
    }

    /// What the unfinished token at `position` is, for messages.
    private func describeToken() -> String {
        let at = position
        guard storage[at] == UInt8(ascii: "<") else {
            return storage[at] == UInt8(ascii: "&") ? "a reference" : "a character"
        }
        guard filled - at >= 2 else { return "a tag" }
        switch storage[at + 1] {
        case UInt8(ascii: "/"): return "an end tag"
        case UInt8(ascii: "?"): return "a processing instruction"
        case UInt8(ascii: "!"):
            return filled - at > 3 && storage[at + 2] == UInt8(ascii: "[") ? "a CDATA section" : "a comment"
        default:
            var end = at + 1
            while end < filled, end - at < 80, nameClass[Int(storage[end])] != 0 { end += 1 }
            return
                "the start tag <\(String(decoding: UnsafeBufferPointer(start: storage + at + 1, count: end - at - 1), as: UTF8.self))>"
        }
    }

    // MARK: Errors and places

    /// An error at `storage[at]`, with its line and column.
    private func failure(_ message: String, at: Int) -> IngestError {
        var errorLine = line
        var start = lineStart
        var index = position
        while index < min(at, filled) {
            if storage[index] == 0x0A {
                errorLine += 1
                start = origin + index + 1
            }
            index += 1
        }
        return IngestError(file: displayName, line: errorLine, column: origin + at - start + 1, message: message)
    }

    /// Counts the line breaks in `storage[from..<to]`, already checked, into the place.
    @inline(__always)
    private func commitLines(from: Int, to: Int) {
        var index = from
        while index < to {
            if storage[index] == 0x0A {
                line += 1
                lineStart = origin + index + 1
            }
            index += 1
        }
    }

    /// Moves `position` to `to`, counting the line breaks between.
    @inline(__always)
    private func commit(to: Int) {
        commitLines(from: position, to: to)
        position = to
    }

    // MARK: The grammar

    /// Parses one token or one run of text; false when the bytes run out first.
    private func step() throws -> Bool {
        switch phase {
        case .start: return try documentStart()
        case .prolog, .epilog: return try misc()
        case .content: return try content()
        }
    }

    private func documentStart() throws -> Bool {
        if filled - position < 6 && !final { return false }
        var at = position
        if filled - at >= 3, storage[at] == 0xEF, storage[at + 1] == 0xBB, storage[at + 2] == 0xBF { at += 3 }
        position = at
        if matches("<?xml", at: at), at + 5 < filled, isBlank(storage[at + 5]) {
            guard try xmlDeclaration() else { return false }
        }
        phase = .prolog
        return true
    }

    /// `<?xml version="1.x" (encoding="…")? (standalone="…")? ?>` at the very start.
    private func xmlDeclaration() throws -> Bool {
        var at = position + 5
        var seen: [String] = []
        while true {
            let blankStart = at
            while at < filled, isBlank(storage[at]) { at += 1 }
            guard at + 1 < filled else { return false }
            if storage[at] == UInt8(ascii: "?") {
                guard storage[at + 1] == UInt8(ascii: ">") else {
                    throw failure("the XML declaration must end with '?>'", at: at)
                }
                guard seen.first == "version" else { throw failure("the XML declaration has no version", at: at) }
                commit(to: at + 2)
                return true
            }
            guard at > blankStart else { throw failure("the XML declaration needs a space here", at: at) }
            let nameStart = at
            while at < filled, storage[at] >= UInt8(ascii: "a"), storage[at] <= UInt8(ascii: "z") { at += 1 }
            let name = String(
                decoding: UnsafeBufferPointer(start: storage + nameStart, count: at - nameStart), as: UTF8.self)
            while at < filled, isBlank(storage[at]) { at += 1 }
            guard at + 1 < filled else { return false }
            let order = ["version", "encoding", "standalone"]
            guard let rank = order.firstIndex(of: name), seen.allSatisfy({ order.firstIndex(of: $0)! < rank }),
                rank == 0 || !seen.isEmpty
            else {
                throw failure(
                    "the XML declaration has \(quoted(name)) where it allows version, encoding, standalone",
                    at: nameStart)
            }
            guard storage[at] == UInt8(ascii: "=") else {
                throw failure("the XML declaration expects '=' here", at: at)
            }
            at += 1
            while at < filled, isBlank(storage[at]) { at += 1 }
            guard at < filled else { return false }
            let quote = storage[at]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw failure("the XML declaration's \(name) must be quoted", at: at)
            }
            let valueStart = at + 1
            at = valueStart
            while at < filled, storage[at] != quote {
                guard storage[at] >= 0x20, storage[at] < 0x80, storage[at] != UInt8(ascii: "<") else {
                    throw failure("the XML declaration's \(name) has a character it does not allow", at: at)
                }
                at += 1
            }
            guard at < filled else { return false }
            if name == "version" {
                let value = UnsafeBufferPointer(start: storage + valueStart, count: at - valueStart)
                guard value.count >= 3, value[0] == UInt8(ascii: "1"), value[1] == UInt8(ascii: "."),
                    value.dropFirst(2).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                else {
                    throw failure("XML version \(String(decoding: value, as: UTF8.self)) is not 1.x", at: valueStart)
                }
            }
            seen.append(name)
            at += 1
        }
    }

    /// Blank space, comments, processing instructions and the root element, before or after the root.
    private func misc() throws -> Bool {
        var at = position
        while at < filled, isBlank(storage[at]) { at += 1 }
        commit(to: at)
        guard at < filled else { return false }
        guard storage[at] == UInt8(ascii: "<") else {
            if phase == .epilog { throw failure("Extra content at the end of the document", at: at) }
            throw failure("Start tag expected, '<' not found", at: at)
        }
        guard at + 1 < filled else { return false }
        switch storage[at + 1] {
        case UInt8(ascii: "?"): return try processingInstruction()
        case UInt8(ascii: "!"):
            if phase == .prolog && (filled - at < 9 && !final) { return false }
            if phase == .prolog && matches("<!DOCTYPE", at: at) {
                var nameAt = at + 9
                while nameAt < filled, isBlank(storage[nameAt]) { nameAt += 1 }
                var nameEnd = nameAt
                while nameEnd < filled, nameEnd - nameAt < 80, nameClass[Int(storage[nameEnd])] != 0 { nameEnd += 1 }
                let name = String(
                    decoding: UnsafeBufferPointer(start: storage + nameAt, count: nameEnd - nameAt), as: UTF8.self)
                throw failure(
                    "the file has a DOCTYPE (\(name)); DTDs and entity declarations are refused", at: at)
            }
            return try commentOrSection()
        case UInt8(ascii: "/"):
            throw failure("an end tag with no element open", at: at)
        default:
            if phase == .epilog { throw failure("Extra content at the end of the document", at: at) }
            return try startTag()
        }
    }

    /// Text and markup inside the root element: the path nearly every byte of a file takes.
    private func content() throws -> Bool {
        let base = storage
        let classes = textClass
        let end = filled
        var at = position
        var textStart = at
        while true {
            while at < end, classes[Int(base[at])] == 0 { at += 1 }
            if at == end {
                try deliver(from: textStart, to: at)
                position = at
                return false
            }
            switch base[at] {
            case 0x0A:
                line += 1
                lineStart = origin + at + 1
                at += 1
            case UInt8(ascii: "<"):
                try deliver(from: textStart, to: at)
                position = at
                guard try markup() else { return false }
                if phase != .content { return true }
                at = position
                textStart = at
            case UInt8(ascii: "&"):
                try deliver(from: textStart, to: at)
                position = at
                guard try textReference() else { return false }
                at = position
                textStart = at
            case 0x0D:
                try deliver(from: textStart, to: at)
                guard at + 1 < end || final else {
                    position = at
                    return false
                }
                if at + 1 < end && base[at + 1] == 0x0A {
                    at += 1
                    textStart = at
                } else {
                    if handler.wantsText { try handler.text(newlineByte, line: line) }
                    line += 1
                    lineStart = origin + at + 1
                    at += 1
                    textStart = at
                }
            case UInt8(ascii: "]"):
                guard at + 2 < end else {
                    if final { at += 1; continue }
                    try deliver(from: textStart, to: at)
                    position = at
                    return false
                }
                if base[at + 1] == UInt8(ascii: "]") && base[at + 2] == UInt8(ascii: ">") {
                    position = at
                    throw failure("Sequence ']]>' not allowed in content", at: at)
                }
                at += 1
            case let byte where byte >= 0x80:
                let length = utf8Length(at: at, end: end)
                if length > 0 {
                    at += length
                } else if length == 0 && !final {
                    try deliver(from: textStart, to: at)
                    position = at
                    return false
                } else {
                    position = at
                    throw notUTF8(at: at)
                }
            default:
                position = at
                throw failure(
                    "a control character (0x\(hex(base[at]))) that XML does not allow", at: at)
            }
        }
    }

    /// Hands `storage[from..<to]`, checked text, to the handler if it wants it.
    @inline(__always)
    private func deliver(from: Int, to: Int) throws {
        guard to > from, handler.wantsText else { return }
        try handler.text(UnsafeBufferPointer(start: storage + from, count: to - from), line: line)
    }

    /// The markup at `position` (a `<`) inside the root element.
    private func markup() throws -> Bool {
        let at = position
        guard at + 1 < filled else { return false }
        switch storage[at + 1] {
        case UInt8(ascii: "/"): return try endTag()
        case UInt8(ascii: "!"): return try commentOrSection()
        case UInt8(ascii: "?"): return try processingInstruction()
        default: return try startTag()
        }
    }

    // MARK: Tags

    private func startTag() throws -> Bool {
        let base = storage
        let end = filled
        var at = position + 1
        let nameStart = at
        guard let nameEnd = try name(at: at, what: "an element name") else { return false }
        at = nameEnd
        spanCount = 0
        scratch.removeAll()
        var declared: [Binding] = []
        var empty = false
        // Whether the tag holds a line break (rare): only then is it scanned again for them.
        var breaks = false
        valueBreaks = false
        while true {
            let blankStart = at
            while at < end, isBlank(base[at]) {
                breaks = breaks || base[at] == 0x0A
                at += 1
            }
            guard at < end else { return false }
            let byte = base[at]
            if byte == UInt8(ascii: ">") {
                at += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                guard at + 1 < end else { return false }
                guard base[at + 1] == UInt8(ascii: ">") else {
                    throw failure("expected '>' after '/' in a tag", at: at + 1)
                }
                at += 2
                empty = true
                break
            }
            guard at > blankStart else {
                throw failure("attributes must be separated by blank space", at: at)
            }
            let attributeStart = at
            guard let attributeEnd = try name(at: at, what: "an attribute name") else { return false }
            at = attributeEnd
            while at < end, isBlank(base[at]) {
                breaks = breaks || base[at] == 0x0A
                at += 1
            }
            guard at < end else { return false }
            guard base[at] == UInt8(ascii: "=") else {
                throw failure("attribute \(text(attributeStart, attributeEnd)) has no value ('=' expected)", at: at)
            }
            at += 1
            while at < end, isBlank(base[at]) {
                breaks = breaks || base[at] == 0x0A
                at += 1
            }
            guard at < end else { return false }
            guard let value = try attributeValue(at: at) else { return false }
            at = value.end
            let attributeColon = try qualifiedColon(from: attributeStart, to: attributeEnd)
            // Namespace declarations count toward the limit too: each is compared with the others of its tag.
            guard spanCount + declared.count < XMLLimits.maxAttributes else {
                throw failure(
                    "more than \(XMLLimits.maxAttributes) attributes on one element; refused", at: attributeStart)
            }
            if let declaration = try namespaceDeclaration(
                attributeStart, attributeEnd, colon: attributeColon, value: value)
            {
                guard !declared.contains(where: { $0.prefix == declaration.prefix }) else {
                    throw failure("namespace \(text(attributeStart, attributeEnd)) declared twice", at: attributeStart)
                }
                declared.append(declaration)
                continue
            }
            let span = AttributeSpan(
                prefixStart: attributeStart, prefixCount: attributeColon.map { $0 - attributeStart } ?? 0,
                localStart: attributeColon.map { $0 + 1 } ?? attributeStart,
                localCount: attributeEnd - (attributeColon.map { $0 + 1 } ?? attributeStart),
                valueStart: value.start, valueCount: value.count, valueInScratch: value.inScratch)
            for other in UnsafeBufferPointer(start: spans, count: spanCount)
            where other.prefixCount == span.prefixCount && other.localCount == span.localCount
                && sameBytes(base + other.localStart, base + span.localStart, span.localCount)
                && sameBytes(base + other.prefixStart, base + span.prefixStart, span.prefixCount)
            {
                throw failure("attribute \(text(attributeStart, attributeEnd)) given twice", at: attributeStart)
            }
            (spans + spanCount).initialize(to: span)
            spanCount += 1
        }
        let tagStart = position
        guard open.count < XMLLimits.maxDepth else {
            throw failure("elements nested deeper than \(XMLLimits.maxDepth) levels; refused", at: tagStart)
        }
        if phase == .epilog { throw failure("Extra content at the end of the document", at: tagStart) }
        let bindingsBefore = bindings.count
        if !declared.isEmpty {
            // Bounded, as a prefix is looked up by a scan of those in scope.
            guard bindings.count + declared.count <= XMLLimits.maxNamespaces else {
                throw failure(
                    "more than \(XMLLimits.maxNamespaces) namespace declarations in scope; refused", at: tagStart)
            }
            bindings.append(contentsOf: declared)
            scope &+= 1
        }
        // Prefixes must be declared (`xml` always is); two prefixes for one namespace may not name one attribute twice.
        let attributes = UnsafeBufferPointer(start: spans, count: spanCount)
        if attributes.contains(where: { $0.prefixCount > 0 }) {
            // Each prefix resolved once; then compared pairwise, as the attributes are at most 256.
            let uris = try attributes.map { span in
                span.prefixCount > 0 ? try resolve(prefixStart: span.prefixStart, count: span.prefixCount) : nil
            }
            for (index, span) in attributes.enumerated() where span.prefixCount > 0 {
                for (otherIndex, other) in attributes[..<index].enumerated()
                where other.prefixCount > 0 && other.localCount == span.localCount
                    && sameBytes(base + other.localStart, base + span.localStart, span.localCount)
                    && uris[otherIndex] == uris[index]
                {
                    throw failure(
                        "attribute \(text(span.localStart, span.localStart + span.localCount)) given twice in namespace "
                            + (uris[index] ?? ""), at: span.prefixStart)
                }
            }
        }
        let elementID = try elementID(nameStart: nameStart, nameEnd: nameEnd)
        if breaks || valueBreaks {
            commit(to: at)
        } else {
            position = at
        }
        if phase == .prolog {
            phase = .content
        }
        if !empty {
            let nameOffset = openNames.append(UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart))
            open.append(
                OpenElement(nameStart: nameOffset, nameCount: nameEnd - nameStart, bindings: bindingsBefore, line: line)
            )
        }
        try handler.start(
            element: elementID, attributes: XMLAttributes(input: base, scratch: scratch.base, spans: attributes),
            line: line)
        if empty {
            try handler.end(line: line)
            popBindings(to: bindingsBefore)
            if open.isEmpty { phase = .epilog }
        }
        return true
    }

    private func endTag() throws -> Bool {
        let base = storage
        var at = position + 2
        let nameStart = at
        guard let nameEnd = try name(at: at, what: "an element name") else { return false }
        at = nameEnd
        while at < filled, isBlank(base[at]) { at += 1 }
        guard at < filled else { return false }
        guard base[at] == UInt8(ascii: ">") else { throw failure("expected '>' to end the end tag", at: at) }
        guard let element = open.last else { throw failure("an end tag with no element open", at: position) }
        let count = nameEnd - nameStart
        let same = count == element.nameCount && sameBytes(openNames.base + element.nameStart, base + nameStart, count)
        guard same else {
            throw failure(
                "Opening and ending tag mismatch: <\(openName(open.count - 1))> (line \(element.line)) is closed by </\(text(nameStart, nameEnd))>",
                at: position)
        }
        commit(to: at + 1)
        open.removeLast()
        openNames.removeLast(count)
        try handler.end(line: line)
        popBindings(to: element.bindings)
        if open.isEmpty { phase = .epilog }
        return true
    }

    private func popBindings(to count: Int) {
        guard bindings.count > count else { return }
        bindings.removeLast(bindings.count - count)
        scope &+= 1
    }

    /// The end of the name starting at `at`, nil when the bytes run out first.
    @inline(__always)
    private func name(at start: Int, what: String) throws -> Int? {
        let base = storage
        var at = start
        guard at < filled else { return nil }
        if nameClass[Int(base[at])] == 1 {
            at += 1
        } else if base[at] >= 0x80 {
            guard let length = try nameCharacter(at: at, first: true) else { return nil }
            at += length
        } else {
            throw failure("\(what) is expected here", at: at)
        }
        while true {
            while at < filled, nameClass[Int(base[at])] != 0 { at += 1 }
            guard at < filled else { return nil }
            guard base[at] >= 0x80 else { return at }
            guard let length = try nameCharacter(at: at, first: false) else { return nil }
            if length < 0 { return at }
            at += length
        }
    }

    /// The length of the non-ASCII character at `at` if names may hold it (-1 if not, for a character after the
    /// first; an error for the first), nil when the bytes run out first.
    private func nameCharacter(at: Int, first: Bool) throws -> Int? {
        guard let length = try checkedLength(at: at) else { return nil }
        let scalar = decodeScalar(at: at, length: length)
        let start =
            (0xC0...0xD6).contains(scalar) || (0xD8...0xF6).contains(scalar) || (0xF8...0x2FF).contains(scalar)
            || (0x370...0x37D).contains(scalar) || (0x37F...0x1FFF).contains(scalar)
            || (0x200C...0x200D).contains(scalar) || (0x2070...0x218F).contains(scalar)
            || (0x2C00...0x2FEF).contains(scalar) || (0x3001...0xD7FF).contains(scalar)
            || (0xF900...0xFDCF).contains(scalar) || (0xFDF0...0xFFFD).contains(scalar)
            || (0x10000...0xEFFFF).contains(scalar)
        if start { return length }
        let later = scalar == 0xB7 || (0x300...0x36F).contains(scalar) || (0x203F...0x2040).contains(scalar)
        if later && !first { return length }
        if first { throw failure("a name cannot start with U+\(String(scalar, radix: 16, uppercase: true))", at: at) }
        return -1
    }

    /// The place of the colon in the qualified name `storage[from..<to]`, checking it has at most one, inside.
    @inline(__always)
    private func qualifiedColon(from: Int, to: Int) throws -> Int? {
        var at = from
        while at < to && storage[at] != UInt8(ascii: ":") { at += 1 }
        guard at < to else { return nil }
        return try checkedColon(at, from: from, to: to)
    }

    private func checkedColon(_ at: Int, from: Int, to: Int) throws -> Int {
        guard at > from, at + 1 < to, nameClass[Int(storage[at + 1])] == 1 || storage[at + 1] >= 0x80,
            !UnsafeBufferPointer(start: storage + at + 1, count: to - at - 1).contains(UInt8(ascii: ":"))
        else {
            throw failure("\(quoted(text(from, to))) is not a valid qualified name", at: from)
        }
        return at
    }

    /// The namespace declaration an attribute makes (`xmlns="…"` or `xmlns:p="…"`), if it is one.
    private func namespaceDeclaration(
        _ start: Int, _ end: Int, colon: Int?, value: (start: Int, count: Int, inScratch: Bool, end: Int)
    ) throws -> Binding? {
        let prefix: [UInt8]
        if colon == nil {
            guard matches("xmlns", at: start), end - start == 5 else { return nil }
            prefix = []
        } else {
            guard let colon, colon - start == 5, matches("xmlns", at: start) else { return nil }
            prefix = Array(UnsafeBufferPointer(start: storage + colon + 1, count: end - colon - 1))
        }
        let valueBase = value.inScratch ? UnsafePointer(scratch.base) : UnsafePointer(storage)
        let uri = String(
            decoding: UnsafeBufferPointer(start: valueBase + value.start, count: value.count), as: UTF8.self)
        if prefix == Array("xmlns".utf8) || (prefix == Array("xml".utf8) && uri != xmlNamespace) {
            throw failure("the prefix \(String(decoding: prefix, as: UTF8.self)) cannot be declared", at: start)
        }
        if !prefix.isEmpty && uri.isEmpty {
            throw failure("namespace prefix \(String(decoding: prefix, as: UTF8.self)) declared empty", at: start)
        }
        return Binding(prefix: prefix, uri: uri.isEmpty ? nil : uri)
    }

    /// The namespace bound to the prefix `storage[prefixStart..<prefixStart + count]` (empty: the default one).
    private func resolve(prefixStart: Int, count: Int) throws -> String? {
        let prefix = UnsafeBufferPointer(start: storage + prefixStart, count: count)
        for binding in bindings.reversed() where binding.prefix.count == count && binding.prefix.elementsEqual(prefix) {
            return binding.uri
        }
        if count == 0 { return nil }
        if count == 3 && matches("xml", at: prefixStart) { return xmlNamespace }
        throw failure(
            "namespace prefix \(String(decoding: prefix, as: UTF8.self)) is not declared", at: prefixStart)
    }

    /// The id of the element name `storage[nameStart..<nameEnd]` in the current scope. A name the cache holds was
    /// checked as a qualified name when it was first read.
    @inline(__always)
    private func elementID(nameStart: Int, nameEnd: Int) throws -> Int {
        let qualified = UnsafeBufferPointer(start: storage + nameStart, count: nameEnd - nameStart)
        if let cached = names.cached(qualified, scope: scope) { return cached }
        return try declaredID(nameStart: nameStart, nameEnd: nameEnd)
    }

    private func declaredID(nameStart: Int, nameEnd: Int) throws -> Int {
        let qualified = UnsafeBufferPointer(start: storage + nameStart, count: nameEnd - nameStart)
        let colon = try qualifiedColon(from: nameStart, to: nameEnd)
        let uri = try resolve(prefixStart: nameStart, count: colon.map { $0 - nameStart } ?? 0)
        let localStart = colon.map { $0 + 1 } ?? nameStart
        let local = UnsafeBufferPointer(start: storage + localStart, count: nameEnd - localStart)
        guard
            let id = names.id(
                qualified, scope: scope, local: local, uri: uri,
                declare: { handler.declare(element: $0, local: $1, namespace: $2) })
        else {
            throw failure(
                "more than \(ElementNames.maxNames) distinct element names; refused (IATI has about 200)", at: nameStart
            )
        }
        return id
    }

    /// A quoted attribute value at `at`: where it is (in the input, or decoded in `scratch`), and the offset after
    /// its closing quote; nil when the bytes run out first.
    private func attributeValue(at start: Int) throws -> (start: Int, count: Int, inScratch: Bool, end: Int)? {
        let base = storage
        let quote = base[start]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw failure("an attribute value must be quoted", at: start)
        }
        var at = start + 1
        let valueStart = at
        // The fast path: nothing to decode.
        while at < filled {
            let byte = base[at]
            if byte == quote { return (valueStart, at - valueStart, false, at + 1) }
            if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") { break }
            at += 1
        }
        guard at < filled else { return nil }
        if base[at] >= 0x80 {
            // Non-ASCII is checked in place; only references and line breaks need decoding.
            while at < filled {
                let byte = base[at]
                if byte == quote { return (valueStart, at - valueStart, false, at + 1) }
                if byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") { break }
                if byte >= 0x80 {
                    guard let length = try checkedLength(at: at) else { return nil }
                    at += length
                } else {
                    at += 1
                }
            }
            guard at < filled else { return nil }
        }
        // The slow path: copy into `scratch`, decoding as XML says (references replaced; tab, line feed and
        // carriage return, alone or as `\r\n`, become one space each).
        let scratchStart = scratch.count
        scratch.append(UnsafeBufferPointer(start: base + valueStart, count: at - valueStart))
        while at < filled {
            let byte = base[at]
            switch byte {
            case quote:
                return (scratchStart, scratch.count - scratchStart, true, at + 1)
            case UInt8(ascii: "<"):
                throw failure("'<' is not allowed in an attribute value", at: at)
            case UInt8(ascii: "&"):
                guard let end = try reference(at: at, into: { self.scratch.append($0) }) else { return nil }
                at = end
            case 0x0D:
                guard at + 1 < filled else { return nil }
                if base[at + 1] != 0x0A { appendSpace() }
                at += 1
            case 0x09, 0x0A:
                valueBreaks = valueBreaks || byte == 0x0A
                appendSpace()
                at += 1
            case 0..<0x20:
                throw failure("a control character (0x\(hex(byte))) that XML does not allow", at: at)
            case 0x80...:
                guard let length = try checkedLength(at: at) else { return nil }
                scratch.append(UnsafeBufferPointer(start: base + at, count: length))
                at += length
            default:
                scratch.append(UnsafeBufferPointer(start: base + at, count: 1))
                at += 1
            }
        }
        return nil
    }

    private func appendSpace() {
        let space: StaticString = " "
        scratch.append(UnsafeBufferPointer(start: space.utf8Start, count: 1))
    }

    // MARK: References

    /// A reference in text at `position`, handed to the handler as the text it stands for.
    private func textReference() throws -> Bool {
        let wants = handler.wantsText
        guard
            let end = try reference(
                at: position, into: { bytes in if wants { try self.handler.text(bytes, line: self.line) } })
        else { return false }
        position = end
        return true
    }

    /// The entity or character reference at `at` (a `&`): gives `emit` what it stands for and returns the offset
    /// after its `;`, or nil when the bytes run out first.
    private func reference(at start: Int, into emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int? {
        let base = storage
        var at = start + 1
        guard at < filled else { return final ? try bareAmpersand(start) : nil }
        if base[at] == UInt8(ascii: "#") {
            at += 1
            guard at < filled else { return final ? try bareAmpersand(start) : nil }
            let hexadecimal = base[at] == UInt8(ascii: "x")
            if hexadecimal { at += 1 }
            var value: UInt32 = 0
            let digitsStart = at
            while at < filled, at - digitsStart <= 8 {
                let byte = base[at]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hexadecimal:
                    digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hexadecimal:
                    digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: digit = 99
                }
                if digit == 99 { break }
                value = value * (hexadecimal ? 16 : 10) + digit
                at += 1
            }
            guard at < filled else { return final ? try badCharacterReference(start) : nil }
            guard at > digitsStart, base[at] == UInt8(ascii: ";") else { return try badCharacterReference(start) }
            guard Self.isXMLCharacter(value), let scalar = Unicode.Scalar(value) else {
                throw failure(
                    "invalid xmlChar value \(value) (a character reference to a character XML does not allow)",
                    at: start)
            }
            var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            try withUnsafeMutableBytes(of: &bytes) { raw in
                var count = 0
                UTF8.encode(scalar) { unit in
                    raw[count] = unit
                    count += 1
                }
                try emit(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
            }
            return at + 1
        }
        guard nameClass[Int(base[at])] == 1 || base[at] >= 0x80 else { return try bareAmpersand(start) }
        guard let nameEnd = try name(at: at, what: "an entity name") else {
            return final ? try bareAmpersand(start) : nil
        }
        guard nameEnd < filled else { return final ? try bareAmpersand(start) : nil }
        guard base[nameEnd] == UInt8(ascii: ";") else { return try bareAmpersand(start) }
        let entity = UnsafeBufferPointer(start: base + at, count: nameEnd - at)
        let replacement: StaticString
        switch entity.count {
        case 2 where entity[0] == UInt8(ascii: "l") && entity[1] == UInt8(ascii: "t"): replacement = "<"
        case 2 where entity[0] == UInt8(ascii: "g") && entity[1] == UInt8(ascii: "t"): replacement = ">"
        case 3 where entity.elementsEqual("amp".utf8): replacement = "&"
        case 4 where entity.elementsEqual("apos".utf8): replacement = "'"
        case 4 where entity.elementsEqual("quot".utf8): replacement = "\""
        default:
            throw failure("undeclared entity &\(String(decoding: entity, as: UTF8.self));", at: start)
        }
        try emit(UnsafeBufferPointer(start: replacement.utf8Start, count: 1))
        return nameEnd + 1
    }

    private func bareAmpersand(_ at: Int) throws -> Int? {
        throw failure(
            "a '&' that begins no entity reference (in XML a plain '&' is written '&amp;')", at: at)
    }

    private func badCharacterReference(_ at: Int) throws -> Int? {
        throw failure("a character reference must be &#digits; or &#xhex-digits;", at: at)
    }

    /// Whether XML 1.0 allows the character `value`.
    static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    // MARK: Comments, CDATA sections and processing instructions

    /// `<!--…-->` anywhere, `<![CDATA[…]]>` inside the root; any other `<!` is refused.
    private func commentOrSection() throws -> Bool {
        let at = position
        if matches("<!--", at: at) {
            guard let end = try scanChecked(from: at + 4, until: "--") else { return false }
            guard end + 2 < filled else { return false }
            guard storage[end + 2] == UInt8(ascii: ">") else {
                throw failure("'--' is not allowed inside a comment", at: end)
            }
            commit(to: end + 3)
            return true
        }
        if filled - at < 9 && !final {
            let have = UnsafeBufferPointer(start: storage + at, count: filled - at)
            if "<![CDATA[".utf8.starts(with: have) || "<!--".utf8.starts(with: have) { return false }
        }
        if phase == .content && matches("<![CDATA[", at: at) {
            guard let end = try scanChecked(from: at + 9, until: "]]>") else { return false }
            if handler.wantsText {
                try deliverNormalised(from: at + 9, to: end)
            }
            commit(to: end + 3)
            return true
        }
        throw failure(
            "'<!' here opens neither a comment ('<!--') nor a CDATA section ('<![CDATA['): a DOCTYPE or other "
                + "declaration cannot appear inside the document", at: at)
    }

    /// `<?target …?>`; a target `xml` (in any case) is refused here, as the XML declaration is only at the start.
    private func processingInstruction() throws -> Bool {
        let at = position
        guard let targetEnd = try name(at: at + 2, what: "a processing instruction's target") else { return false }
        let target = UnsafeBufferPointer(start: storage + at + 2, count: targetEnd - at - 2)
        if target.count == 3 && String(decoding: target, as: UTF8.self).lowercased() == "xml" {
            throw failure("an XML declaration is allowed only at the start of the file", at: at)
        }
        guard targetEnd < filled else { return false }
        if !isBlank(storage[targetEnd]) && storage[targetEnd] != UInt8(ascii: "?") {
            throw failure("a processing instruction's target must be followed by a space or '?>'", at: targetEnd)
        }
        guard let end = try scanChecked(from: targetEnd, until: "?>") else { return false }
        commit(to: end + 2)
        return true
    }

    /// The offset of the first `terminator` from `start`, every byte before it checked as XML characters; nil when
    /// the bytes run out first.
    private func scanChecked(from start: Int, until terminator: StaticString) throws -> Int? {
        let first = terminator.utf8Start[0]
        var at = start
        while at < filled {
            let byte = storage[at]
            if byte == first {
                guard at + terminator.utf8CodeUnitCount <= filled else { return nil }
                if memcmp(storage + at, terminator.utf8Start, terminator.utf8CodeUnitCount) == 0 { return at }
                at += 1
            } else if byte >= 0x80 {
                guard let length = try checkedLength(at: at) else { return nil }
                at += length
            } else if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                throw failure("a control character (0x\(hex(byte))) that XML does not allow", at: at)
            } else {
                at += 1
            }
        }
        return nil
    }

    /// Hands checked text to the handler with `\r\n` and `\r` as `\n`.
    private func deliverNormalised(from start: Int, to end: Int) throws {
        var pieceStart = start
        var at = start
        while at < end {
            if storage[at] == 0x0D {
                try deliver(from: pieceStart, to: at)
                if at + 1 < end && storage[at + 1] == 0x0A {
                    pieceStart = at + 1
                } else {
                    try handler.text(newlineByte, line: line)
                    pieceStart = at + 1
                }
            }
            at += 1
        }
        try deliver(from: pieceStart, to: end)
    }

    // MARK: Bytes

    /// The length of the well-formed UTF-8 sequence of an XML character at `at`: 0 when the bytes run out before
    /// it ends, -1 when it is not UTF-8 or not a character XML allows (surrogates, U+FFFE, U+FFFF).
    @inline(__always)
    private func utf8Length(at: Int, end: Int) -> Int {
        let base = storage
        let lead = base[at]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return -1
        }
        guard at + 1 < end else { return 0 }
        guard base[at + 1] >= lower && base[at + 1] <= upper else { return -1 }
        for offset in 2..<length {
            guard at + offset < end else { return 0 }
            guard base[at + offset] & 0xC0 == 0x80 else { return -1 }
        }
        if lead == 0xEF && base[at + 1] == 0xBF && base[at + 2] >= 0xBE { return -1 }
        return length
    }

    /// The length of the UTF-8 character at `at` (an XML character), nil when the bytes run out before it ends and
    /// more may come; an error when it is not UTF-8 or not an XML character.
    private func checkedLength(at: Int) throws -> Int? {
        let length = utf8Length(at: at, end: filled)
        if length == 0 && !final { return nil }
        guard length > 0 else { throw notUTF8(at: at) }
        return length
    }

    private func decodeScalar(at: Int, length: Int) -> UInt32 {
        var value = UInt32(storage[at]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(storage[at + offset] & 0x3F) }
        return value
    }

    private func notUTF8(at: Int) -> IngestError {
        let bytes = UnsafeBufferPointer(start: storage + at, count: min(4, filled - at)).map { "0x" + hex($0) }
        return failure(
            "Input is not proper UTF-8 (the file has bytes that are not UTF-8, or a character XML does not allow): "
                + bytes.joined(separator: " "), at: at)
    }

    private func matches(_ literal: StaticString, at: Int) -> Bool {
        literal.utf8CodeUnitCount <= filled - at
            && memcmp(storage + at, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    private func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: storage + from, count: to - from), as: UTF8.self)
    }
}

/// Whether the `count` bytes at `left` and `right` are the same: for names, a few bytes long, where a loop beats a call
/// to `memcmp`.
@inline(__always)
func sameBytes(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    while index < count {
        if left[index] != right[index] { return false }
        index += 1
    }
    return true
}

/// The namespace the prefix `xml` is bound to, always.
private let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

/// A line feed, for a carriage return read as one (a static string's bytes, which never move).
private var newlineByte: UnsafeBufferPointer<UInt8> {
    let text: StaticString = "\n"
    return UnsafeBufferPointer(start: text.utf8Start, count: 1)
}

private func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
}

/// What each byte is to the scanner.
enum ByteClasses {
    /// In text: 0 for a byte that needs no attention (printable ASCII but `<`, `&` and `]`, and tab), else 1.
    static let text: [UInt8] = (0..<256).map { byte in
        (byte >= 0x20 && byte < 0x80 && byte != 0x3C && byte != 0x26 && byte != 0x5D) || byte == 0x09 ? 0 : 1
    }

    /// In names: 1 for an ASCII byte that may start a name, 2 for one that may only continue it, 0 otherwise
    /// (bytes above 0x7F are decoded and checked apart).
    static let name: [UInt8] = (0..<256).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar == ":" { return 1 }
        return ("0"..."9").contains(scalar) || scalar == "-" || scalar == "." ? 2 : 0
    }
}

/// Numbers element names by namespace and local name. A cache keyed by the name as written (and the namespace
/// scope it was read in) answers most elements with one comparison of their bytes; misses go to a dictionary. Every
/// name is kept for the whole parse, so their number is bounded.
struct ElementNames: ~Copyable {
    /// Distinct names numbered at most: a file with more is refused (IATI has about 200; this bounds the table to
    /// about 1 MB where the limit on a tag, 10 MB, would allow millions).
    static let maxNames = 4096
    static let slotCount = 1024

    private struct Slot {
        /// Where the name as written is in `written`; count -1 for an empty slot.
        var start: Int
        var count: Int
        var scope: Int
        var id: Int
    }

    private let slots: UnsafeMutablePointer<Slot>
    /// The names the slots hold, as written, end to end (at most one per name and scope seen).
    private var written = GrowingBytes(capacity: 4096)
    /// Every name seen, as `URI \0 local` bytes (no URI: just `\0 local`).
    private var ids: [[UInt8]: Int] = [:]

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(start: 0, count: -1, scope: 0, id: 0), count: Self.slotCount)
    }

    deinit { slots.deallocate() }

    /// A slot from the name's bytes (FNV-1a: names are a few bytes long) and the scope.
    @inline(__always)
    private static func slot(_ name: UnsafeBufferPointer<UInt8>, scope: Int) -> Int {
        var hash: UInt32 = 2_166_136_261 ^ UInt32(truncatingIfNeeded: scope)
        for byte in name { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 15)) & (slotCount - 1)
    }

    /// The id of the name written `name` in namespace scope `scope`, if the cache holds it.
    @inline(__always)
    func cached(_ name: UnsafeBufferPointer<UInt8>, scope: Int) -> Int? {
        let slot = slots[Self.slot(name, scope: scope)]
        guard slot.count == name.count, slot.scope == scope,
            sameBytes(written.base + slot.start, name.baseAddress!, name.count)
        else { return nil }
        return slot.id
    }

    /// The id of the element named `local` in namespace `uri` (written `name` in scope `scope`), declaring a name
    /// seen for the first time; nil for a name past `maxNames`.
    mutating func id(
        _ name: UnsafeBufferPointer<UInt8>, scope: Int, local: UnsafeBufferPointer<UInt8>, uri: String?,
        declare: (Int, String, String?) -> Void
    ) -> Int? {
        let key = Array((uri ?? "").utf8) + [0] + Array(local)
        let id: Int
        if let known = ids[key] {
            id = known
        } else {
            guard ids.count < Self.maxNames else { return nil }
            id = ids.count
            ids[key] = id
            declare(id, String(decoding: local, as: UTF8.self), uri)
        }
        // The written names grow by at most one per miss; past a bound (scopes changing on every element) they
        // start again, as no slot need outlive a miss.
        if written.count > 1 << 20 {
            written.removeAll()
            slots.update(repeating: Slot(start: 0, count: -1, scope: 0, id: 0), count: Self.slotCount)
        }
        let start = written.append(name)
        slots[Self.slot(name, scope: scope)] = Slot(start: start, count: name.count, scope: scope, id: id)
        return id
    }
}
