/// A provider record stored as JSON values by field name, shaped by a `RecordShape`: created from
/// the shape's defaults, rendered in the shape's terms (formats, derived and omitted fields).
/// Null values are not kept (a missing field reads as null), so large seeds stay small.
public struct ShapedRecord: Sendable, Equatable {
    /// The non-null values by field name.
    public private(set) var values: [String: RecordValue]

    /// The shape's defaults (null for fields without one), then `values`.
    public init(shape: RecordShape, _ values: [String: RecordValue] = [:]) {
        var all: [String: RecordValue] = [:]
        for field in shape.fields where field.derivedFrom == nil && !field.initial.isNull { all[field.name] = field.initial }
        self.values = all
        apply(values)
    }

    /// A field's stored value (null when there is none).
    public subscript(name: String) -> RecordValue {
        get { values[name] ?? .null }
        set { values[name] = newValue.isNull ? nil : newValue }
    }

    public func int(_ name: String) -> Int? { self[name].int }
    public func int64(_ name: String) -> Int64? { self[name].int64 }
    public func string(_ name: String) -> String? { self[name].string }
    public func double(_ name: String) -> Double? { self[name].double }
    public func bool(_ name: String) -> Bool? { self[name].bool }

    /// Stores every value of a checked write.
    public mutating func apply(_ values: [String: RecordValue]) {
        for (name, value) in values { self[name] = value }
    }
}

extension RecordShape {
    /// The record as the provider writes it: every field in shape order, formatted values, derived
    /// fields computed, null `omitNull` fields left out. `extra` members are added as they are.
    public func render(_ record: ShapedRecord, formats: ShapeFormats = ShapeFormats(), extra: [String: Any] = [:]) -> [String: Any] {
        var object: [String: Any] = [:]
        for field in fields {
            var value = record[field.derivedFrom ?? field.name]
            if !value.isNull, let name = field.format, let format = formats.formats[name] { value = format.render(value) }
            if value.isNull, field.omitNull { continue }
            object[field.name] = value.foundation
        }
        for (key, value) in extra { object[key] = value }
        return object
    }
}
