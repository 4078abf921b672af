extension QueryReader {
    /// A number with no fraction (`20`, `20.0`, `2e1`) in `range`, nil when absent: a value that is
    /// not such a number fails as `.format`, one outside the range as `.integer` (`parsed` nil when
    /// it does not fit an `Int`). `QueryProblemTexts` words the side it is on (`integer.below`, `integer.above`).
    public func wholeNumber(_ name: String, in range: ClosedRange<Int>) throws(Failure) -> Int? {
        guard let raw = string(name) else { return nil }
        guard let number = Double(raw), number.rounded() == number else {
            throw failure(QueryProblem(name: name, value: raw, kind: .format))
        }
        guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw failure(QueryProblem(name: name, value: raw, kind: .integer(range: range, parsed: Int(exactly: number))))
        }
        return Int(number)
    }
}
