public import AtalayaDomain
import Foundation

// MARK: - IATI codelists: each code's name, in English and Spanish

/// Reads an IATI codelist XML file (`<codelist-item><code>…</code><name><narrative>…`) with the same hardened
/// stream as activity files, keeping each item's English name: the narrative without `xml:lang`, or with `en`.
public enum CodelistReader {
    /// The English name of every item that has one, by code; throws `IngestError` with the place of any error.
    public static func names(path: String) throws -> [String: String] {
        let handler = CodelistHandler()
        try XMLStream(displayName: path).parse(path: path, handler: handler) { _ in }
        return handler.names
    }

    /// A codelist's names in English (IATI's XML, `names(path:)`) and Spanish (Code for IATI's JSON, `names(json:)`).
    public static func codeNames(english: String, spanish: String) throws -> CodeNames {
        CodeNames(english: try names(path: english), spanish: try names(json: spanish))
    }

    /// The name of every item in a codelist as Code for IATI distributes it in one language
    /// (`{"data": [{"code": …, "name": …}, …]}`), by code; items without a name are left out. Throws `IngestError`
    /// naming the file when it is not such JSON.
    public static func names(json path: String) throws -> [String: String] {
        struct List: Decodable {
            struct Item: Decodable {
                let code: String
                let name: String?
            }
            let data: [Item]
        }
        do {
            let list = try JSONDecoder().decode(List.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            return Dictionary(
                list.data.compactMap { item in item.name.flatMap { $0.isEmpty ? nil : (item.code, $0) } },
                uniquingKeysWith: { first, _ in first })
        } catch {
            throw IngestError(file: path, message: "not a codelist in Code for IATI's JSON (\(error))")
        }
    }
}

/// Collects code and name per `codelist-item`, by element depth under it.
private final class CodelistHandler: XMLStreamHandler {
    private enum Element { case item, code, name, narrative, other }

    private var kinds: [Element] = []
    private var open: [(id: Int, kind: Element)] = []
    private var spelled: [String] = []
    private var code: [UInt8] = []
    private var name: [UInt8] = []
    private var englishNarrative = false
    private var hasName = false
    private(set) var names: [String: String] = [:]

    func declare(element id: Int, local: String, namespace: String?) {
        let kind: Element =
            switch local {
            case "codelist-item": .item
            case "code": .code
            case "name": .name
            case "narrative": .narrative
            default: .other
            }
        kinds.append(namespace == nil ? kind : .other)
        spelled.append(local)
    }

    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws {
        let kind = kinds[id]
        switch kind {
        case .item:
            (code, name, hasName) = ([], [], false)
        case .narrative where open.last?.kind == .name && open.dropLast().last?.kind == .item && !hasName:
            let language = attributes["xml:lang"]
            englishNarrative = language == nil || language == "en"
        default:
            break
        }
        open.append((id, kind))
    }

    func end(line: Int) throws {
        guard let closed = open.popLast() else { return }
        switch closed.kind {
        case .narrative where englishNarrative:
            englishNarrative = false
            hasName = true
        case .item:
            let code = String(decoding: code, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let name = String(decoding: name, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !code.isEmpty && !name.isEmpty { names[code] = name }
        default:
            break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        if englishNarrative {
            name += bytes
        } else if open.last?.kind == .code, open.dropLast().last?.kind == .item {
            code += bytes
        }
    }

    var wantsText: Bool { true }

    var openElements: [String] { open.map { spelled[$0.id] } }
}
