import FakeProviderKit
import Foundation

/// A validated `POST /api/v2/deals` or `PATCH /api/v2/deals/{id}` body.
///
/// Each property is `nil` when the body did not mention it; `.some(nil)` means "set to null".
/// v2 validates strictly: numbers are not coerced from strings, booleans are only `true`/`false`.
struct PipedriveDealInput: Sendable, Equatable {
    var title: String?
    var ownerID: Int?
    var personID: Int??
    var orgID: Int??
    var pipelineID: Int?
    var stageID: Int?
    var value: Double?
    var currency: String?
    var isArchived: Bool?
    var archiveTime: Int??
    var status: String?
    var probability: Double??
    var lostReason: String??
    var visibleTo: Int?
    var closeTime: Int??
    var wonTime: Int??
    var lostTime: Int??
    var expectedCloseDate: String??
    var labelIDs: [Int]?
    /// key → value, `nil` value clears the field.
    var customFields: [String: PipedriveCustomValue?] = [:]

    static let knownKeys: Set<String> = [
        "title", "owner_id", "person_id", "org_id", "pipeline_id", "stage_id", "value", "currency",
        "is_deleted", "is_archived", "archive_time", "status", "probability", "lost_reason", "visible_to",
        "close_time", "won_time", "lost_time", "expected_close_date", "label_ids", "custom_fields",
    ]

    /// Parses and validates a body. `creating` is true for POST (title required).
    static func parse(_ body: [String: Any], creating: Bool, catalog: PipedriveCatalog) throws(PipedriveAPIError) -> PipedriveDealInput {
        let unknown = body.keys.filter { !knownKeys.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw .badRequest("Invalid field(s) in the payload: \(unknown.joined(separator: ", "))")
        }
        var input = PipedriveDealInput()

        if let raw = body["title"] {
            guard let title = raw as? String else { throw invalid("title", "must be a string") }
            guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw invalid("title", "must not be empty")
            }
            input.title = title
        } else if creating {
            throw .badRequest("Validation failed: title: Required")
        }

        input.ownerID = try integer(body, "owner_id", nullable: false)?.flatMap { $0 }
        input.personID = try integer(body, "person_id", nullable: true)
        input.orgID = try integer(body, "org_id", nullable: true)
        input.pipelineID = try integer(body, "pipeline_id", nullable: false)?.flatMap { $0 }
        input.stageID = try integer(body, "stage_id", nullable: false)?.flatMap { $0 }
        input.visibleTo = try integer(body, "visible_to", nullable: false)?.flatMap { $0 }
        if let v = input.visibleTo, ![1, 3, 5, 7].contains(v) {
            throw invalid("visible_to", "must be one of 1, 3, 5, 7")
        }
        if let p = input.pipelineID, !catalog.pipelineIDs.contains(p) {
            throw .badRequest("Validation failed: pipeline_id: pipeline \(p) does not exist")
        }
        if let s = input.stageID {
            guard let stage = catalog.stage(s) else {
                throw .badRequest("Validation failed: stage_id: stage \(s) does not exist")
            }
            if let p = input.pipelineID, p != stage.pipelineID {
                throw .badRequest("Validation failed: stage_id: stage \(s) does not belong to pipeline \(p)")
            }
        }

