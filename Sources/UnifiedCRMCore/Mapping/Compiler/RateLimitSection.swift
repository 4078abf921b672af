/// `rate_limit`: the provider's rate-limit response headers and how its reset header counts.
enum RateLimitSection {
    static func compile(_ root: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> RateLimitHeaders? {
        guard root["rate_limit"] != nil, let reader = ObjectReader(root["rate_limit"], at: "$.rate_limit", section: MappingKeys.rateLimit, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        let limit = reader.string("limit_header", &diagnostics)
        let remaining = reader.string("remaining_header", &diagnostics)
        let reset = reader.string("reset_header", &diagnostics)
        var budget: RequestBudget?
        if reader["budget"] != nil, let budgetReader = ObjectReader(reader["budget"], at: "$.rate_limit.budget", section: MappingKeys.budget, &diagnostics, what: "an object {requests, seconds}") {
            budgetReader.finish(&diagnostics)
            let requests = budgetReader.positiveInteger("requests", &diagnostics)
            let seconds = budgetReader.positiveInteger("seconds", &diagnostics)
            if requests == nil || seconds == nil { diagnostics.error("$.rate_limit.budget", "needs positive integers `requests` and `seconds`", code: "missing") }
            if let requests, let seconds { budget = RequestBudget(requests: requests, seconds: Double(seconds)) }
        }
        if limit == nil, remaining == nil, reset == nil, reader["budget"] == nil {
            diagnostics.error("$.rate_limit", "name at least one of limit_header, remaining_header, reset_header, budget", code: "missing")
        }
        let units = RateLimitHeaders.ResetUnit.allCases.map { ($0.rawValue, $0) }
        let unit = reader.choice("reset_unit", from: units, noun: "reset unit", required: reset != nil, &diagnostics) ?? .seconds
        if reset == nil, reader["reset_unit"] != nil { diagnostics.error("$.rate_limit.reset_unit", "only applies with reset_header", code: "unsupported") }
        _ = reader.string("docs", &diagnostics)
        return RateLimitHeaders(limit: limit, remaining: remaining, reset: reset, resetUnit: unit, budget: budget)
    }
}
