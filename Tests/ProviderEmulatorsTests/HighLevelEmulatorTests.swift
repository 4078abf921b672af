import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ProviderEmulators

private let token = "hl-test-token-123"
private let location = "ve9EPM428h8vShlRW1KT"

private func headers(token: String? = token, version: String? = "2021-07-28") -> HTTPFields {
    var fields = HTTPFields()
    if let token { fields[.authorization] = "Bearer \(token)" }
    if let version { fields[HTTPField.Name("Version")!] = version }
    fields[.contentType] = "application/json"
    fields[.accept] = "application/json"
    return fields
}

private func call(
    _ client: any TestClientProtocol,
    _ method: HTTPRequest.Method,
    _ uri: String,
    headers: HTTPFields = headers(),
    json: Any? = nil
) async throws -> EmulatorReply {
    try await send(client, method, uri, headers: headers, json: json)
}

private func opportunities(_ reply: EmulatorReply) -> [[String: Any]] { reply.json["opportunities"] as? [[String: Any]] ?? [] }
private func meta(_ reply: EmulatorReply) -> [String: Any] { reply.json["meta"] as? [String: Any] ?? [:] }
private func opportunity(_ reply: EmulatorReply) -> [String: Any] { reply.json["opportunity"] as? [String: Any] ?? [:] }

/// `BadRequestDTO` / `UnauthorizedDTO` / `UnprocessableDTO` shapes from `common/common-schemas.json`.
private func expectError(
    _ reply: EmulatorReply, _ status: HTTPResponse.Status, messageList: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, sourceLocation: sourceLocation)
    #expect(reply.json["statusCode"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    if messageList {
        #expect((reply.json["message"] as? [String])?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(reply.json["error"] as? String == "Unprocessable Entity", sourceLocation: sourceLocation)
    } else {
        #expect((reply.json["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    }
}

/// Walks every page with the startAfter + startAfterId pair from `meta`; returns ids in order.
private func walk(
    _ client: any TestClientProtocol, limit: Int, extra: String = "", maxPages: Int = 10_000
) async throws -> [String] {
    var ids: [String] = []
    var cursor = ""
    for _ in 0..<maxPages {
        let reply = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=\(limit)\(extra)\(cursor)")
        #expect(reply.status == .ok)
        let page = opportunities(reply)
        ids += page.compactMap { $0["id"] as? String }
        let info = meta(reply)
        guard info["nextPageUrl"] is String else { break }
        let startAfter = info["startAfter"] as? Int64 ?? Int64(info["startAfter"] as? Int ?? 0)
        let startAfterId = info["startAfterId"] as? String ?? ""
        cursor = "&startAfter=\(startAfter)&startAfterId=\(startAfterId)"
    }
    return ids
}

@Suite("HighLevel emulator")
struct HighLevelEmulatorTests {
    // MARK: - Auth and Version header

