import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

/// Parses `bytes` with `XMLStream`, handing them over `chunk` bytes at a time, and returns the events as text.
func events(_ bytes: [UInt8], chunk: Int? = nil, name: String = "synthetic.xml") throws -> String {
    let recorder = EventRecorder()
    try bytes.withUnsafeBytes { all in
        try XMLStream(displayName: name).parse(handler: recorder) { give in
            let size = max(1, chunk ?? all.count)
            var start = 0
            while start < all.count {
                try give(UnsafeRawBufferPointer(rebasing: all[start..<min(all.count, start + size)]))
                start += size
            }
        }
    }
    return recorder.log
}

/// Records every event as text: `<name a="v">`, the text between tags joined, `</>`.
final class EventRecorder: XMLStreamHandler {
    var names: [String] = []
    var log = ""
    var open: [String] = []
    func declare(element id: Int, local: String, namespace: String?) {
        names.append(namespace.map { "{\($0)}\(local)" } ?? local)
    }
    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws {
        log += "<" + names[id] + attributes.all.map { " \($0.name)=\"\($0.value)\"" }.joined() + ">"
        open.append(names[id])
    }
    func end(line: Int) throws {
        log += "</>"
        open.removeLast()
    }
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws { log += String(decoding: bytes, as: UTF8.self) }
    var wantsText: Bool { true }
    var openElements: [String] { open }
}

