/// A timestamp field's format as a record shape declares it (`records.json`, `times`): the unit it
/// is stored in, the form the provider writes and the forms a write may use (none: only the
/// server sets it). A `ShapeFormats` format by its name.
///
/// ```json
/// "times": {"time": {"unit": "seconds", "written": "rfc3339-seconds", "accepted": ["rfc3339-seconds", "date-space-time"]}}
/// ```
public struct TimeFormat: Sendable, Decodable {
    public enum Unit: String, Sendable, Decodable {
        case seconds, milliseconds
        /// The written text itself, once it reads as one of the accepted forms.
        case text
    }

    public let unit: Unit
    public let written: TimeText
    public let accepted: [TimeText]

    public init(unit: Unit, written: TimeText, accepted: [TimeText] = []) {
        self.unit = unit
        self.written = written
        self.accepted = accepted
    }

    enum CodingKeys: String, CodingKey { case unit, written, accepted }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unit = try c.decode(Unit.self, forKey: .unit)
        written = try c.decode(TimeText.self, forKey: .written)
        accepted = try c.decodeIfPresent([TimeText].self, forKey: .accepted) ?? []
    }

    /// The stored value of a written text; nil when no accepted form reads it.
    public func read(_ text: String) -> RecordValue? {
        guard let milliseconds = TimeText.parse(text, as: accepted) else { return nil }
        return switch unit {
        case .seconds: .int64(milliseconds / 1000)
        case .milliseconds: .int64(milliseconds)
        case .text: .string(text)
        }
    }

    /// The written text of a stored value (a text unit is written as stored).
    public func render(_ value: RecordValue) -> RecordValue {
        switch unit {
        case .seconds: value.int64.map { .string(written.text($0 * 1000)) } ?? value
        case .milliseconds: value.int64.map { .string(written.text($0)) } ?? value
        case .text: value
        }
    }

    /// As a `ShapeFormats` format.
    public var shapeFormat: ShapeFormats.Format {
        .init(read: { [self] value in value.string.flatMap(read) }, render: { [self] value in render(value) })
    }
}
