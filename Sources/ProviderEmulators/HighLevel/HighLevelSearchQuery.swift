import Foundation

/// The query of `GET /opportunities/search`, as listed in the spec: `location_id` (required), `q`, `pipeline_id`,
/// `pipeline_stage_id`, `contact_id`, `status`, `assigned_to`, `campaignId`, `id`, `order`, `date`, `endDate`,
/// `startAfter`, `startAfterId`, `country`, `page`, `limit` (default 20, at most 100), `getTasks`, `getNotes`,
/// `getCalendarEvents`.
struct HighLevelSearchQuery: Sendable {
    static let statusFilterEnum = ["open", "won", "lost", "abandoned", "all"]

    var locationId = ""
    /// Lowercased free text.
    var text: String?
    var pipelineId: String?
    var pipelineStageId: String?
    var contactId: String?
    /// nil or `all` means any status.
    var status: String?
    var assignedTo: String?
    var campaignId: String?
    var id: String?
    /// `added_desc` (default, newest first) or `added_asc`.
    var descending = true
    /// createdAt ≥ fromMs.
    var fromMs: Int64?
    /// createdAt < toMs.
    var toMs: Int64?
    /// Cursor: epoch milliseconds of the last record of the previous page.
    var startAfter: Int64?
    /// Cursor: id of the last record of the previous page; breaks ties between records sharing `startAfter`.
    var startAfterId: String?
    var page = 1
    var limit = 20
    /// Every raw parameter the client sent, in order, for `meta.nextPageUrl`.
    var rawParameters: [(String, String)] = []

    var hasFilters: Bool {
        text != nil || pipelineId != nil || pipelineStageId != nil || contactId != nil || status != nil
            || assignedTo != nil || campaignId != nil || id != nil || fromMs != nil || toMs != nil
    }

    /// Identifies the filter set (not the cursor or page) for the cached `meta.total`.
    var filterSignature: String {
        [text, pipelineId, pipelineStageId, contactId, status, assignedTo, campaignId, id,
         fromMs.map(String.init), toMs.map(String.init)]
            .map { $0 ?? "\u{1}" }.joined(separator: "\u{0}")
    }

    func matches(_ opportunity: HighLevelOpportunity, contact: HighLevelContact?) -> Bool {
        for (name, wanted) in [("pipelineId", pipelineId), ("pipelineStageId", pipelineStageId), ("contactId", contactId),
                               ("status", status), ("assignedTo", assignedTo), ("id", id)] {
            if let wanted, opportunity.string(name) != wanted { return false }
        }
        // The emulator keeps no campaign links, so a campaign filter matches nothing.
        if campaignId != nil { return false }
        let createdAt = opportunity.int64("createdAt") ?? 0
        if let fromMs, createdAt < fromMs { return false }
        if let toMs, createdAt >= toMs { return false }
        if let text {
            if opportunity.string("name")?.lowercased().contains(text) == true { return true }
            return contact?.matches(lowercased: text) ?? false
        }
        return true
    }

    /// Parses and validates; violations are reported together in a 422 (class-validator style).
    static func parse(_ parameters: [(String, String)]) throws -> HighLevelSearchQuery {
        var query = HighLevelSearchQuery()
        query.rawParameters = parameters
        var values: [String: String] = [:]
        for (name, value) in parameters { values[name] = value }
        func nonEmpty(_ name: String) -> String? {
            guard let value = values[name], !value.isEmpty else { return nil }
            return value
        }
        var messages: [String] = []

        if let location = nonEmpty("location_id") { query.locationId = location }
        else { messages.append("location_id should not be empty"); messages.append("location_id must be a string") }

        query.text = nonEmpty("q")?.lowercased()
        query.pipelineId = nonEmpty("pipeline_id")
        query.pipelineStageId = nonEmpty("pipeline_stage_id")
        query.contactId = nonEmpty("contact_id")
        query.assignedTo = nonEmpty("assigned_to")
        query.campaignId = nonEmpty("campaignId")
        query.id = nonEmpty("id")

        if let status = nonEmpty("status") {
            if !statusFilterEnum.contains(status) {
                messages.append("status must be one of the following values: \(statusFilterEnum.joined(separator: ", "))")
            } else if status != "all" {
                query.status = status
            }
        }
        if let order = nonEmpty("order") {
            switch order {
            case "added_desc": query.descending = true
            case "added_asc": query.descending = false
            default: messages.append("order must be one of the following values: added_asc, added_desc")
            }
        }
        if let limit = nonEmpty("limit") {
            if let number = Double(limit), number.rounded() == number {
                if number < 1 { messages.append("limit must not be less than 1") }
                else if number > 100 { messages.append("limit must not be greater than 100") }
                else { query.limit = Int(number) }
            } else {
                messages.append("limit must be a number conforming to the specified constraints")
            }
        }
        if let page = nonEmpty("page") {
            if let number = Double(page), number.rounded() == number, number >= 1, number < 1e9 { query.page = Int(number) }
            else { messages.append("page must not be less than 1") }
        }
        if let startAfter = nonEmpty("startAfter") {
            if let number = Int64(startAfter) { query.startAfter = number }
            else { messages.append("startAfter must be a numeric string (epoch milliseconds)") }
        }
        query.startAfterId = nonEmpty("startAfterId")
        if let date = nonEmpty("date") {
            if let start = HighLevelTime.parseMonthDayYear(date) { query.fromMs = start }
            else { messages.append("date must be in mm-dd-yyyy format") }
        }
        if let endDate = nonEmpty("endDate") {
            if let end = HighLevelTime.parseMonthDayYear(endDate) { query.toMs = end + 86_400_000 }
            else { messages.append("endDate must be in mm-dd-yyyy format") }
        }
        if !messages.isEmpty { throw HighLevelAPIError.unprocessable(messages) }
        return query
    }
}

/// One page of search results.
struct HighLevelSearchPage: Sendable {
    var opportunities: [(HighLevelOpportunity, HighLevelContact?)]
    var total: Int
    var hasMore: Bool
    /// Records looked at to build the page (the cursor is found by binary search).
    var scanned: Int
}