@Suite("Atalaya's XML parser: well-formedness as XML 1.0 defines it, in whole files and in chunks of any size")
struct XMLScannerTests {
    /// Small documents, each named for what `xmllint --noout` (libxml2 2.9.14) says of it: `ok-` read, `bad-`
    /// refused; but for three namespace faults libxml2 only warns of (`bad-colon-end`, `bad-two-colons`,
    /// `bad-ns-undeclared-attr`), which Atalaya refuses.
    static let documents: [(name: String, bytes: [UInt8])] = [
        ("bad-amp-space", Array(#"<a>& b</a>"#.utf8)),
        ("bad-amp-text", Array(#"<a>R&D</a>"#.utf8)),
        ("bad-attr-digit", Array(#"<a 1="x"/>"#.utf8)),
        ("bad-attr-noquote", Array(#"<a x=1/>"#.utf8)),
        ("bad-attr-noval", Array(#"<a x/>"#.utf8)),
        ("bad-blank", [32, 32, 10]),
        ("bad-cdata-end", Array(#"<a>]]></a>"#.utf8)),
        ("bad-cdata-outside", Array(#"<![CDATA[x]]><a/>"#.utf8)),
        ("bad-char-beyond", Array(#"<a>&#x110000;</a>"#.utf8)),
        ("bad-colon-end", Array(#"<a:/>"#.utf8)),
        ("bad-comment-dashes", Array(#"<a><!-- x -- y --></a>"#.utf8)),
        ("bad-comment-end", Array(#"<a><!-- x ---></a>"#.utf8)),
        ("bad-control", [60, 97, 62, 1, 60, 47, 97, 62]),
        ("bad-decl-late", Array(#" <?xml version="1.0"?><a/>"#.utf8)),
        ("bad-decl-noversion", Array(#"<?xml encoding="UTF-8"?><a/>"#.utf8)),
        ("bad-dup-attr", Array(#"<a x="1" x="2"/>"#.utf8)),
        ("bad-empty", Array(#""#.utf8)),
        ("bad-empty-hex", Array(#"<a>&#x;</a>"#.utf8)),
        ("bad-empty-ref", Array(#"<a>&#;</a>"#.utf8)),
        ("bad-encoded-surrogate", [60, 97, 62, 237, 160, 128, 60, 47, 97, 62]),
        ("bad-end-space-before", Array(#"<a></ a>"#.utf8)),
        ("bad-end-unmatched-after", Array(#"<a/></a>"#.utf8)),
        ("bad-fffe", [60, 97, 62, 239, 191, 190, 60, 47, 97, 62]),
        ("bad-lt-attr", Array(#"<a x="<"/>"#.utf8)),
        ("bad-lt-bang", Array(#"<a><!foo></a>"#.utf8)),
        ("bad-lt-text", Array(#"<a>a < b</a>"#.utf8)),
        ("bad-mismatch", Array(#"<a></b>"#.utf8)),
        ("bad-name-dash", Array(#"<-a/>"#.utf8)),
        ("bad-name-digit", Array(#"<1a/>"#.utf8)),
        ("bad-nesting", Array(#"<a><b></a></b>"#.utf8)),
        ("bad-no-space", Array(#"<a b="x"c="y"/>"#.utf8)),
        ("bad-ns-undeclared-attr", Array(#"<a b:c="1"/>"#.utf8)),
        ("bad-overlong", [60, 97, 62, 192, 175, 60, 47, 97, 62]),
        ("bad-pi-notarget", Array(#"<? pi?><a/>"#.utf8)),
        ("bad-pi-unclosed", Array(#"<?pi <a/>"#.utf8)),
        ("bad-pi-xml-inside", Array(#"<a><?xml version="1.0"?></a>"#.utf8)),
        ("bad-slash-space", Array(#"<a x="1"/ >"#.utf8)),
        ("bad-stray-end", Array(#"</a>"#.utf8)),
        ("bad-surrogate-ref", Array(#"<a>&#xD800;</a>"#.utf8)),
        ("bad-text-after", Array(#"<a/>text"#.utf8)),
        ("bad-two-colons", Array(#"<a:b:c xmlns:a="u"/>"#.utf8)),
        ("bad-two-roots", Array(#"<a/><b/>"#.utf8)),
        ("bad-unclosed", Array(#"<a>"#.utf8)),
        ("bad-utf8", [60, 97, 62, 233, 60, 47, 97, 62]),
        ("bad-zero-ref", Array(#"<a>&#0;</a>"#.utf8)),
        ("ok-4byte", [60, 97, 62, 240, 159, 152, 128, 60, 47, 97, 62]),
        ("ok-amp-attr", Array(#"<a x="&amp;"/>"#.utf8)),
        ("ok-attr-gt", Array(#"<a x=">"/>"#.utf8)),
        ("ok-bom", [239, 187, 191, 60, 97, 47, 62]),
        ("ok-bracket-gt", Array(#"<a>]></a>"#.utf8)),
        ("ok-brackets", Array(#"<a>]]</a>"#.utf8)),
        ("ok-cdata", Array(#"<a><![CDATA[<&>]]></a>"#.utf8)),
        ("ok-comment", Array(#"<a><!-- x - y --></a>"#.utf8)),
        ("ok-comment-after", Array(#"<a/><!-- c -->"#.utf8)),
        ("ok-decl", Array(#"<?xml version="1.0"?><a/>"#.utf8)),
        ("ok-decl-after-use", Array(#"<a b:c="1" xmlns:b="u"/>"#.utf8)),
        ("ok-decl-full", Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>"#.utf8)),
        ("ok-decl-single", Array(#"<?xml version='1.0' encoding='utf-8'?><a/>"#.utf8)),
        ("ok-empty", Array(#"<a/>"#.utf8)),
        ("ok-end-space", Array(#"<a></a >"#.utf8)),
        ("ok-entities", Array(#"<a>&lt;&gt;&amp;&apos;&quot;</a>"#.utf8)),
        ("ok-gt-text", Array(#"<a>a > b</a>"#.utf8)),
        ("ok-max-char", Array(#"<a>&#x10FFFF;</a>"#.utf8)),
        ("ok-name-chars", Array(#"<a.b-c1/>"#.utf8)),
        ("ok-nested", Array(#"<a><b><c/></b></a>"#.utf8)),
        ("ok-ns-default", Array(#"<a xmlns="u"><b/></a>"#.utf8)),
        ("ok-pi-after", Array(#"<a/><?pi x?>"#.utf8)),
        ("ok-pi-before", Array(#"<?pi?><a/>"#.utf8)),
        ("ok-prefix", Array(#"<a:b xmlns:a="u"/>"#.utf8)),
        ("ok-ref-lt-attr", Array(#"<a b="&#60;"/>"#.utf8)),
        ("ok-single-quote", Array(#"<a x='1'/>"#.utf8)),
        ("ok-space-slash", Array(#"<a x="1" />"#.utf8)),
        ("ok-spaces", Array(#"<a b = "x" />"#.utf8)),
        ("ok-tab-ref", Array(#"<a>&#9;</a>"#.utf8)),
        ("ok-utf8-name", [60, 195, 169, 47, 62]),
        ("ok-utf8-text", [60, 97, 62, 195, 169, 60, 47, 97, 62]),
        ("ok-ws", [60, 97, 62, 9, 13, 10, 60, 47, 97, 62]),
        ("ok-xml-decl-ns", Array(#"<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#.utf8)),
        ("ok-xml-lang", Array(#"<a xml:lang="en"/>"#.utf8)),
    ]

    @Test("agrees with libxml2 on 79 small documents, and gives the same events whether fed whole or byte by byte")
    func wellFormedness() throws {
        for (name, bytes) in Self.documents {
            let whole = Result { try events(bytes, name: name) }
            let bytewise = Result { try events(bytes, chunk: 1, name: name) }
            switch (whole, bytewise) {
            case (.success(let log), .success(let same)):
                #expect(name.hasPrefix("ok-"), "\(name) was read: \(log)")
                #expect(log == same, "\(name): \(log) whole, \(same) byte by byte")
            case (.failure(let error), .failure(let same)):
                #expect(name.hasPrefix("bad-"), "\(name) was refused: \(error)")
                let error = try #require(error as? IngestError)
                #expect(error.line != nil && error.file == name, "\(error)")
                #expect(
                    error.message == (same as? IngestError)?.message, "\(name): \(error) whole, \(same) byte by byte")
            default:
                Issue.record("\(name): \(whole) whole, \(bytewise) byte by byte")
            }
        }
    }

    @Test("text and attribute values as XML reads them: references replaced, line ends and blank space normalised")
    func decodedValues() throws {
        let xml = "<a x=\" 1&#10;2\t3\r\n4 \" y='&quot;&lt;'>A&amp;B\r\nC\rD<![CDATA[E&\r\nF]]>&#x1F600;</a>"
        for chunk in [1, 2, 3, 7, 1_000] {
            #expect(
                try events(Array(xml.utf8), chunk: chunk)
                    == "<a x=\" 1\n2 3 4 \" y=\"\"<\">A&B\nC\nDE&\nF😀</>")
        }
        // Namespaces: the default one for unprefixed elements only, prefixes in scope until their element closes.
        let spaced = #"<r xmlns="urn:d" xmlns:p="urn:p"><p:e p:a="1" b="2"/><e xmlns="urn:e"/><e/></r>"#
        #expect(
            try events(Array(spaced.utf8), chunk: 5)
                == #"<{urn:d}r><{urn:p}e p:a="1" b="2"></><{urn:e}e></><{urn:d}e></></>"#)
    }

    @Test("errors say where: line and column of the fault, across lines and chunks")
    func places() throws {
        let xml = "<a>\n  <b x=\"1\"\n     y=\"2\">text &bogus; more</b>\n</a>"
        for chunk in [1, 4, 1_000] {
            let error = #expect(throws: IngestError.self) { try events(Array(xml.utf8), chunk: chunk) }
            #expect(
                error?.line == 3 && error?.column == 17 && error?.message == "undeclared entity &bogus;",
                "\(String(describing: error))")
        }
        let mismatch = #expect(throws: IngestError.self) { try events(Array("<a>\n<b>\n</c></a>".utf8)) }
        #expect(mismatch?.line == 3 && mismatch?.column == 1)
        #expect(mismatch?.message == "Opening and ending tag mismatch: <b> (line 2) is closed by </c>")
        // A file cut inside a tag is placed where its bytes run out, and says what was cut.
        let cut = #expect(throws: IngestError.self) { try events(Array("<a>\n  <".utf8)) }
        #expect(cut?.line == 2 && cut?.column == 4)
        #expect(cut?.message == "the file ends inside a tag (this is where the file ends: it looks truncated)")
        let cutName = #expect(throws: IngestError.self) { try events(Array("<a>\n  <narr".utf8), chunk: 3) }
        #expect(cutName?.message.hasPrefix("the file ends inside the start tag <narr> (") == true)
    }

    @Test("a long token arriving in many small chunks is read in linear time, and refused past the size limit")
    func longTokens() throws {
        // A 2 MB attribute in 1 KB chunks: 2,000 pushes, each of which would rescan the whole tag were the tag
        // tried again on every push; the scanner waits until twice as many bytes wait, so tries it about 11 times.
        let xml = Array(("<a x=\"" + String(repeating: "v", count: 2_000_000) + "\">t</a>").utf8)
        let recorder = EventRecorder()
        let scanner = XMLScanner(handler: recorder, displayName: "synthetic-long.xml", checkHead: { _ in })
        try xml.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: 1024) {
                scanner.append(UnsafeRawBufferPointer(rebasing: all[start..<min(all.count, start + 1024)]))
                try scanner.scan(isLast: false)
            }
            try scanner.scan(isLast: true)
        }
        #expect(recorder.log.hasSuffix("\">t</>") && recorder.log.count == 2_000_012)
        #expect(scanner.attempts < 40, "\(scanner.attempts) attempts at the tag")
        let huge = Array(("<a x=\"" + String(repeating: "v", count: 10_500_000)).utf8)
        let error = #expect(throws: IngestError.self) { try events(huge, chunk: 256 * 1024) }
        #expect(error?.message.contains("the size limit") == true, "\(String(describing: error))")
    }

    @Test("attributes, namespace declarations and nesting are bounded, so no tag costs more than linear time")
    func bounds() throws {
        let many = "<a " + (0..<300).map { "xmlns:p\($0)=\"u\($0)\"" }.joined(separator: " ") + "/>"
        let attributes = #expect(throws: IngestError.self) { try events(Array(many.utf8)) }
        #expect(attributes?.message == "more than 256 attributes on one element; refused")
        // 200 declarations on each of six nested elements: past 1,024 in scope.
        let level = (0..<200).map { " xmlns:p\($0)=\"u\($0)\"" }.joined()
        let nested = String(repeating: "<a" + level + ">", count: 6)
        let scope = #expect(throws: IngestError.self) { try events(Array(nested.utf8)) }
        #expect(scope?.message == "more than 1024 namespace declarations in scope; refused")
        let deep = Array((String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)).utf8)
        let depth = #expect(throws: IngestError.self) { try events(deep) }
        #expect(depth?.message == "elements nested deeper than 256 levels; refused" && depth?.column == 769)
    }

    @Test("fuzz: a real file, mutated, gives the same events or the same error in chunks of any size")
    func chunkIndependence() throws {
        var generator = SeededGenerator(seed: 29)
        let real = try Array(
            Data(
                contentsOf: URL(
                    fileURLWithPath: SharedData.path(
                        "iati-activities/iati-standard-examples/activity-standard-example-annotated.xml"))))
        let tokens: [[UInt8]] =
            [
                "<", ">", "&", "&amp;", "&#x41;", "]]>", "<![CDATA[x]]>", "<!--c-->", "<?p?>", "</", "/>", "\"", "\r\n",
                "\r",
            ]
            .map { Array($0.utf8) } + [[0xC3, 0xA9], [0xC3], [0xF0, 0x9F, 0x98, 0x80], [0xFF]]
        var outcomes = (read: 0, refused: 0)
        for round in 0..<150 {
            var bytes = real
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                if Bool.random(using: &generator) {
                    bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: at)
                } else {
                    bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
                }
            }
            let whole = Result { try events(bytes) }
            let chunk = Int.random(in: 1...700, using: &generator)
            let pieces = Result { try events(bytes, chunk: chunk) }
            switch (whole, pieces) {
            case (.success(let log), .success(let same)):
                outcomes.read += 1
                #expect(log == same, "round \(round), chunks of \(chunk)")
            case (.failure(let error), .failure(let same)):
                outcomes.refused += 1
                #expect("\(error)" == "\(same)", "round \(round), chunks of \(chunk)")
            default:
                Issue.record("round \(round), chunks of \(chunk): \(whole) whole, \(pieces) in pieces")
            }
        }
        #expect(outcomes.read > 20 && outcomes.refused > 20, "\(outcomes)")
    }
}
