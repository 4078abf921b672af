/// A string with `{variable}` placeholders from a mapping file, split once at load time.
///
/// Variables: `{context.<path>}` (the account's context), `{id}` (the record id), `{limit}`
/// (page size), `{field_names:<object>}` (comma-joined native keys the mapping reads under `<object>`,
/// plus custom field keys stored there), `{filter:<name>}` (a list filter's native value, e.g. the
/// contact of HighLevel's per-contact notes), and in list bodies `{value}` (the filter value of a
/// filter item) and `{filters}` (the list of filter items).
public struct Template: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case context([String])
        case id
        /// `{id:N}`: part N of a composite unified id (see `Operation.idSeparator`).
        case idPart(Int)
        case limit
        case fieldNames(String)
        case filter(String)
        case value
        case filters
    }

    public var parts: [Part]
    public var source: String

    /// Parses `source`; throws a message naming the bad variable.
    public init(_ source: String, allowed: Set<String>) throws {
        self.source = source
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw TemplateError("unclosed `{` in template `\(source)`") }
            let name = String(rest[rest.index(after: open)..<close])
            let part: Part
            if name.hasPrefix("context."), name.count > "context.".count {
                part = .context(name.dropFirst("context.".count).split(separator: ".").map(String.init))
            } else if name == "id" {
                part = .id
            } else if name.hasPrefix("id:"), let index = Int(name.dropFirst(3)), index >= 0, index < 8 {
                part = .idPart(index)
            } else if name == "limit" {
                part = .limit
            } else if name.hasPrefix("field_names:") {
                part = .fieldNames(String(name.dropFirst("field_names:".count)))
            } else if name.hasPrefix("filter:"), name.count > "filter:".count {
                part = .filter(String(name.dropFirst("filter:".count)))
            } else if name == "value" {
                part = .value
            } else if name == "filters" {
                part = .filters
            } else {
                throw TemplateError("unknown template variable `{\(name)}`; known: {context.<path>}, {id}, {id:N}, {limit}, {field_names:<object>}, {filter:<name>}, {value}, {filters}")
            }
            let kind = Self.kindName(part)
            guard allowed.contains(kind) else { throw TemplateError("template variable `{\(name)}` is not available here") }
            parts.append(part)
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    static func kindName(_ part: Part) -> String {
        switch part {
        case .literal: "literal"
        case .context: "context"
        case .id, .idPart: "id"
        case .limit: "limit"
        case .fieldNames: "field_names"
        case .filter: "filter"
        case .value: "value"
        case .filters: "filters"
        }
    }

    /// The objects named by `{field_names:<object>}` parts.
    public var fieldNameObjects: [String] { parts.compactMap { if case .fieldNames(let object) = $0 { object } else { nil } } }

    /// The filters named by `{filter:<name>}` parts.
    public var filterNames: [String] { parts.compactMap { if case .filter(let name) = $0 { name } else { nil } } }

    /// True when the template holds the record id (`{id}` or a part of it, `{id:N}`).
    public var addressesRecord: Bool { parts.contains { Self.kindName($0) == "id" } }

    /// The highest `{id:N}` index the template uses, if any.
    public var highestIDPart: Int? { parts.compactMap { if case .idPart(let n) = $0 { n } else { nil } }.max() }

    /// The one variable the template consists of (a typed slot in a JSON body), if it is only that.
    public var soleVariable: Part? { parts.count == 1 && !isLiteral ? parts[0] : nil }

    public var usesContext: Bool { parts.contains { if case .context = $0 { true } else { false } } }
    public var isLiteral: Bool { parts.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The values a template needs at request time.
    public struct Values {
        public var context: JSONValue
        public var id: String?
        public var limit: Int?
        /// `{field_names:<object>}` values by object, computed before the call (see `ResourceMapping.fieldNames`).
        public var fieldNames: [String: String]
        /// Native values of the request's list filters, by filter name.
        public var filters: [String: JSONValue] = [:]
        /// The value of the filter item being rendered.
        public var value: JSONValue? = nil
        /// The parts of a composite id (`{id:N}`).
        public var idParts: [String]? = nil

        public init(context: JSONValue, id: String? = nil, limit: Int? = nil, fieldNames: [String: String] = [:]) {
            self.context = context
            self.id = id
            self.limit = limit
            self.fieldNames = fieldNames
        }
    }

    /// Renders the template; nil when a context value it needs is missing.
    /// `escape` is applied to substituted values (path segments are percent-encoded).
    public func render(_ values: Values, escape: (String) -> String = { $0 }) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .context(let path):
                var value: JSONValue? = values.context
                for key in path { value = value?[key] }
                guard let text = value?.scalarText else { return nil }
                out += escape(text)
            case .id:
                guard let id = values.id else { return nil }
                out += escape(id)
            case .idPart(let index):
                guard let parts = values.idParts, index < parts.count else { return nil }
                out += escape(parts[index])
            case .limit:
                guard let limit = values.limit else { return nil }
                out += String(limit)
            case .fieldNames(let object):
                out += values.fieldNames[object] ?? ""
            case .filter(let name):
                guard let text = values.filters[name]?.scalarText else { return nil }
                out += escape(text)
            case .value:
                guard let text = values.value?.scalarText else { return nil }
                out += escape(text)
            case .filters:
                return nil
            }
        }
        return out
    }
}

struct TemplateError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
