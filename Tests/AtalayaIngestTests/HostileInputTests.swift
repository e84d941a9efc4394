import AtalayaDomain
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

@Suite("Hostile and broken input: a clear error with a place, never a crash or a hang")
struct HostileInputTests {
    static let head = #"<iati-activities version="2.03">"#

    func expectRefused(_ name: String, _ contents: Data, mentioning text: String, line: Bool = true) throws {
        let path = try Scratch.file(name, contents: contents)
        let error = #expect(throws: IngestError.self) { _ = try readAll(path) }
        #expect(error?.message.localizedCaseInsensitiveContains(text) == true, "\(String(describing: error))")
        if line { #expect(error?.line != nil, "\(String(describing: error))") }
        #expect(error?.file == path)
    }

    @Test("billion laughs: the DOCTYPE is refused before any expansion")
    func billionLaughs() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            xml +=
                "<!ENTITY lol\(level) \""
                + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        xml +=
            "]>\n" + Self.head
            + "<iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>"
        try expectRefused("synthetic-billion-laughs.xml", Data(xml.utf8), mentioning: "DOCTYPE")
    }

    @Test("external entity: refused, nothing fetched or read")
    func externalEntity() throws {
        let xml =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + Self.head + "<iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>"
        try expectRefused("synthetic-xxe.xml", Data(xml.utf8), mentioning: "DOCTYPE")
    }

    @Test("an undeclared entity is an error, not silently dropped text")
    func undeclaredEntity() throws {
        let xml =
            Self.head + "<iati-activity><iati-identifier>A&nbsp;B</iati-identifier></iati-activity></iati-activities>"
        try expectRefused("synthetic-undeclared-entity.xml", Data(xml.utf8), mentioning: "nbsp")
    }

    @Test("0xFF inside an element name")
    func invalidByteInName() throws {
        var bytes = Array((Self.head + "<iati-activity><iati-identifier>X</iati-identifier><ti").utf8)
        bytes.append(0xFF)
        bytes += Array("tle/></iati-activity></iati-activities>".utf8)
        try expectRefused("synthetic-0xff.xml", Data(bytes), mentioning: "UTF-8")
    }

    @Test("bytes that are not UTF-8 in text")
    func latin1Text() throws {
        var bytes = Array((Self.head + "<iati-activity><iati-identifier>Bogot").utf8)
        bytes.append(0xE1)  // Latin-1 'á'
        bytes += Array("</iati-identifier></iati-activity></iati-activities>".utf8)
        try expectRefused("synthetic-latin1.xml", Data(bytes), mentioning: "UTF-8")
    }

    @Test("a DOCTYPE inside the document is named for what it is, at its place, not as a parser's internal error")
    func doctypeInContent() throws {
        let xml = Self.head + "\n<iati-activity><iati-identifier>X</iati-identifier><!DOCTYPE x></iati-activity>"
        let path = try Scratch.file("synthetic-doctype-inside.xml", xml + "</iati-activities>")
        let error = #expect(throws: IngestError.self) { _ = try readAll(path) }
        #expect(error?.line == 2 && error?.column == 52, "\(String(describing: error))")
        #expect(error?.message.contains("a DOCTYPE or other declaration cannot appear") == true)
        #expect(error?.message.contains("internal error") == false)
    }

    @Test("a bare '&' and a reference to a character XML forbids are explained in plain words")
    func bareAmpersand() throws {
        try expectRefused(
            "synthetic-bare-ampersand.xml",
            Data((Self.head + "<iati-activity><iati-identifier>R&D 1</iati-identifier></iati-activity>").utf8),
            mentioning: "a plain '&' is written '&amp;'")
        try expectRefused(
            "synthetic-char-ref.xml",
            Data((Self.head + "<iati-activity><iati-identifier>X&#1;</iati-identifier></iati-activity>").utf8),
            mentioning: "invalid xmlChar value 1 (a character reference to a character XML does not allow)")
    }

