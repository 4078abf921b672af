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

    /// 400 `VALIDATION_ERROR` for a bad query parameter, worded by `query-errors.json`.
    static func query(_ texts: QueryProblemTexts) -> @Sendable (QueryProblem) -> FakeError { { problem in
        let message = texts.text(problem)
        return validation(message, errors: texts.code(problem).map {
            [.object(["message": .string(message), "code": .string($0), "in": .string(problem.name)])]
        } ?? [])
    } }

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
