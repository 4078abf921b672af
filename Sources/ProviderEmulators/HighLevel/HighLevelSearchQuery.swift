import FakeProviderKit
import Foundation

/// The query of `GET /opportunities/search`, as listed in the spec: `location_id` (required), `q`, `pipeline_id`,
/// `pipeline_stage_id`, `contact_id`, `status`, `assigned_to`, `campaignId`, `id`, `order`, `date`, `endDate`,
/// `startAfter`, `startAfterId`, `country`, `page`, `limit` (default 20, at most 100), `getTasks`, `getNotes`,
/// `getCalendarEvents`.
struct HighLevelSearchQuery: Sendable {
    static let statusFilterEnum = ["open", "won", "lost", "abandoned", "all"]
    /// The parameters that filter by a member; the emulator keeps no campaign links, so a campaign filter matches nothing.
    static let filters = FilterParameters(equals: ["pipeline_id": "pipelineId", "pipeline_stage_id": "pipelineStageId",
                                                   "contact_id": "contactId", "assigned_to": "assignedTo", "id": "id"],
                                          matchNothing: ["campaignId"])
    /// class-validator's words for a bad parameter.
    static let wording = QueryProblemTexts(rules: [
        "oneOf": "{name} must be one of the following values: {allowed}",
        "integer.below": "{name} must not be less than {min}", "integer.above": "{name} must not be greater than {max}",
        "parameter.limit": "{name} must be a number conforming to the specified constraints", "parameter.page": "{name} must not be less than 1",
        "parameter.startAfter": "{name} must be a numeric string (epoch milliseconds)",
        "parameter.date": "{name} must be in mm-dd-yyyy format", "parameter.endDate": "{name} must be in mm-dd-yyyy format",
    ])

    var locationId = ""
    /// Lowercased free text, matched against the name and the contact.
    var text: String?
    /// The member filters: the `filters` parameters, `status` (nil or `all`: any) and `date`/`endDate` on `createdAt`.
    var filter = RecordFilter()
    /// `added_desc` (default, newest first) or `added_asc`.
    var descending = true
    /// Cursor: epoch milliseconds of the last record of the previous page.
    var startAfter: Int64?
    /// Cursor: id of the last record of the previous page; breaks ties between records sharing `startAfter`.
    var startAfterId: String?
    var page = 1
    var limit = 20
    /// Every raw parameter the client sent, in order, for `meta.nextPageUrl`.
    var rawParameters: [(String, String)] = []

    var hasFilters: Bool { !filter.isEmpty || text != nil }

    func matches(_ opportunity: HighLevelOpportunity, contact: HighLevelContact?) -> Bool {
        guard filter.matches(opportunity) else { return false }
        guard let text else { return true }
        return opportunity.string("name")?.lowercased().contains(text) == true || contact?.matches(lowercased: text) == true
    }

    /// Parses and validates; violations are reported together in a 422 (class-validator style).
    static func parse(_ parameters: [(String, String)]) throws -> HighLevelSearchQuery {
        var query = HighLevelSearchQuery()
        query.rawParameters = parameters
        var log = QueryProblemLog(pairs: parameters, texts: wording)
        let params = log.query
        if let location = params.string("location_id") { query.locationId = location }
        else { log.add("location_id should not be empty", "location_id must be a string") }

        query.text = params.string("q")?.lowercased()
        query.filter = filters.filter(params)
        if let status = try log.read({ try $0.oneOf("status", statusFilterEnum) }), status != "all" { query.filter.equals["status"] = status }
        if let order = try log.read({ try $0.oneOf("order", ["added_asc", "added_desc"]) }) {
            query.descending = order == "added_desc"
        }
        query.limit = try log.read { try $0.wholeNumber("limit", in: 1...100) } ?? 20
        let page = { (text: String) in wholeNumber(text).flatMap { $0 >= 1 && $0 < 1e9 ? Int($0) : nil } }
        query.page = try log.read({ try $0.value("page", page) }) ?? 1
        query.startAfter = try log.read { try $0.value("startAfter") { Int64($0) } }
        query.startAfterId = params.string("startAfterId")
        let from = try log.read { try $0.value("date", TimeText.monthDayYear.parse) }
        let to = try log.read { try $0.value("endDate", TimeText.monthDayYear.parse) }.map { $0 + 86_400_000 }
        query.filter.ranges = RecordFilter(ranges: [.init(member: "createdAt", from: from, to: to)]).ranges
        if !log.messages.isEmpty { throw HighLevelErrors.unprocessable(log.messages) }
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
