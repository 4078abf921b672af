import Foundation

extension FieldValueChecks {
    /// The kit's named checks; a provider adds its own (the date forms it accepts, its owner ids).
    static let standard: [String: Check] = [
        "any": { value, _ in value },
        "string": { value, _ in value.string != nil ? value : nil },
        "number": { value, _ in value.double != nil ? value : nil },
        "integer": { value, _ in value.int != nil ? value : nil },
        "positiveInteger": { value, _ in (value.int ?? 0) > 0 ? value : nil },
        "nonEmptyArray": { value, _ in value.array?.isEmpty == false ? value : nil },
        "option": { value, field in isOption(value, of: field) ? value : nil },
        "options": { value, field in (value.array ?? []).allSatisfy { isOption($0, of: field) } ? value : nil },
        /// Text of digits with at most one decimal point and an optional leading minus (no exponent).
        "decimalText": { value, _ in value.string.map(isDecimalText) == true ? value : nil },
        /// Text `true` or `false` in any case, stored in lower case.
        "booleanText": { value, _ in
            guard let text = value.string?.lowercased(), ["true", "false"].contains(text) else { return nil }
            return .string(text)
        },
        /// Text `YYYY-MM-DD`.
        "date": { value, _ in value.string.flatMap { TimeText.date.parse($0) } != nil ? value : nil },
        /// An object with a numeric `value`.
        "money": { value, _ in value.object?["value"]?.double != nil ? value : nil },
        /// A money object whose `currency` (default USD) is a 3-letter code, stored upper-cased.
        "currency": { value, _ in
            guard let object = value.object, let amount = object["value"]?.double else { return nil }
            let currency = object["currency"]?.string ?? "USD"
            return currency.count == 3 ? .object(["value": .number(amount), "currency": .string(currency.uppercased())]) : nil
        },
        /// A number, or text that reads as one (stored as the number; blank text clears).
        "numberOrNumericText": { value, _ in
            if value.double != nil { return value }
            guard let text = value.string?.trimmingCharacters(in: .whitespaces) else { return nil }
            return text.isEmpty ? .null : Double(text).map(RecordValue.number)
        },
        /// Text, or a number stored as its text (`5`, `2.5`).
        "textOrNumber": { value, _ in value.string != nil ? value : numberText(value).map(RecordValue.string) },
        /// An array of strings, or one string as a list of it (`""`: the empty list).
        "stringList": { value, _ in
            if let text = value.string { return .array(text.isEmpty ? [] : [value]) }
            return value.array?.allSatisfy { $0.string != nil } == true ? value : nil
        },
        /// `""` and `[]` clear the field; anything else passes.
        "emptyClears": { value, _ in value == .string("") || value == .array([]) ? .null : value },
        /// Text that is one of the field's option labels.
        "label": { value, field in field.options.contains { $0.label == value.string } ? value : nil },
        /// Text, or an array of texts, each one of the field's option labels.
        "labels": { value, field in
            let labels = Set(field.options.map(\.label))
            return (value.array ?? [value]).allSatisfy { $0.string.map(labels.contains) ?? false } ? value : nil
        },
    ]

    /// A number as `NSNumber` writes it for a JSON number: whole ones as integers, others as doubles.
    static func numberText(_ value: RecordValue) -> String? {
        guard let number = value.double else { return nil }
        if number.rounded() == number, abs(number) < 9.0e15 { return String(Int(number)) }
        return NSNumber(value: number).stringValue
    }

    /// `maxLength:N`: text of at most N characters.
    static func parameterized(_ name: String) -> Check? {
        guard name.hasPrefix("maxLength:"), let limit = Int(name.dropFirst("maxLength:".count)) else { return nil }
        return { value, _ in (value.string?.count ?? 0) <= limit ? value : nil }
    }

    /// Whether `value` is one of `field`'s options (as written, or as the same number).
    static func isOption(_ value: RecordValue, of field: FieldDefinitions.Field) -> Bool {
        field.options.contains { $0.value == value || ($0.value.int != nil && $0.value.int == value.int) }
    }

    static func isDecimalText(_ text: String) -> Bool {
        let digits = text.first == "-" ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