    @Test func authAndVersionHeader() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 5)
        #expect(emulator.integration == "highlevel")
        try await withEmulator(emulator) { client in
            let ok = try await call(client, .get, "/opportunities/search?location_id=\(location)")
            #expect(ok.status == .ok)

            let wrong = try await call(client, .get, "/opportunities/search?location_id=\(location)", headers: headers(token: "nope"))
            expectError(wrong, .unauthorized)
            #expect(wrong.json["message"] as? String == "Invalid token: access token is invalid")
            #expect(wrong.json["error"] as? String == "Unauthorized")

            let missing = try await call(client, .get, "/opportunities/pipelines?locationId=\(location)", headers: headers(token: nil))
            expectError(missing, .unauthorized)

            let noVersion = try await call(client, .get, "/opportunities/search?location_id=\(location)", headers: headers(version: nil))
            expectError(noVersion, .unauthorized)
            #expect(noVersion.json["message"] as? String == "version header was not found.")

            let badVersion = try await call(client, .get, "/opportunities/search?location_id=\(location)", headers: headers(version: "2020-01-01"))
            expectError(badVersion, .unauthorized)
            #expect(badVersion.json["message"] as? String == "version header is invalid")

        }
    }

    // MARK: - Search

    @Test func searchEnvelopeAndRecordShape() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 40)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/opportunities/search?location_id=\(location)")
            #expect(reply.status == .ok)
            #expect(opportunities(reply).count == 20)  // default limit
            #expect(reply.json["aggregations"] is [String: Any])
            let info = meta(reply)
            #expect(info["total"] as? Int == 40)
            #expect(info["currentPage"] as? Int == 1)
            #expect(info["nextPage"] as? Int == 2)
            #expect(info["prevPage"] is NSNull)
            #expect(info["startAfterId"] as? String == opportunities(reply).last?["id"] as? String)
            #expect(info["startAfter"] is NSNumber)
            #expect((info["nextPageUrl"] as? String)?.contains("startAfterId=") == true)

            let first = opportunities(reply)[0]
            for key in ["id", "name", "monetaryValue", "pipelineId", "pipelineStageId", "status", "source",
                        "lastStatusChangeAt", "lastStageChangeAt", "indexVersion", "createdAt", "updatedAt",
                        "contactId", "locationId", "contact", "notes", "tasks", "calendarEvents", "customFields", "followers"] {
                #expect(first[key] != nil, "missing \(key)")
            }
            #expect(first["locationId"] as? String == location)
            let contact = first["contact"] as? [String: Any] ?? [:]
            #expect(contact["id"] as? String == first["contactId"] as? String)
            for key in ["name", "companyName", "email", "phone", "tags"] { #expect(contact[key] != nil) }
            let created = try #require(first["createdAt"] as? String)
            #expect(TimeText.iso8601Seconds.parse(created) != nil)
            #expect(created.hasSuffix("Z") && created.count == 24)

            // Newest first by default.
            let times = opportunities(reply).compactMap { ($0["createdAt"] as? String).flatMap(TimeText.iso8601Seconds.parse) }
            #expect(times == times.sorted(by: >))
        }
    }

    @Test func pairPagingWalksEveryRecordDespiteTies() async throws {
        let seedCount = 137
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: seedCount)
        let all = try await emulator.search({
            var q = try HighLevelSearchQuery.parse([("location_id", location), ("limit", "100")], table: emulator.catalog.search); q.limit = 100; return q
        }())
        #expect(all.total == seedCount)
        try await withEmulator(emulator) { client in
            // Ties exist: seven records share one createdAt, more than a page of 3.
            let full = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=100&order=added_asc")
            let created = opportunities(full).compactMap { $0["createdAt"] as? String }
            #expect(Set(created).count < created.count)

            for order in ["", "&order=added_asc", "&order=added_desc"] {
                let ids = try await walk(client, limit: 3, extra: order)
                #expect(ids.count == seedCount, "order \(order)")
                #expect(Set(ids).count == seedCount, "duplicates with order \(order)")
            }

            // startAfter alone (no id) skips the rest of a tie group: the pitfall the pair avoids.
            let firstPage = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=11&order=added_asc")
            let last = meta(firstPage)
            let startAfter = last["startAfter"] as? Int64 ?? Int64(last["startAfter"] as? Int ?? 0)
            let withPair = try await call(client, .get,
                "/opportunities/search?location_id=\(location)&limit=100&order=added_asc&startAfter=\(startAfter)&startAfterId=\(last["startAfterId"] as? String ?? "")")
            let timestampOnly = try await call(client, .get,
                "/opportunities/search?location_id=\(location)&limit=100&order=added_asc&startAfter=\(startAfter)")
            let pairFirst = opportunities(withPair).first?["createdAt"] as? String
            #expect(pairFirst.flatMap(TimeText.iso8601Seconds.parse) == startAfter)  // rest of the tie group follows
            let onlyFirst = opportunities(timestampOnly).first?["createdAt"] as? String
            #expect((onlyFirst.flatMap(TimeText.iso8601Seconds.parse) ?? 0) > startAfter)
        }
    }

    @Test func nextPageUrlCanBeFollowed() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 25)
        try await withEmulator(emulator) { client in
            var uri = "/opportunities/search?location_id=\(location)&limit=10&status=all"
            var ids: [String] = []
            var pages = 0
            while true {
                let reply = try await call(client, .get, uri)
                pages += 1
                ids += opportunities(reply).compactMap { $0["id"] as? String }
                guard let next = meta(reply)["nextPageUrl"] as? String, let url = URL(string: next) else { break }
                #expect(next.contains("status=all"))
                uri = url.path + "?" + (url.query ?? "")
            }
            #expect(pages == 3)
            #expect(Set(ids).count == 25)
        }
    }

    @Test func searchFiltersAndValidation() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 120)
        try await withEmulator(emulator) { client in
            let won = try await call(client, .get, "/opportunities/search?location_id=\(location)&status=won&limit=100")
            #expect(won.status == .ok)
            #expect(opportunities(won).allSatisfy { $0["status"] as? String == "won" })
            #expect(meta(won)["total"] as? Int == opportunities(won).count)

            let renewals = emulator.catalog.pipelines.all[1].id
            let byPipeline = try await call(client, .get, "/opportunities/search?location_id=\(location)&pipeline_id=\(renewals)&limit=100")
            #expect(!opportunities(byPipeline).isEmpty)
            #expect(opportunities(byPipeline).allSatisfy { $0["pipelineId"] as? String == renewals })

            let user = try HighLevelFacts.userIDs()[0]
            let assigned = try await call(client, .get, "/opportunities/search?location_id=\(location)&assigned_to=\(user)&limit=100")
            #expect(opportunities(assigned).allSatisfy { $0["assignedTo"] as? String == user })

            let text = try await call(client, .get, "/opportunities/search?location_id=\(location)&q=globex&limit=100")
            #expect(opportunities(text).allSatisfy { (($0["name"] as? String) ?? "").lowercased().contains("globex")
                || ((($0["contact"] as? [String: Any])?["companyName"] as? String) ?? "").lowercased().contains("globex") })

            expectError(try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=101"), .unprocessableContent, messageList: true)
            expectError(try await call(client, .get, "/opportunities/search?location_id=\(location)&status=closed"), .unprocessableContent, messageList: true)
            let noLocation = try await call(client, .get, "/opportunities/search?locationId=\(location)")
            expectError(noLocation, .unprocessableContent, messageList: true)
            #expect((noLocation.json["message"] as? [String])?.contains("location_id should not be empty") == true)
            let everything = try await call(client, .get,
                "/opportunities/search?location_id=\(location)&status=closed&order=up&limit=2.5&page=0&startAfter=x&date=13-45-2024&endDate=soon")
            #expect(everything.json["message"] as? [String] == [
                "status must be one of the following values: open, won, lost, abandoned, all",
                "order must be one of the following values: added_asc, added_desc",
                "limit must be a number conforming to the specified constraints", "page must not be less than 1",
                "startAfter must be a numeric string (epoch milliseconds)",
                "date must be in mm-dd-yyyy format", "endDate must be in mm-dd-yyyy format",
            ])
            let wholeLimit = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=3.0")
            #expect(opportunities(wholeLimit).count == 3)
            let other = try await call(client, .get, "/opportunities/search?location_id=\((try HighLevelFacts.foreignLocationID()))")
            expectError(other, .forbidden)
            #expect(other.json["message"] as? String == "The token does not have access to this location.")
        }
    }

    // MARK: - Get, create, update, status, delete

    @Test func getOpportunity() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 10)
        try await withEmulator(emulator) { client in
            let list = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=1")
            let id = try #require(opportunities(list).first?["id"] as? String)
            let reply = try await call(client, .get, "/opportunities/\(id)")
            #expect(reply.status == .ok)
            #expect(opportunity(reply)["id"] as? String == id)
            #expect(opportunity(reply)["contact"] is [String: Any])

            let stored = try #require(await emulator.storedOpportunityJSON(id: id))
            let storedObject = try JSONSerialization.jsonObject(with: stored) as? [String: Any]
            #expect(storedObject?["name"] as? String == opportunity(reply)["name"] as? String)

            let unknown = try await call(client, .get, "/opportunities/doesNotExist00000000")
            expectError(unknown, .badRequest)
            #expect(unknown.json["error"] == nil)  // BadRequestDTO has statusCode + message only

            let foreign = try #require(await emulator.foreignOpportunityIds().first)
            expectError(try await call(client, .get, "/opportunities/\(foreign)"), .forbidden)
            expectError(try await call(client, .delete, "/opportunities/\(foreign)"), .forbidden)
        }
    }

    @Test func createWithAndWithoutTrailingSlash() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 10)
        let contactId = await emulator.validContactId()
        let (pipelineId, stageId) = await emulator.pipelineAndStageIds()
        let renewalId = try #require(await emulator.customFieldId(named: "Renewal type"))
        let lengthId = try #require(await emulator.customFieldId(named: "contract length"))
        let competitorId = try #require(await emulator.customFieldId(named: "Competitor"))
        try await withEmulator(emulator) { client in
            let body: [String: Any] = [
                "pipelineId": pipelineId, "locationId": location, "name": "Acme renewal 2025",
                "pipelineStageId": stageId, "status": "open", "contactId": contactId,
                "monetaryValue": 1250.5, "assignedTo": try HighLevelFacts.userIDs()[1], "source": "API",
                "customFields": [
                    ["id": renewalId, "field_value": "Renewal"],
                    ["key": "opportunity.contract_length", "field_value": "24"],
                    ["key": "competitor", "field_value": "HubSpot"],
                ],
            ]
            let created = try await call(client, .post, "/opportunities/", json: body)
            #expect(created.status == .created)
            let record = opportunity(created)
            let id = try #require(record["id"] as? String)
            #expect(id.count == 20)
            #expect(record["name"] as? String == "Acme renewal 2025")
            #expect(record["monetaryValue"] as? Double == 1250.5)
            #expect(record["status"] as? String == "open")
            #expect(record["locationId"] as? String == location)
            #expect(record["source"] as? String == "API")
            let fields = record["customFields"] as? [[String: Any]] ?? []
            #expect(fields.count == 3)
            #expect(fields.allSatisfy { Set($0.keys) == ["id", "fieldValue"] })
            let byId = Dictionary(uniqueKeysWithValues: fields.map { ($0["id"] as? String ?? "", $0["fieldValue"]) })
            #expect(byId[renewalId] as? String == "Renewal")
            #expect(byId[lengthId] as? Int == 24)
            #expect(byId[competitorId] as? String == "HubSpot")
            #expect(await emulator.opportunityCount() == 11)

            var noSlash = body
            noSlash["name"] = "Second"
            noSlash["customFields"] = nil
            let second = try await call(client, .post, "/opportunities", json: noSlash)
            #expect(second.status == .created)
            #expect(await emulator.opportunityCount() == 12)

            // Newest first: the created records lead the default search.
            let search = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=2")
            #expect(Set(opportunities(search).compactMap { $0["id"] as? String })
                == Set([id, opportunity(second)["id"] as? String ?? ""]))
        }
    }

    @Test func createValidation() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 3)
        let contactId = await emulator.validContactId()
        let (pipelineId, _) = await emulator.pipelineAndStageIds()
        try await withEmulator(emulator) { client in
            let empty = try await call(client, .post, "/opportunities/", json: [String: Any]())
            expectError(empty, .unprocessableContent, messageList: true)
            let messages = empty.json["message"] as? [String] ?? []
            for field in ["pipelineId", "locationId", "name", "contactId"] {
                #expect(messages.contains("\(field) should not be empty"), "\(field)")
            }
            #expect(messages.contains { $0.hasPrefix("status must be one of the following values") })

            let valid: [String: Any] = ["pipelineId": pipelineId, "locationId": location, "name": "X",
                                        "status": "open", "contactId": contactId]
            var badStatus = valid; badStatus["status"] = "closed"
            expectError(try await call(client, .post, "/opportunities/", json: badStatus), .unprocessableContent, messageList: true)
            var badValue = valid; badValue["monetaryValue"] = "lots"
            expectError(try await call(client, .post, "/opportunities/", json: badValue), .unprocessableContent, messageList: true)
            var badOption = valid; badOption["customFields"] = [["key": "renewal_type", "field_value": "Maybe"]]
            expectError(try await call(client, .post, "/opportunities/", json: badOption), .unprocessableContent, messageList: true)
            var otherLocation = valid; otherLocation["locationId"] = (try HighLevelFacts.foreignLocationID())
            expectError(try await call(client, .post, "/opportunities/", json: otherLocation), .forbidden)
            var badPipeline = valid; badPipeline["pipelineId"] = "nope"
            expectError(try await call(client, .post, "/opportunities/", json: badPipeline), .badRequest)
            var badStage = valid; badStage["pipelineStageId"] = emulator.catalog.pipelines.all[1].stages[0].id
            expectError(try await call(client, .post, "/opportunities/", json: badStage), .badRequest)
            var badContact = valid; badContact["contactId"] = "nope"
            expectError(try await call(client, .post, "/opportunities/", json: badContact), .badRequest)
            #expect(await emulator.opportunityCount() == 3)
        }
    }

    @Test func customFieldAndPagingAnswersWordForWord() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 5)
        try await withEmulator(emulator) { client in
            let list = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=1")
            let id = try #require(opportunities(list).first?["id"] as? String)
            func put(_ entries: [Any]) async throws -> (Int, Any?) {
                let reply = try await call(client, .put, "/opportunities/\(id)", json: ["customFields": entries])
                return (Int(reply.status.code), reply.json["message"])
            }
            let typeMessages: [([Any], [String])] = [
                ([["key": "contract_length", "field_value": "ten"]], ["customFields.0.field_value must be a number for custom field Contract length (NUMERICAL)"]),
                ([["key": "competitor", "field_value": "x"], ["key": "renewal_type", "field_value": ["New business"]]],
                 ["customFields.1.field_value must be a string for custom field Renewal type (SINGLE_OPTIONS)"]),
                ([["key": "renewal_type", "field_value": "Maybe"]], ["customFields.0.field_value must be one of the following values: New business, Renewal, Upsell"]),
                ([["key": "opportunity.product_lines", "field_value": 3]],
                 ["customFields.0.field_value must be an array of strings for custom field Product lines (MULTIPLE_OPTIONS)"]),
                ([["key": "competitor", "field_value": true]], ["customFields.0.field_value must be a string for custom field Competitor (TEXT)"]),
                ([["key": "contract_length", "field_value": "ten"], "x"], ["customFields.0.field_value must be a number for custom field Contract length (NUMERICAL)"]),
                (["x"], ["customFields.0 must be an object"]),
                ([["field_value": 1]], ["customFields.0.id or customFields.0.key must be a string"]),
            ]
            for (entries, messages) in typeMessages {
                let (status, message) = try await put(entries)
                #expect(status == 422 && message as? [String] == messages, "\(entries)")
            }
            let (status, message) = try await put([["key": "nope", "field_value": 1]])
            #expect(status == 400 && message as? String == "Custom field not found: nope")
            let products = try #require(emulator.catalog.opportunityFields.field(key: "opportunity.product_lines"))
            let (eachStatus, eachMessage) = try await put([["id": products.id, "field_value": ["CRM", "Nope"]]])
            #expect(eachStatus == 422 && (eachMessage as? [String])?.first?.hasPrefix("customFields.0.field_value each value must be one of the following values: ") == true)
            let written = try await call(client, .put, "/opportunities/\(id)", json: ["customFields": [
                ["key": "competitor", "field_value": 12.5], ["key": "contract_length", "field_value": " 24 "]]])
            let values = (opportunity(written)["customFields"] as? [[String: Any]] ?? []).map { "\($0["fieldValue"] ?? "")" }
            #expect(values.contains("12.5") && values.contains("24"))

            for (limit, text) in [("0", "limit must not be less than 1"), ("101", "limit must not be greater than 100"), ("1e300", "limit must not be greater than 100")] {
                let reply = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=\(limit)")
                #expect(reply.json["message"] as? [String] == [text])
            }
            let page = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=2&q=&x=a%26b&page=1")
            let next = try #require(meta(page)["nextPageUrl"] as? String)
            let last = try #require(opportunities(page).last)
            let startAfter = try #require((last["createdAt"] as? String).flatMap(TimeText.iso8601Seconds.parse))
            #expect(next.hasSuffix("/opportunities/search?location_id=\(location)&limit=2&q=&x=a%26b&startAfter=\(startAfter)&startAfterId=\(last["id"] ?? "")&page=2"))
        }
    }

    @Test func updateIsPartial() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 10)
        let competitorId = try #require(await emulator.customFieldId(named: "Competitor"))
        let linesId = try #require(await emulator.customFieldId(named: "Product lines"))
        try await withEmulator(emulator) { client in
            let list = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=1")
            let before = try #require(opportunities(list).first)
            let id = try #require(before["id"] as? String)

            let renamed = try await call(client, .put, "/opportunities/\(id)", json: ["name": "Renamed deal"])
            #expect(renamed.status == .ok)
            let after = opportunity(renamed)
            #expect(after["name"] as? String == "Renamed deal")
            for key in ["status", "pipelineId", "pipelineStageId", "monetaryValue", "contactId", "createdAt"] {
                #expect(String(describing: after[key] ?? "nil") == String(describing: before[key] ?? "nil"), "\(key)")
            }
            #expect((after["indexVersion"] as? Int ?? 0) > (before["indexVersion"] as? Int ?? 0))

            let fields = try await call(client, .put, "/opportunities/\(id)", json: [
                "customFields": [["id": competitorId, "field_value": "Zoho"], ["id": linesId, "field_value": ["CRM", "Support"]]],
            ])
            let values = Dictionary(uniqueKeysWithValues: (opportunity(fields)["customFields"] as? [[String: Any]] ?? [])
                .map { ($0["id"] as? String ?? "", $0["fieldValue"]) })
            #expect(values[competitorId] as? String == "Zoho")
            #expect(values[linesId] as? [String] == ["CRM", "Support"])
            // Other custom fields untouched.
            let beforeOthers = (before["customFields"] as? [[String: Any]] ?? []).filter {
                ![competitorId, linesId].contains($0["id"] as? String ?? "")
            }
            for field in beforeOthers {
                let now: Any = values[field["id"] as? String ?? ""].flatMap { $0 } ?? "nil"
                #expect(String(describing: now) == String(describing: field["fieldValue"] ?? "x"))
            }

            // Clearing a value removes it from the read-back array.
            let cleared = try await call(client, .put, "/opportunities/\(id)", json: ["customFields": [["id": competitorId, "field_value": ""]]])
            #expect(!(opportunity(cleared)["customFields"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == competitorId })

            // Moving pipeline without a stage lands on the new pipeline's first stage.
            let moved = try await call(client, .put, "/opportunities/\(id)", json: ["pipelineId": emulator.catalog.pipelines.all[1].id])
            #expect(opportunity(moved)["pipelineStageId"] as? String == emulator.catalog.pipelines.all[1].stages[0].id)

            expectError(try await call(client, .put, "/opportunities/\(id)", json: ["status": "closed"]), .unprocessableContent, messageList: true)
            expectError(try await call(client, .put, "/opportunities/unknownId0000000000", json: ["name": "x"]), .badRequest)
        }
    }

    @Test func statusUpdateAndDelete() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 10)
        try await withEmulator(emulator) { client in
            let list = try await call(client, .get, "/opportunities/search?location_id=\(location)&status=open&limit=1")
            let id = try #require(opportunities(list).first?["id"] as? String)

            let status = try await call(client, .put, "/opportunities/\(id)/status", json: ["status": "won"])
            #expect(status.status == .ok)
            #expect(status.json["succeded"] as? Bool == true)
            #expect(status.json.count == 1)
            let stored = try #require(await emulator.storedOpportunity(id: id))
            #expect(stored.string("status") == "won")
            #expect(stored.int64("lastStatusChangeAt") == stored.int64("updatedAt"))

            expectError(try await call(client, .put, "/opportunities/\(id)/status", json: ["status": "closed"]), .unprocessableContent, messageList: true)
            expectError(try await call(client, .put, "/opportunities/\(id)/status", json: [String: Any]()), .unprocessableContent, messageList: true)
            // The first bad member answers alone; a null lostReasonId changes nothing.
            let statusMessage = ["status must be one of the following values: open, won, lost, abandoned, all"]
            for (body, messages) in [(["status": 5, "lostReasonId": 1] as [String: Any], statusMessage),
                                     (["status": NSNull()], statusMessage), (["status": "lost", "lostReasonId": [1]], ["lostReasonId must be a string"])] {
                let reply = try await call(client, .put, "/opportunities/\(id)/status", json: body)
                #expect(reply.status == .unprocessableContent && reply.json["message"] as? [String] == messages)
            }
            #expect(try await call(client, .put, "/opportunities/\(id)/status", json: ["status": "lost", "lostReasonId": NSNull()]).status == .ok)
            #expect(await emulator.storedOpportunity(id: id)?.string("lostReasonId") == nil)

            let deleted = try await call(client, .delete, "/opportunities/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.json["succeded"] as? Bool == true)
            #expect(await emulator.opportunityCount() == 9)
            expectError(try await call(client, .get, "/opportunities/\(id)"), .badRequest)
            expectError(try await call(client, .delete, "/opportunities/\(id)"), .badRequest)
            let search = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=100")
            #expect(!opportunities(search).contains { $0["id"] as? String == id })
            #expect(meta(search)["total"] as? Int == 9)
        }
    }

    // MARK: - Custom fields and pipelines

    @Test func customFieldDefinitions() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/locations/\(location)/customFields?model=opportunity")
            #expect(reply.status == .ok)
            let fields = reply.json["customFields"] as? [[String: Any]] ?? []
            #expect(fields.count == 4)
            #expect(fields.allSatisfy { $0["model"] as? String == "opportunity" && $0["locationId"] as? String == location })
            let renewal = try #require(fields.first { $0["name"] as? String == "Renewal type" })
            #expect(renewal["dataType"] as? String == "SINGLE_OPTIONS")
            #expect(renewal["fieldKey"] as? String == "opportunity.renewal_type")
            #expect(renewal["picklistOptions"] as? [String] == ["New business", "Renewal", "Upsell"])
            #expect(fields.first { $0["name"] as? String == "Contract length" }?["dataType"] as? String == "NUMERICAL")
            #expect(fields.first { $0["name"] as? String == "Competitor" }?["dataType"] as? String == "TEXT")
            for field in fields { #expect((field["id"] as? String)?.count == 20) }

            let contactFields = try await call(client, .get, "/locations/\(location)/customFields?model=contact")
            #expect((contactFields.json["customFields"] as? [[String: Any]] ?? []).allSatisfy { $0["model"] as? String == "contact" })
            let all = try await call(client, .get, "/locations/\(location)/customFields?model=all")
            #expect((all.json["customFields"] as? [[String: Any]] ?? []).count == 5)
            let badModel = try await call(client, .get, "/locations/\(location)/customFields?model=deal")
            expectError(badModel, .unprocessableContent, messageList: true)
            #expect(badModel.json["message"] as? [String] == ["model must be one of the following values: contact, opportunity, all"])
            expectError(try await call(client, .get, "/locations/\((try HighLevelFacts.foreignLocationID()))/customFields?model=opportunity"), .forbidden)
        }
    }

    @Test func typedReadShapeOptIn() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 60, customFieldReadShape: .typed)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=60")
            let entries = opportunities(reply).flatMap { $0["customFields"] as? [[String: Any]] ?? [] }
            #expect(!entries.isEmpty)
            for entry in entries {
                #expect(entry["fieldValue"] == nil)
                #expect(entry.keys.contains { ["fieldValueString", "fieldValueNumber", "fieldValueArray"].contains($0) })
            }
        }
    }

    @Test func pipelines() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/opportunities/pipelines?locationId=\(location)")
            #expect(reply.status == .ok)
            let pipelines = reply.json["pipelines"] as? [[String: Any]] ?? []
            #expect(pipelines.count == 2)
            for pipeline in pipelines {
                #expect(pipeline["id"] is String && pipeline["name"] is String)
                #expect(pipeline["locationId"] as? String == location)
                let stages = pipeline["stages"] as? [[String: Any]] ?? []
                #expect(!stages.isEmpty)
                #expect(stages.allSatisfy { $0["id"] is String && $0["name"] is String })
            }
            expectError(try await call(client, .get, "/opportunities/pipelines"), .unprocessableContent, messageList: true)
            expectError(try await call(client, .get, "/opportunities/pipelines?locationId=other"), .forbidden)
        }
    }

    // MARK: - Seed

    @Test func seedIsDeterministic() async throws {
        let a = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 50)
        let b = try HighLevelEmulator(fixtures: try .highlevel, accessToken: "other", locationId: location, seedCount: 50)
        let query = try HighLevelSearchQuery.parse([("location_id", location), ("limit", "50")], table: a.catalog.search)
        let pageA = await a.search(query).opportunities.map(\.0)
        let pageB = await b.search(query).opportunities.map(\.0)
        #expect(pageA == pageB)
        #expect(pageA.count == 50)
        #expect(await a.contactIds() == b.contactIds())
    }

    @Test func deepPagesScanOnlyThePage() async throws {
        let count = 100_000
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: count)
        #expect(await emulator.opportunityCount() == count)
        var query = try HighLevelSearchQuery.parse([("location_id", location), ("limit", "100")], table: emulator.catalog.search)
        var seen = Set<String>()
        var pages = 0
        var mostScanned = 0
        while true {
            let page = await emulator.search(query)
            pages += 1
            mostScanned = max(mostScanned, page.scanned)
            for (record, _) in page.opportunities { seen.insert(record.string("id") ?? "") }
            guard page.hasMore, let last = page.opportunities.last?.0 else { break }
            query.startAfter = last.int64("createdAt")
            query.startAfterId = last.string("id")
        }
        #expect(seen.count == count)
        #expect(pages == count / 100)
        // The cursor is found by binary search: each page looks at its 100 records and one more,
        // never at the records before it.
        #expect(mostScanned == 101)
    }
}

/// Facts of the seeded sub-account, read straight from `account.json`.
private enum HighLevelFacts {
    static func userIDs() throws -> [String] {
        let ids = try #require(try fixtureFact(.highlevel, "account.json", "userIds") as? [String])
        #expect(ids == ["zT46WSCPbudrq4zhWMk6", "082goXVW3lIExEQPOnd3", "Ua7mPq2LxZ9vBn4KcR1t",
                        "Lr5sDk8WqE3yHn6JtB0v", "Mc2xVb7NzQ4wKp9LsF3h", "Gt8yRe1UiO5pAs3DfG7j"])
        return ids
    }

    static func foreignLocationID() throws -> String {
        let location = try #require(try fixtureFact(.highlevel, "account.json", "foreignLocation") as? [String: Any])
        let id = try #require(location["id"] as? String)
        #expect(id == "kX9fOreignLoc7Tq2Wz1")
        return id
    }
}
