import CivilCalendar
import Foundation

/// What a seed expression is evaluated in: the variables, the generator it draws from and the
/// values `unique` has handed out in this run.
public struct SeedScope: Sendable {
    public var variables: [String: RecordValue]
    public var generator: SeededGenerator
    var seen: Set<RecordValue> = []

    public init(variables: [String: RecordValue] = [:], generator: SeededGenerator) {
        self.variables = variables
        self.generator = generator
    }
}

/// A seed expression that cannot be evaluated (an unknown variable, a wrong type), with the expression.
public struct SeedError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension SeedExpression {
    public func evaluate(in scope: inout SeedScope) throws(SeedError) -> RecordValue {
        switch self {
        case .literal(let value):
            return value
        case .variable(let name, let members):
            guard var value = scope.variables[name] else { throw SeedError(description: "unknown variable $\(name)") }
            for member in members { value = value.object?[member] ?? .null }
            return value
        case .bindings(let bound, let result):
            // Only the bound names are saved: copying every variable would cost a dictionary copy per use.
            let saved = bound.map { scope.variables[$0.0] }
            defer { for ((name, _), value) in zip(bound, saved) { scope.variables[name] = value } }
            for (name, expression) in bound { scope.variables[name] = try expression.evaluate(in: &scope) }
            return try result.evaluate(in: &scope)
        case .call(let operation, let arguments):
            return try Self.apply(operation, arguments, in: &scope)
        }
    }

