/// Formats and reference lookups several providers plug into their shapes.
extension ShapeFormats.Format {
    /// A 3-letter ASCII currency code, stored and written upper-case.
    public static let currencyCode = ShapeFormats.Format(read: { value in
        guard let code = value.string, code.count == 3, code.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
        return .string(code.uppercased())
    }, render: { $0 })
}

extension Pipelines where ID == Int {
    /// `pipeline` and `stage` reference lookups: does a pipeline or a stage with that id exist.
    public var references: [String: @Sendable (RecordValue) -> Bool] {
        let pipelineIDs = Set(all.map(\.id)), stageIDs = Set(stages.map(\.id))
        return ["pipeline": { $0.int.map(pipelineIDs.contains) ?? false }, "stage": { $0.int.map(stageIDs.contains) ?? false }]
    }
}

extension ShapeFormats.Format {
    /// A number written as its text (`1234` as `"1234"`); a written text must be a number.
    public static let text = ShapeFormats.Format(read: { $0.string.flatMap(Double.init).map(RecordValue.number) }, render: { .string($0.messageText) })
}
