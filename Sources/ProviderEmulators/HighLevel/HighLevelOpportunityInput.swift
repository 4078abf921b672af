import Foundation

/// A parsed `CreateDto` / `UpdateOpportunityDto` body. Validation follows the spec's schemas and
/// class-validator's message style (`x should not be empty`, `x must be a string`, ...), all reported at once in a 422.
public struct HighLevelOpportunityInput: Sendable {
    /// The write status values. The spec's enum also lists `all`, which only makes sense as a search filter.
    static let statusEnum = ["open", "won", "lost", "abandoned", "all"]
    static let statusEnumMessage = "status must be one of the following values: open, won, lost, abandoned, all"

    public var pipelineId: String?
    public var locationId: String?
    public var name: String?
    public var pipelineStageId: String?
    public var status: String?
    public var contactId: String?
    public var monetaryValue: Double?
    /// `.some(nil)` clears the assignee.
    public var assignedTo: String??
    public var source: String?
    /// Values to set (`nil` value = clear), in body order; nil when `customFields` was absent.
    public var customFields: [(field: HighLevelCustomField, value: HighLevelFieldValue?)]?

    /// Parses a create (`creating == true`: `CreateDto`, required `pipelineId`, `locationId`, `name`, `status`,
    /// `contactId`) or update (`UpdateOpportunityDto`, everything optional) body.
    static func parse(_ body: [String: Any], creating: Bool, catalog: HighLevelCatalog) throws -> HighLevelOpportunityInput {
        var input = HighLevelOpportunityInput()
        var messages: [String] = []

        func string(_ key: String, required: Bool) -> String? {
            let raw = body[key]
            if raw == nil || raw is NSNull {
                if required { messages.append("\(key) should not be empty"); messages.append("\(key) must be a string") }
                return nil
            }
            guard let text = raw as? String else { messages.append("\(key) must be a string"); return nil }
            if required, text.isEmpty { messages.append("\(key) should not be empty"); return nil }
            return text
        }

        input.pipelineId = string("pipelineId", required: creating)
        if creating { input.locationId = string("locationId", required: true) }
        input.name = string("name", required: creating)
        input.pipelineStageId = string("pipelineStageId", required: false)
        if creating { input.contactId = string("contactId", required: true) }
        if creating { input.source = string("source", required: false) }

        if let raw = body["status"], !(raw is NSNull) {
            if let text = raw as? String, statusEnum.contains(text) { input.status = text }
            else { messages.append(statusEnumMessage) }
        } else if creating {
            messages.append(statusEnumMessage)
        }

        if let raw = body["monetaryValue"], !(raw is NSNull) {
            if let number = raw as? NSNumber, !HighLevelCustomField.isBool(number), number.doubleValue.isFinite {
                input.monetaryValue = number.doubleValue
            } else {
                messages.append("monetaryValue must be a number conforming to the specified constraints")
            }
        }

        if let raw = body["assignedTo"] {
            if raw is NSNull { input.assignedTo = .some(nil) }
            else if let text = raw as? String { input.assignedTo = .some(text.isEmpty ? nil : text) }
            else { messages.append("assignedTo must be a string") }
        }

        var rawFields: [Any]?
        if let raw = body["customFields"], !(raw is NSNull) {
            if let list = raw as? [Any] { rawFields = list } else { messages.append("customFields must be an array") }
        }

        if !messages.isEmpty { throw HighLevelAPIError.unprocessable(messages) }

        if let rawFields { input.customFields = try parseCustomFields(rawFields, catalog: catalog) }
        return input
    }

    /// `[{id | key, field_value}]`. The emulator refuses unknown ids/keys (400) rather than dropping them.
    static func parseCustomFields(_ list: [Any], catalog: HighLevelCatalog) throws -> [(field: HighLevelCustomField, value: HighLevelFieldValue?)] {
        var result: [(field: HighLevelCustomField, value: HighLevelFieldValue?)] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                throw HighLevelAPIError.unprocessable(["customFields.\(index) must be an object"])
            }
            let id = object["id"] as? String
            let key = object["key"] as? String
            guard id != nil || key != nil else {
                throw HighLevelAPIError.unprocessable(["customFields.\(index).id or customFields.\(index).key must be a string"])
            }
            guard let field = catalog.opportunityField(id: id, key: key) else {
                throw HighLevelAPIError.badRequest("Custom field not found: \(id ?? key ?? "")")
            }
            // `field_value` is the written name. An entry without it (e.g. one that sends the read-side
            // `fieldValue`) changes nothing, so such writes visibly do not stick.
            guard let raw = object["field_value"] else { continue }
            result.append((field, try field.coerce(raw, at: index)))
        }
        return result
    }
}