    private static func apply(_ operation: SeedOperation, _ arguments: [SeedExpression], in scope: inout SeedScope) throws(SeedError) -> RecordValue {
        func value(_ index: Int) throws(SeedError) -> RecordValue { try arguments[index].evaluate(in: &scope) }
        func int(_ index: Int) throws(SeedError) -> Int {
            let result = try value(index)
            guard let whole = result.int else { throw SeedError(description: "\(operation.rawValue): \(result) is not a whole number") }
            return whole
        }
        func list(_ index: Int) throws(SeedError) -> [RecordValue] {
            let result = try value(index)
            guard let items = result.array else { throw SeedError(description: "\(operation.rawValue): \(result) is not a list") }
            return items
        }
        func each(_ items: [RecordValue], _ body: SeedExpression) throws(SeedError) -> [RecordValue] {
            let saved = scope.variables["it"]
            defer { scope.variables["it"] = saved }
            var results: [RecordValue] = []
            for item in items {
                scope.variables["it"] = item
                results.append(try body.evaluate(in: &scope))
            }
            return results
        }
        func all() throws(SeedError) -> [RecordValue] {
            var result: [RecordValue] = []
            for index in arguments.indices { result.append(try value(index)) }
            return result
        }
        func numbers() throws(SeedError) -> [Double] {
            var result: [Double] = []
            for index in arguments.indices {
                let item = try value(index)
                guard let number = item.double else { throw SeedError(description: "\(operation.rawValue): \(item) is not a number") }
                result.append(number)
            }
            return result
        }
        /// Whole-number arithmetic when every operand is whole (as the seeds' `Int` code), else `Double`.
        func arithmetic(_ whole: (Int, Int) -> Int, _ real: (Double, Double) -> Double) throws(SeedError) -> RecordValue {
            let operands = try numbers()
            if operands.allSatisfy({ RecordValue.number($0).int != nil }) {
                return .int(operands.dropFirst().reduce(Int(operands[0])) { whole($0, Int($1)) })
            }
            return .number(operands.dropFirst().reduce(operands[0], real))
        }

        switch operation {
        case .int: return .int(scope.generator.int(try int(0)))
        case .intIn:
            let low = try int(0), high = try int(1)
            return .int(scope.generator.int(in: low...high))
        case .chance: return .bool(scope.generator.chance(try int(0)))
        case .pick:
            let items = try list(0)
            guard !items.isEmpty else { throw SeedError(description: "pick: empty list") }
            return scope.generator.pick(items)
        case .pickWeighted:
            let items = try list(0)
            let weights = try each(items, arguments[1]).map { $0.int ?? 0 }
            var roll = scope.generator.int(weights.reduce(0, +))
            for (item, weight) in zip(items, weights) {
                if roll < weight { return item }
                roll -= weight
            }
            return items.first ?? .null
        case .alphanumeric: return .string(scope.generator.alphanumericID(length: try int(0)))
        case .unique:
            var result = try value(0)
            while !scope.seen.insert(result).inserted { result = try value(0) }
            return result
        case .if: return try value(try value(0) == .bool(true) ? 1 : 2)
        case .case: return try value(min(1 + max(try int(0), 0), arguments.count - 1))
        case .and, .or:
            // Short-circuits: `and` stops at the first false, `or` at the first true.
            let stop = operation == .or
            for index in arguments.indices {
                let flag = try value(index) == .bool(true)
                if flag == stop { return .bool(stop) }
            }
            return .bool(!stop)
        case .not: return .bool(try value(0) != .bool(true))
        case .orElse:
            let first = try value(0)
            return first.isNull ? try value(1) : first
        case .equal: return .bool(try value(0) == value(1))
        case .notEqual: return .bool(try value(0) != value(1))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let operands = try numbers()
            let (a, b) = (operands[0], operands[1])
            return .bool(operation == .less ? a < b : operation == .lessOrEqual ? a <= b : operation == .greater ? a > b : a >= b)
        case .plus: return try arithmetic(+, +)
        case .minus: return try arithmetic(-, -)
        case .times: return try arithmetic(*, *)
        case .divide: return try arithmetic(/, /)
        case .remainder: return try arithmetic(%, { $0.truncatingRemainder(dividingBy: $1) })
        case .min: return .number(try numbers().min()!)
        case .max: return .number(try numbers().max()!)
        case .fdiv:
            let operands = try numbers()
            return .number(operands[0] / operands[1])
        case .trunc: return .number(try numbers()[0].rounded(.towardZero))
        case .list: return .array(try all())
        case .object:
            var members: [String: RecordValue] = [:]
            for index in stride(from: 0, to: arguments.count - 1, by: 2) {
                let key = try value(index), item = try value(index + 1)
                guard let name = key.string else { throw SeedError(description: "object: key \(key) is not text") }
                if !item.isNull { members[name] = item }
            }
            return .object(members)
        case .at:
            let items = try list(0), index = try int(1)
            return items.indices.contains(index) ? items[index] : .null
        case .get: return try value(0).object?[value(1).string ?? ""] ?? .null
        case .last: return try list(0).last ?? .null
        case .count: return .int(try list(0).count)
        case .range:
            let low = try int(0), high = try int(1)
            return .array(low <= high ? (low...high).map(RecordValue.int) : [])
        case .filter:
            let items = try list(0)
            return .array(zip(items, try each(items, arguments[1])).filter { $0.1 == .bool(true) }.map(\.0))
        case .map: return .array(try each(try list(0), arguments[1]))
        case .find, .where:
            let items = try list(0), member = try value(1).string ?? "", wanted = try value(2)
            let matching = items.filter { $0.object?[member] == wanted }
            return operation == .find ? matching.first ?? .null : .array(matching)
        case .concat: return .string(try all().map(\.messageText).joined())
        case .lower: return .string(try value(0).messageText.lowercased())
        case .letters: return .string(try value(0).messageText.filter(\.isLetter))
        case .ms:
            let text = try value(0).messageText
            guard let parsed = ISO8601Text(text) else { throw SeedError(description: "ms: \(text) is not an ISO 8601 time") }
            return .int64(parsed.epochMilliseconds)
        case .isoMillis: return .string(CivilTimestamp(epochMilliseconds: Int64(try int(0))).iso8601Milliseconds)
        case .day: return .string(CivilTimestamp(epochMilliseconds: Int64(try int(0))).dateText)
        }
    }
}
