import Foundation
import Yams

// MARK: - Holding responses to the OpenAPI document: a JSON Schema subset, enough for what the document uses

/// A JSON value decoded without Foundation's bridging, so that booleans and numbers stay apart.
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSONValue]), object(
        [String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

/// The OpenAPI document, read with Yams, and a validator for the keywords it uses: `$ref`, `allOf`, `oneOf`,
/// `type` (one or a list), `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
/// `minimum`, `maximum`, `propertyNames`. An unknown keyword fails the check rather than being ignored.
struct OpenAPIContract {
    let document: [String: Any]

    init(yaml: String) throws {
        guard let document = try Yams.load(yaml: yaml) as? [String: Any] else {
            throw ContractError("the OpenAPI document is not a mapping")
        }
        self.document = document
    }

    struct ContractError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The document's paths.
    var paths: [String] { Array((document["paths"] as? [String: Any] ?? [:]).keys).sorted() }

    /// The path template that matches a concrete path (`/api/v1/runs/3/warnings` → `/api/v1/runs/{run}/warnings`).
    func template(for path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.first { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// The names of the query parameters a GET on `template` documents, `$ref`s resolved.
    func queryParameters(template: String) throws -> Set<String> {
        guard let paths = document["paths"] as? [String: Any], let item = paths[template] as? [String: Any],
            let get = item["get"] as? [String: Any]
        else { throw ContractError("GET \(template) is not documented") }
        var names: Set<String> = []
        for entry in get["parameters"] as? [Any] ?? [] {
            var parameter = entry as? [String: Any] ?? [:]
            if let ref = parameter["$ref"] as? String { parameter = try resolve(ref) as? [String: Any] ?? [:] }
            guard let name = parameter["name"] as? String, let place = parameter["in"] as? String else {
                throw ContractError("GET \(template) has a parameter without a name or place")
            }
            if place == "query" { names.insert(name) }
        }
        return names
    }

    /// The schema for a GET on `template` answering `status` with `contentType`; throws when undocumented.
    func responseSchema(template: String, status: Int, contentType: String) throws -> Any {
        guard let paths = document["paths"] as? [String: Any], let item = paths[template] as? [String: Any],
            let get = item["get"] as? [String: Any], let responses = get["responses"] as? [String: Any]
        else { throw ContractError("GET \(template) is not documented") }
        guard var response = responses[String(status)] as? [String: Any] else {
            throw ContractError("GET \(template) does not document status \(status)")
        }
        if let ref = response["$ref"] as? String { response = try resolve(ref) as? [String: Any] ?? [:] }
        let media = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
        guard let content = response["content"] as? [String: Any], let entry = content[media] as? [String: Any],
            let schema = entry["schema"]
        else { throw ContractError("GET \(template) \(status) does not document \(media)") }
        return schema
    }

    func resolve(_ ref: String) throws -> Any {
        guard ref.hasPrefix("#/") else { throw ContractError("external $ref \(ref)") }
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let object = node as? [String: Any], let next = object[String(part)] else {
                throw ContractError("unresolved $ref \(ref)")
            }
            node = next
        }
        return node
    }

    /// The problems with `value` under `schema`, each with its JSON path; empty when it conforms.
    func validate(_ value: JSONValue, _ schema: Any, at path: String = "$") throws -> [String] {
        guard let schema = schema as? [String: Any] else { throw ContractError("schema at \(path) is not a mapping") }
        let known: Set<String> = [
            "$ref", "allOf", "oneOf", "type", "properties", "required", "additionalProperties", "items", "enum",
            "const",
            "minimum", "maximum", "description", "default", "format", "maxLength", "propertyNames",
        ]
        if let unknown = schema.keys.first(where: { !known.contains($0) }) {
            throw ContractError("the validator does not know the keyword \(unknown) (at \(path))")
        }
        if let ref = schema["$ref"] as? String { return try validate(value, try resolve(ref), at: path) }
        var problems: [String] = []
        for part in schema["allOf"] as? [Any] ?? [] { problems += try validate(value, part, at: path) }
        if let options = schema["oneOf"] as? [Any] {
            let passing = try options.filter { try validate(value, $0, at: path).isEmpty }.count
            if passing != 1 { problems.append("\(path): matches \(passing) of oneOf, not exactly one") }
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            if !types.contains(where: { Self.matches(value, $0) }) {
                problems.append("\(path): \(value) is not of type \(types.joined(separator: "|"))")
                return problems
            }
        }
        if let allowed = schema["enum"] as? [Any] {
            let texts = allowed.map { "\($0)" }
            if case .string(let text) = value, !texts.contains(text) {
                problems.append("\(path): \(text) is not one of \(texts)")
            }
        }
        if let constant = schema["const"], value.string != "\(constant)" {
            problems.append("\(path): \(value) is not \(constant)")
        }
        if let minimum = schema["minimum"] as? Int, let number = value.double, number < Double(minimum) {
            problems.append("\(path): \(number) < \(minimum)")
        }
        if let maximum = schema["maximum"] as? Int, let number = value.double, number > Double(maximum) {
            problems.append("\(path): \(number) > \(maximum)")
        }
        if case .object(let object) = value {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(path): missing required \(name)")
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let names = schema["propertyNames"] {
                    problems += try validate(.string(name), names, at: "\(path) key \(name)")
                }
                if let property = properties[name] {
                    problems += try validate(member, property, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] {
                    if let allowed = extra as? Bool {
                        if !allowed { problems.append("\(path): undocumented property \(name)") }
                    } else {
                        problems += try validate(member, extra, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += try validate(item, itemSchema, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
            ("string", .string), ("array", .array), ("object", .object):
            true
        default: false
        }
    }
}