    @Test("a declared encoding other than UTF-8")
    func declaredLatin1() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + Self.head + "</iati-activities>"
        try expectRefused("synthetic-declared-latin1.xml", Data(xml.utf8), mentioning: "UTF-8")
    }

    @Test("a processing instruction alone is not a document; beside a root it is ignored")
    func processingInstruction() throws {
        try expectRefused("synthetic-pi.xml", Data("<?x?>".utf8), mentioning: "no root element")
        let path = try Scratch.file("synthetic-pi-ok.xml", "<?x?>" + Self.head + "</iati-activities>")
        let (facts, activities, _) = try readAll(path)
        #expect(facts.version == "2.03" && activities.isEmpty)
    }

    @Test("a truncated file")
    func truncated() throws {
        let xml = Self.head + "<iati-activity><iati-identifier>X</iati-identifier><title><narrative>Half"
        try expectRefused("synthetic-truncated.xml", Data(xml.utf8), mentioning: "<narrative>")
        // Cut inside a tag or an attribute: what was cut, and that this is where the file ends.
        let real = try Data(
            contentsOf: URL(fileURLWithPath: SharedData.path("iati-activities/usaid-us-gov-1/usaid-pa.xml")))
        for cut in [60, 100_000, 100_010] {
            try expectRefused(
                "synthetic-cut-\(cut).xml", real.prefix(cut), mentioning: "where the file ends: it looks truncated")
        }
        // An error well before the end is not called truncation.
        let broken = real.prefix(100_000) + Data("<a b=>".utf8) + real.suffix(80_000)
        let path = try Scratch.file("synthetic-broken-mid.xml", contents: broken)
        let error = #expect(throws: IngestError.self) { _ = try readAll(path) }
        #expect(error?.line == 2204 && error?.message.contains("truncated") == false, "\(String(describing: error))")
    }

    @Test("archives, plain text and directories are named for what they are, not parsed as XML")
    func notXML() throws {
        let real = try Data(
            contentsOf: URL(fileURLWithPath: SharedData.path("iati-activities/usaid-us-gov-1/usaid-pa.xml")))
        // The leading bytes of each format, then a real file's bytes: what matters is how the file starts.
        let formats: [(name: String, magic: [UInt8], says: String)] = [
            ("synthetic.xml.gz", [0x1F, 0x8B, 0x08, 0x00], "gzip-compressed"),
            ("synthetic.zip", Array("PK".utf8) + [0x03, 0x04], "ZIP archive"),
            ("synthetic.xml.bz2", Array("BZh9".utf8), "bzip2-compressed"),
            ("synthetic.xml.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed"),
        ]
        for format in formats {
            try expectRefused(format.name, Data(format.magic) + real, mentioning: format.says)
        }
        // A workbook offered as an IATI file: named as an Office document, not an archive to extract.
        let book = SharedData.path("foreignassistance-gov/greenbook/us_foreignaid_greenbook.xlsx")
        let workbook = #expect(throws: IngestError.self) { _ = try readAll(book) }
        #expect(
            workbook?.message
                == "the file is an Office document (an Excel .xlsx workbook?), not XML; IATI files are XML"
        )
        let text = try Scratch.file("synthetic-notes.xml", "\n\n  Notes on the file, not XML\n")
        let error = #expect(throws: IngestError.self) { _ = try readAll(text) }
        #expect(
            error?.message == "not an XML document: it starts with \"Notes on the file, n\" where XML starts with '<'")
        #expect(error?.line == 3 && error?.column == 3)
        let folder = (text as NSString).deletingLastPathComponent
        let directory = #expect(throws: IngestError.self) { _ = try readAll(folder) }
        #expect(directory?.message.contains("Is a directory") == true, "\(String(describing: directory))")
        // A byte-order mark and blank lines before the markup are still XML.
        let padded = try Scratch.file(
            "synthetic-padded.xml", contents: Data([0xEF, 0xBB, 0xBF] + Array("\n  ".utf8)) + real)
        #expect(try readAll(padded).1.count == 29)
    }

    @Test("100,000-deep nesting stops at the depth limit, closed or not")
    func deepNesting() throws {
        let open = Self.head + "<iati-activity>" + String(repeating: "<a>", count: 100_000)
        try expectRefused("synthetic-deep.xml", Data(open.utf8), mentioning: "nested deeper")
        let closed = open + String(repeating: "</a>", count: 100_000) + "</iati-activity></iati-activities>"
        try expectRefused("synthetic-deep-closed.xml", Data(closed.utf8), mentioning: "nested deeper")
    }

    @Test("thousands of distinct element names are refused, as the reader keeps every name it numbers")
    func manyNames() throws {
        let names = (0..<5_000).map { "<x\($0)/>" }.joined()
        let xml = Self.head + "<iati-activity>" + names + "</iati-activity></iati-activities>"
        try expectRefused("synthetic-many-names.xml", Data(xml.utf8), mentioning: "distinct element names")
        // A few hundred, as IATI files with extensions may have, read as usual.
        let few =
            Self.head + "<iati-activity><iati-identifier>XX-1</iati-identifier>"
            + (0..<300).map { "<x\($0)/>" }.joined() + "</iati-activity></iati-activities>"
        let (_, activities, _) = try readAll(try Scratch.file("synthetic-some-names.xml", few))
        #expect(activities.map(\.identifier) == ["XX-1"])
    }

    @Test("a name as written means what its namespace scope says: the name cache never answers across scopes")
    func namesByScope() throws {
        let xml =
            #"<r xmlns:a="urn:one"><a:x/><s xmlns:a="urn:two"><a:x/></s><a:x/><t xmlns="urn:d"><x/></t><x/></r>"#
        let recorder = NameRecorder()
        try Array(xml.utf8).withUnsafeBytes { bytes in
            try XMLStream(displayName: "synthetic-scopes.xml").parse(handler: recorder) { try $0(bytes) }
        }
        #expect(recorder.started == ["r", "urn:one x", "s", "urn:two x", "urn:one x", "urn:d t", "urn:d x", "x"])
        #expect(recorder.declared.count == 7)
        // An undeclared prefix is an error with its place, not a name without a namespace.
        let undeclared = #expect(throws: IngestError.self) {
            try Array("<r><b:x/></r>".utf8).withUnsafeBytes { bytes in
                try XMLStream(displayName: "synthetic-undeclared-prefix.xml").parse(handler: NameRecorder()) {
                    try $0(bytes)
                }
            }
        }
        #expect(undeclared?.message == "namespace prefix b is not declared" && undeclared?.column == 5)
    }

    @Test("a 50 MB attribute is refused by the size limit")
    func hugeAttribute() throws {
        var bytes = Array((Self.head + "<iati-activity default-currency=\"").utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "A"), count: 50 * 1024 * 1024)
        bytes += Array("\"></iati-activity></iati-activities>".utf8)
        try expectRefused("synthetic-huge-attribute.xml", Data(bytes), mentioning: "size limit")
    }

    @Test("an oversized text field is refused with its element")
    func hugeText() throws {
        let xml =
            Self.head + "<iati-activity><iati-identifier>X</iati-identifier><title><narrative>"
            + String(repeating: "a", count: 2_000) + "</narrative></title></iati-activity></iati-activities>"
        let path = try Scratch.file("synthetic-long-text.xml", xml)
        let error = #expect(throws: IngestError.self) {
            _ = try IATIReader(maxTextBytes: 1_000).read(path: path, warning: { _ in }, activity: { _ in })
        }
        #expect(error?.field == "narrative")
    }

    @Test("a few percentages that would split one 23 KB activity into a million parts are refused before splitting")
    func splitBomb() throws {
        // SYNTHETIC: 100 recipient countries and 200 DAC sectors, each with a percentage, and 50 disbursements: each
        // disbursement splits into 20,000 parts. Read to the end before this bound, it made a million rows and took
        // the import to 750 MB.
        let countries = Array(Countries.iso2).sorted().prefix(100)
        var xml =
            Self.head + "\n<iati-activity><iati-identifier>SYNTHETIC-SPLIT-BOMB</iati-identifier>\n"
            + countries.map { "<recipient-country code=\"\($0)\" percentage=\"1\"/>" }.joined()
            + (0..<200).map { "<sector code=\"\(15110 + $0 % 50)\" percentage=\"0.5\"/>" }.joined()
        for _ in 0..<50 {
            xml += "<transaction><transaction-type code=\"3\"/><value currency=\"USD\">1.00</value></transaction>\n"
        }
        let path = try Scratch.file("synthetic-split-bomb.xml", xml + "</iati-activity></iati-activities>")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 24_000)
        let error = #expect(throws: IngestError.self) { _ = try readAll(path) }
        #expect(
            error?.message
                == "SYNTHETIC-SPLIT-BOMB would split into 1,000,000 parts (each commitment, disbursement and expenditure "
                + "times its recipients and its DAC sectors), more than 20,000; refused")
        #expect(error?.line == 2 && error?.field == "iati-activity")
    }

    @Test("an activity past its bound on elements or on text is refused where it crosses it")
    func activityBounds() throws {
        let path = SharedData.path("iati-activities/usaid-us-gov-1/usaid-caribbean.xml")
        var reader = IATIReader()
        let (_, activities, _) = try readAll(path, reader: reader)
        #expect(activities.count > 1)
        reader.maxActivityElements = 40
        let elements = #expect(throws: IngestError.self) { _ = try readAll(path, reader: reader) }
        #expect(
            error(
                elements, says: "holds more than 40 elements; refused, as an activity is held whole until it is stored")
        )
        reader = IATIReader()
        reader.maxActivityTextBytes = 500
        let text = #expect(throws: IngestError.self) { _ = try readAll(path, reader: reader) }
        #expect(error(text, says: "holds more than 500 bytes of text and attribute values; refused"))
        // SYNTHETIC: two participating organisations whose `ref`s are 3 MB each; each was kept whole (eight 5 MB
        // ones took the import to 150 MB).
        let ref = String(repeating: "X", count: 3_000_000)
        let attributes = try Scratch.file(
            "synthetic-huge-refs.xml",
            Self.head + "\n<iati-activity><iati-identifier>SYNTHETIC-REFS</iati-identifier>\n"
                + "<participating-org role=\"4\" ref=\"\(ref)\"/>\n<participating-org role=\"4\" ref=\"\(ref)\"/>\n"
                + "</iati-activity></iati-activities>")
        let refs = #expect(throws: IngestError.self) { _ = try readAll(attributes) }
        #expect(
            refs?.message
                == "SYNTHETIC-REFS holds more than 4,194,304 bytes of text and attribute values; refused, as an activity "
                + "is held whole until it is stored")
        #expect(refs?.line == 4 && refs?.field == "participating-org")
    }

    /// Whether `error` names an activity of the file, at a line, and its message ends with `tail`.
    private func error(_ error: IngestError?, says tail: String) -> Bool {
        guard let error, let line = error.line, line > 1 else { return false }
        return error.message.hasPrefix("US-GOV-1-") && error.message.contains(tail) && error.field != nil
    }

    @Test("fuzz: real files cut, spliced and sprinkled with XML's special bytes read or fail with a place")
    func mutatedRealFiles() throws {
        var generator = SeededGenerator(seed: 11)
        let sources = try [
            "usaid-us-gov-1/usaid-uy.xml", "iati-standard-examples/activity-standard-example-annotated.xml",
        ].map { try Array(Data(contentsOf: URL(fileURLWithPath: SharedData.path("iati-activities/" + $0)))) }
        let tokens: [[UInt8]] =
            [
                "<", ">", "&", "&amp;", "&#0;", "&#x110000;", "]]>", "<![CDATA[", "<!--", "<?x?>", "</", "/>", "\"",
                "=", "<!DOCTYPE x>", "&e;", "xmlns:a=\"u\"", "<a:b>", "usg:",
            ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]
        let path = try Scratch.file("synthetic-mutant.xml", contents: Data())
        var outcomes = (read: 0, refused: 0)
        for _ in 0..<300 {
            var bytes = sources.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &generator)))
                case 1, 2: bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: at)
                case 3: if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &generator) }
                default: bytes.removeSubrange(at...)
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try readAll(path)
                outcomes.read += 1
            } catch let error as IngestError {
                // Any other error type fails the test; so does a crash or a hang.
                outcomes.refused += 1
                #expect(error.file == path)
                let blank = bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
                #expect(error.line != nil || blank, "\(error)")
            }
        }
        // The mutations neither always break a file nor never do (27 of these 300 read, 273 are refused).
        #expect(outcomes.read > 10 && outcomes.refused > 100, "\(outcomes)")
    }

    @Test("not an activity file, and an empty file")
    func wrongRoot() throws {
        try expectRefused("synthetic-org.xml", Data("<iati-organisations version=\"2.03\"/>".utf8), mentioning: "root")
        try expectRefused("synthetic-empty.xml", Data(), mentioning: "empty")
    }
}

/// Records the names of the elements started, as `namespace local` (or `local`).
final class NameRecorder: XMLStreamHandler {
    var declared: [String] = []
    var started: [String] = []
    func declare(element id: Int, local: String, namespace: String?) {
        declared.append(namespace.map { "\($0) \(local)" } ?? local)
    }
    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws { started.append(declared[id]) }
    func end(line: Int) throws {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {}
    var wantsText: Bool { false }
    var openElements: [String] { [] }
}