        if let raw = body["value"] {
            guard let number = FakeJSON.number(raw) else { throw invalid("value", "must be a number") }
            input.value = number
        }
        if let raw = body["currency"] {
            guard let code = raw as? String, code.count == 3, code.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                throw invalid("currency", "must be a 3-letter currency code")
            }
            input.currency = code.uppercased()
        }
        if let raw = body["is_deleted"] {
            guard FakeJSON.isBool(raw) else { throw invalid("is_deleted", "must be a boolean") }
            if (raw as? Bool) == true {
                throw .badRequest(creating
                    ? "Validation failed: is_deleted: creating an already deleted deal is not allowed"
                    : "Validation failed: is_deleted: use DELETE /api/v2/deals/{id} to delete a deal")
            }
        }
        if let raw = body["is_archived"] {
            guard FakeJSON.isBool(raw) else { throw invalid("is_archived", "must be a boolean") }
            input.isArchived = raw as? Bool
        }
        if let raw = body["archive_time"] {
            if raw is NSNull { input.archiveTime = .some(nil) } else {
                guard let text = raw as? String, let t = parseArchiveTime(text) else {
                    throw invalid("archive_time", "must be in YYYY-MM-DD HH:MM:SS format")
                }
                input.archiveTime = t
            }
        }
        if let raw = body["status"] {
            guard let s = raw as? String, ["open", "won", "lost"].contains(s) else {
                throw invalid("status", "must be one of open, won, lost")
            }
            input.status = s
        }
        if let raw = body["probability"] {
            if raw is NSNull { input.probability = .some(nil) } else {
                guard let p = FakeJSON.number(raw), (0...100).contains(p) else {
                    throw invalid("probability", "must be a number between 0 and 100")
                }
                input.probability = p
            }
        }
        if let raw = body["lost_reason"] {
            if raw is NSNull { input.lostReason = .some(nil) } else {
                guard let s = raw as? String else { throw invalid("lost_reason", "must be a string") }
                input.lostReason = s
            }
        }
        input.closeTime = try time(body, "close_time")
        input.wonTime = try time(body, "won_time")
        input.lostTime = try time(body, "lost_time")
        if let raw = body["expected_close_date"] {
            if raw is NSNull { input.expectedCloseDate = .some(nil) } else {
                guard let s = raw as? String, PipedriveTime.parseDate(s) != nil else {
                    throw invalid("expected_close_date", "must be a date in YYYY-MM-DD format")
                }
                input.expectedCloseDate = s
            }
        }
        if let raw = body["label_ids"] {
            guard let array = raw as? [Any] else { throw invalid("label_ids", "must be an array of integers") }
            var ids: [Int] = []
            for element in array {
                guard let id = FakeJSON.int(element) else { throw invalid("label_ids", "must be an array of integers") }
                guard catalog.labelOptions.contains(where: { $0.id == id }) else {
                    throw invalid("label_ids", "label \(id) does not exist")
                }
                if !ids.contains(id) { ids.append(id) }
            }
            input.labelIDs = ids
        }
        if let raw = body["custom_fields"] {
            guard let object = raw as? [String: Any] else { throw invalid("custom_fields", "must be an object") }
            for (key, value) in object {
                guard let field = catalog.custom(key: key) else {
                    throw .badRequest("Validation failed: custom_fields: unknown custom field key '\(key)'")
                }
                input.customFields[key] = try customValue(field, value)
            }
        }
        return input
    }

    // MARK: - Helpers

    private static func invalid(_ field: String, _ reason: String) -> PipedriveAPIError {
        .badRequest("Validation failed: \(field): \(reason)")
    }

    /// `nil` absent, `.some(nil)` explicit null (only when `nullable`), `.some(n)` a number.
    private static func integer(_ body: [String: Any], _ key: String, nullable: Bool) throws(PipedriveAPIError) -> Int?? {
        guard let raw = body[key] else { return nil }
        if raw is NSNull {
            if nullable { return .some(nil) }
            throw invalid(key, "must be an integer")
        }
        guard let n = FakeJSON.int(raw), n > 0 else { throw invalid(key, "must be a positive integer") }
        return .some(n)
    }

    private static func time(_ body: [String: Any], _ key: String) throws(PipedriveAPIError) -> Int?? {
        guard let raw = body[key] else { return nil }
        if raw is NSNull { return .some(nil) }
        guard let s = raw as? String, let t = PipedriveTime.parseRFC3339(s) ?? parseArchiveTime(s) else {
            throw invalid(key, "must be a date-time in RFC 3339 format")
        }
        return .some(t)
    }

    /// `YYYY-MM-DD HH:MM:SS` (UTC), the format the docs give for `archive_time`.
    private static func parseArchiveTime(_ text: String) -> Int? {
        guard text.count == 19 else { return nil }
        var chars = Array(text)
        guard chars[10] == " " else { return nil }
        chars[10] = "T"
        return PipedriveTime.parseRFC3339(String(chars) + "Z")
    }

    private static func customValue(_ field: PipedriveDealField, _ raw: Any) throws(PipedriveAPIError) -> PipedriveCustomValue? {
        if raw is NSNull { return nil }
        let name = "custom_fields.\(field.key)"
        switch field.fieldType {
        case "varchar", "varchar_auto", "text", "phone":
            guard let s = raw as? String else { throw invalid(name, "must be a string") }
            if field.fieldType != "text", s.count > 255 { throw invalid(name, "must be at most 255 characters") }
            return .text(s)
        case "double":
            guard let d = FakeJSON.number(raw) else { throw invalid(name, "must be a number") }
            return .number(d)
        case "enum":
            guard let id = FakeJSON.int(raw) else { throw invalid(name, "must be a numeric option id") }
            guard field.options?.contains(where: { $0.id == id }) == true else {
                throw invalid(name, "option \(id) does not exist")
            }
            return .option(id)
        case "set":
            guard let array = raw as? [Any], !array.isEmpty else {
                throw invalid(name, "must be a non-empty array of option ids (use null to clear)")
            }
            var ids: [Int] = []
            for element in array {
                guard let id = FakeJSON.int(element), field.options?.contains(where: { $0.id == id }) == true else {
                    throw invalid(name, "contains an unknown option id")
                }
                ids.append(id)
            }
            return .options(ids)
        case "monetary":
            guard let object = raw as? [String: Any], let v = object["value"].flatMap(FakeJSON.number) else {
                throw invalid(name, "must be an object with numeric value and currency")
            }
            let currency = object["currency"] as? String ?? "USD"
            guard currency.count == 3 else { throw invalid(name, "currency must be a 3-letter code") }
            return .monetary(value: v, currency: currency.uppercased())
        case "date":
            guard let s = raw as? String, PipedriveTime.parseDate(s) != nil else {
                throw invalid(name, "must be a date in YYYY-MM-DD format")
            }
            return .date(s)
        case "user", "org", "people":
            guard let id = FakeJSON.int(raw), id > 0 else { throw invalid(name, "must be a positive integer") }
            return .id(id)
        default:
            throw invalid(name, "field type \(field.fieldType) is not supported by the emulator")
        }
    }
}
