import Foundation

extension ValueChecks {
    /// The named checks every provider can use in its `ValueChecks` steps:
    /// - `string`, `number`: the value is of that JSON type.
    /// - `numberOrNumericText`: a number, or a string that reads as one (stored as the number; a
    ///   blank string clears).
    /// - `textOrNumber`: a string, or a number stored as its text (`5`, `2.5`).
    /// - `stringList`: an array of strings, or one string as a list of it (`""`: the empty list).
    /// - `emptyClears`: `""` and `[]` clear the field; anything else passes.
    /// - `label`, `labels`: a string (every string of an array) is one of the field's option labels.
    public static let standard: [String: Check] = [
        "string": { value, _ in value.string != nil ? .pass(value) : .fail },
        "number": { value, _ in value.double != nil ? .pass(value) : .fail },
        "numberOrNumericText": { value, _ in
            if value.double != nil { return .pass(value) }
            guard let text = value.string?.trimmingCharacters(in: .whitespaces) else { return .fail }
            if text.isEmpty { return .clear }
            return Double(text).map { .pass(.number($0)) } ?? .fail
        },
        "textOrNumber": { value, _ in
            if value.string != nil { return .pass(value) }
            return numberText(value).map { .pass(.string($0)) } ?? .fail
        },
        "stringList": { value, _ in
            if let text = value.string { return .pass(.array(text.isEmpty ? [] : [value])) }
            guard let items = value.array, items.allSatisfy({ $0.string != nil }) else { return .fail }
            return .pass(value)
        },
        "emptyClears": { value, _ in value == .string("") || value == .array([]) ? .clear : .pass(value) },
        "label": { value, field in
            field.options.contains { $0.label == value.string } ? .pass(value) : .fail
        },
        "labels": { value, field in
            let labels = Set(field.options.map(\.label))
            return (value.array ?? [value]).allSatisfy { $0.string.map(labels.contains) ?? false } ? .pass(value) : .fail
        },
    ]

    /// A number as `NSNumber` writes it for a JSON number: whole ones as integers, others as doubles.
    static func numberText(_ value: RecordValue) -> String? {
        guard let number = value.double else { return nil }
        if number.rounded() == number, abs(number) < 9.0e15 { return String(Int(number)) }
        return NSNumber(value: number).stringValue
    }
}
