import Foundation
import Hummingbird

/// What was wrong with one query parameter; a provider turns it into its own error answer.
public struct QueryProblem: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Wanted an integer in `range`; `parsed` is the value when it was an integer outside it.
        case integer(range: ClosedRange<Int>, parsed: Int?)
        /// Wanted one of `allowed` (for a list: every item).
        case oneOf([String])
        /// A comma list item that is not an integer in range.
        case integerList(range: ClosedRange<Int>)
        /// A comma list longer than `max` items.
        case tooMany(max: Int)
        /// The value's own parser refused it (dates, timestamps).
        case format
    }

    public var name: String
    public var value: String
    public var kind: Kind

    public init(name: String, value: String, kind: Kind) {
        self.name = name
        self.value = value
        self.kind = kind
    }
}

/// Typed reading of a request's query: a blank parameter counts as absent, a bad value throws the
/// provider's error made from a `QueryProblem`.
public struct QueryReader<Failure: Error> {
    /// Every value of each parameter, in the order sent.
    let parameters: [String: [String]]
    let failure: (QueryProblem) -> Failure

    /// Reads the query of `request`.
    public init(_ request: Request, failure: @escaping (QueryProblem) -> Failure) {
        self.init(pairs: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, failure: failure)
    }

    /// Reads decoded name-value pairs.
    public init(pairs: [(String, String)], failure: @escaping (QueryProblem) -> Failure) {
        var parameters: [String: [String]] = [:]
        for (name, value) in pairs { parameters[name, default: []].append(value) }
        self.parameters = parameters
        self.failure = failure
    }

    /// The first value of `name`, nil when absent or blank.
    public func string(_ name: String) -> String? {
        guard let value = parameters[name]?.first, !value.isEmpty else { return nil }
        return value
    }

    /// `true` only for the text `true` (any case).
    public func flag(_ name: String) -> Bool { string(name)?.lowercased() == "true" }

    /// An integer in `range`, nil when absent.
    public func int(_ name: String, in range: ClosedRange<Int>) throws(Failure) -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw failure(QueryProblem(name: name, value: raw, kind: .integer(range: range, parsed: Int(raw))))
        }
        return value
    }

    /// An integer in `range`, `fallback` when absent.
    public func int(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(Failure) -> Int {
        try int(name, in: range) ?? fallback
    }

    /// One of `allowed`, nil when absent.
    public func oneOf(_ name: String, _ allowed: [String]) throws(Failure) -> String? {
        guard let raw = string(name) else { return nil }
        guard allowed.contains(raw) else { throw failure(QueryProblem(name: name, value: raw, kind: .oneOf(allowed))) }
        return raw
    }

    /// A value read by `parse`, nil when absent.
    public func value<T>(_ name: String, _ parse: (String) -> T?) throws(Failure) -> T? {
        guard let raw = string(name) else { return nil }
        guard let value = parse(raw) else { throw failure(QueryProblem(name: name, value: raw, kind: .format)) }
        return value
    }

    /// Comma separated values from one parameter or repeated ones (`a=x,y&a=z`): trimmed, blanks
    /// dropped, first occurrence kept; at most `max` of them, each in `allowed` when given.
    public func list(_ name: String, max: Int = .max, allowed: [String]? = nil) throws(Failure) -> [String] {
        var seen = Set<String>()
        var items: [String] = []
        for value in parameters[name] ?? [] {
            for part in value.split(separator: ",") {
                let item = part.trimmingCharacters(in: .whitespaces)
                guard !item.isEmpty, seen.insert(item).inserted else { continue }
                if let allowed, !allowed.contains(item) {
                    throw failure(QueryProblem(name: name, value: value, kind: .oneOf(allowed)))
                }
                items.append(item)
            }
        }
        guard items.count <= max else {
            throw failure(QueryProblem(name: name, value: items.joined(separator: ","), kind: .tooMany(max: max)))
        }
        return items
    }

    /// A comma list of integers in `range`, at most `max` of them.
    public func intList(_ name: String, in range: ClosedRange<Int>, max: Int = .max) throws(Failure) -> [Int] {
        try list(name, max: max).map { (item: String) throws(Failure) -> Int in
            guard let value = Int(item), range.contains(value) else {
                throw failure(QueryProblem(name: name, value: item, kind: .integerList(range: range)))
            }
            return value
        }
    }
}
