/// What a provider plugs into its `RecordShape`s by name: value formats (how a written value is
/// read and a stored one rendered, e.g. epoch seconds shown as RFC 3339) and reference lookups
/// (does stage 7 exist?). The fixture names them; the provider's Swift supplies them.
public struct ShapeFormats: Sendable {
    public struct Format: Sendable {
        /// The stored value for a written one; nil refuses it (`format` rule).
        public let read: @Sendable (RecordValue) -> RecordValue?
        /// The wire value for a stored, non-null one.
        public let render: @Sendable (RecordValue) -> RecordValue

        public init(read: @escaping @Sendable (RecordValue) -> RecordValue?, render: @escaping @Sendable (RecordValue) -> RecordValue) {
            self.read = read
            self.render = render
        }
    }

    public var formats: [String: Format]
    public var references: [String: @Sendable (RecordValue) -> Bool]

    public init(formats: [String: Format] = [:], references: [String: @Sendable (RecordValue) -> Bool] = [:]) {
        self.formats = formats
        self.references = references
    }

    /// The shape's timestamp formats (`RecordShape.times`), then `formats`.
    public init(shape: RecordShape, formats: [String: Format] = [:], references: [String: @Sendable (RecordValue) -> Bool] = [:]) {
        self.init(formats: shape.times.mapValues(\.shapeFormat).merging(formats) { $1 }, references: references)
    }
}
