import FakeProviderKit

/// HubSpot's errors in its own words. The envelope (`{"status":"error","message":...,
/// "correlationId":...,"category":...,"errors":[...],"context":{...}}`) and the fixed errors are
/// data: `answers.json`.
enum HubSpotErrors {
    /// The named errors the emulator answers.
    static let named = ["unauthorized", "objectNotFound", "validation", "internal"]

    /// 404 for an unknown or archived record id.
    static func objectNotFound(id: String) -> FakeError {
        .named("objectNotFound", ["context": .object(["id": .array([.string(id)])])])
    }

    /// 400 `VALIDATION_ERROR` with a plain message and the `errors` details (`ErrorDetail`).
    static func validation(_ message: String, errors: [RecordValue] = []) -> FakeError {
        var values: [String: RecordValue] = ["message": .string(message)]
        if !errors.isEmpty { values["errors"] = .array(errors) }
        return .named("validation", values)
    }

    /// 400 `VALIDATION_ERROR` for a bad query parameter (`limit`, `after`).
    static func query(_ problem: QueryProblem) -> FakeError {
        let (name, raw) = (problem.name, problem.value)
        let detail = { (message: String, code: String) in
            [RecordValue.object(["message": .string(message), "code": .string(code), "in": .string(name)])]
        }
        switch problem.kind {
        case .integer where name == "after":
            return validation("Invalid after value '\(raw)': paging cursors are the id returned in paging.next.after")
        case .integer(_, nil):
            return validation("Unable to parse \(name) value '\(raw)': \(name) must be an integer",
                              errors: detail("\(name) must be an integer", "INVALID_INTEGER"))
        case .integer(let range, let value?):
            let rule = "\(name) must be between \(range.lowerBound) and \(range.upperBound)"
            return validation("\(rule), got \(value)", errors: detail(rule, "OUT_OF_RANGE"))
        default:
            return validation("Invalid value '\(raw)' for query parameter \(name)")
        }
    }

    /// 400 `VALIDATION_ERROR` for property values, shaped like HubSpot's: the `message` carries the
    /// per-property results as escaped JSON (members in HubSpot's order), and `errors` repeats them
    /// with `code` and `context.propertyName`.
    static func propertyValues(_ failures: [FieldValueChecks.Failure], portalID: Int) -> FakeError {
        let inner = failures.map { failure -> String in
            var members: [(String, Any)] = [("isValid", false), ("message", failure.message), ("error", failure.code ?? ""),
                                            ("name", failure.key), ("localizedErrorMessage", failure.message)]
            if let value = failure.value { members.append(("propertyValue", value)) }
            members.append(("portalId", portalID))
            return FakeJSON.orderedObject(members)
        }
        let details = failures.map { failure in
            RecordValue.object(["message": .string(failure.message), "code": .string(failure.code ?? ""),
                                "context": .object(["propertyName": .array([.string(failure.key)])])])
        }
        return validation("Property values were not valid: [" + inner.joined(separator: ",") + "]", errors: details)
    }
}
