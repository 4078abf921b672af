import FakeProviderKit
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

    /// What each parameter read through a parser must be, in class-validator's words.
    static let formatRules = [
        "limit": "must be a number conforming to the specified constraints", "page": "must not be less than 1",
        "startAfter": "must be a numeric string (epoch milliseconds)",
        "date": "must be in mm-dd-yyyy format", "endDate": "must be in mm-dd-yyyy format",
    ]

    /// Parses and validates; violations are reported together in a 422 (class-validator style).
    static func parse(_ parameters: [(String, String)]) throws -> HighLevelSearchQuery {
        var query = HighLevelSearchQuery()
        query.rawParameters = parameters
        let params = QueryReader(pairs: parameters, failure: { $0 })
        var messages: [String] = []
        // Reads one parameter; a bad value adds its message and reads as absent.
        func read<T>(_ value: () throws -> T?) -> T? {
            do { return try value() } catch {
                messages.append(HighLevelErrors.message(for: error as! QueryProblem)) // the reader throws nothing else
                return nil
            }
        }

        if let location = params.string("location_id") { query.locationId = location }
        else { messages.append("location_id should not be empty"); messages.append("location_id must be a string") }

        query.text = params.string("q")?.lowercased()
        query.pipelineId = params.string("pipeline_id")
        query.pipelineStageId = params.string("pipeline_stage_id")
        query.contactId = params.string("contact_id")
        query.assignedTo = params.string("assigned_to")
        query.campaignId = params.string("campaignId")
        query.id = params.string("id")
        if let status = read({ try params.oneOf("status", statusFilterEnum) }), status != "all" { query.status = status }
        if let order = read({ try params.oneOf("order", ["added_asc", "added_desc"]) }) {
            query.descending = order == "added_desc"
        }
        if let limit = read({ try params.value("limit", wholeNumber) }) {
            if limit < 1 { messages.append("limit must not be less than 1") }
            else if limit > 100 { messages.append("limit must not be greater than 100") }
            else { query.limit = Int(limit) }
        }
        let page = { (text: String) in wholeNumber(text).flatMap { $0 >= 1 && $0 < 1e9 ? Int($0) : nil } }
        query.page = read({ try params.value("page", page) }) ?? 1
        query.startAfter = read { try params.value("startAfter") { Int64($0) } }
        query.startAfterId = params.string("startAfterId")
        query.fromMs = read { try params.value("date", TimeText.monthDayYear.parse) }
        query.toMs = read { try params.value("endDate", TimeText.monthDayYear.parse) }.map { $0 + 86_400_000 }
        if !messages.isEmpty { throw HighLevelErrors.unprocessable(messages) }
        return query
    }

    /// A number with no fraction (`20`, `20.0`), as class-validator's `@IsNumber` with an integer check reads it.
    static func wholeNumber(_ text: String) -> Double? {
        guard let number = Double(text), number.rounded() == number else { return nil }
        return number
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
