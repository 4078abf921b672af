import Foundation

/// `errors`: where provider error bodies hold the message, and rules mapping a provider status
/// (and message pattern) to one of our codes.
enum ErrorSection {
    /// Codes a rule may produce (the provider-facing ones).
    static let ruleCodes: [APIError.Code] = [.notFound, .needsReauth, .remoteForbidden, .remoteValidationError, .rateLimited, .remoteError]

    static func compile(_ root: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> ErrorRules {
        guard root["errors"] != nil, let errors = ObjectReader(root["errors"], at: "$.errors", section: MappingKeys.errors, &diagnostics) else { return ErrorRules() }
        errors.finish(&diagnostics)
        var result = ErrorRules(messagePath: errors.dottedPath("message", &diagnostics))
        guard let rules = errors["rules"] else { return result }
        guard let list = rules.arrayValue else { diagnostics.error("$.errors.rules", "must be an array of {status, message_pattern, code}", code: "invalid_type"); return result }
        for (i, spec) in list.enumerated() {
            let at = "$.errors.rules[\(i)]"
            guard let rule = ObjectReader(spec, at: at, section: MappingKeys.errorRule, &diagnostics) else { continue }
            rule.finish(&diagnostics)
            let status = rule.positiveInteger("status", &diagnostics)
            let pattern = rule.string("message_pattern", &diagnostics)
            if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
                diagnostics.error("\(at).message_pattern", "not a valid regular expression", code: "invalid_value")
            }
            if status == nil, pattern == nil { diagnostics.error(at, "a rule needs a `status`, a `message_pattern` or both", code: "missing") }
            let code = rule.choice("code", from: ruleCodes.map { ($0.rawValue, $0) }, noun: "error code", required: true, &diagnostics)
            if let code { result.rules.append(ErrorRule(status: status, messagePattern: pattern, code: code)) }
        }
        return result
    }
}
