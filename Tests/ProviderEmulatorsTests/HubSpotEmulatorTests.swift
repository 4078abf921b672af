import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ProviderEmulators

private let hubSpotToken = "pat-na1-test-token-0001"

private func bearer(_ token: String = hubSpotToken) -> HTTPFields {
    var headers = HTTPFields()
    headers[.authorization] = "Bearer \(token)"
    headers[.contentType] = "application/json"
    return headers
}

private func hs(
    _ client: any TestClientProtocol,
    _ method: HTTPRequest.Method,
    _ uri: String,
    headers: HTTPFields = bearer(),
    json: Any? = nil
) async throws -> EmulatorReply {
    try await send(client, method, uri, headers: headers, json: json)
}

private func results(_ reply: EmulatorReply) -> [[String: Any]] { reply.json["results"] as? [[String: Any]] ?? [] }
private func props(_ record: [String: Any]) -> [String: Any] { record["properties"] as? [String: Any] ?? [:] }
private func nextAfter(_ reply: EmulatorReply) -> String? {
    ((reply.json["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
}

private let isoMillisPattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#
private func isISOMillis(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return text.range(of: isoMillisPattern, options: .regularExpression) != nil
}

/// HubSpot's error envelope: status "error", message, correlationId, category.
private func expectHubSpotError(_ reply: EmulatorReply, _ status: HTTPResponse.Status, category: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, sourceLocation: sourceLocation)
    #expect(reply.json["status"] as? String == "error", sourceLocation: sourceLocation)
    #expect(reply.json["category"] as? String == category, sourceLocation: sourceLocation)
    #expect((reply.json["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect((reply.json["correlationId"] as? String)?.count == 36, sourceLocation: sourceLocation)
}

private func errorCodes(_ reply: EmulatorReply) -> [String] {
    (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
}

@Suite("HubSpot emulator")
struct HubSpotEmulatorTests {
    // MARK: - Auth

    @Test func rejectsMissingOrWrongBearerToken() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 5)
        try await withEmulator(emulator) { client in
            var none = HTTPFields()
            none[.contentType] = "application/json"
            let missing = try await hs(client, .get, "/crm/v3/objects/deals", headers: none)
            expectHubSpotError(missing, .unauthorized, category: "INVALID_AUTHENTICATION")
            #expect((missing.json["message"] as? String)?.hasPrefix("Authentication credentials not found.") == true)
            #expect(missing.json["errors"] == nil)
            #expect(missing.headers[HTTPField.Name("x-hubspot-auth-failure")!] == "401 Unauthorized")

            let wrong = try await hs(client, .get, "/crm/v3/objects/deals", headers: bearer("pat-na1-wrong"))
            expectHubSpotError(wrong, .unauthorized, category: "INVALID_AUTHENTICATION")

            var basic = HTTPFields()
            basic[.authorization] = "Basic \(hubSpotToken)"
            let wrongScheme = try await hs(client, .get, "/crm/v3/properties/deals", headers: basic)
            #expect(wrongScheme.status == .unauthorized)

            let writes = try await hs(client, .post, "/crm/v3/objects/deals", headers: bearer("nope"), json: ["properties": ["dealname": "x"]])
            #expect(writes.status == .unauthorized)
            #expect(await emulator.storedDealCount() == 5)

            let ok = try await hs(client, .get, "/crm/v3/objects/deals")
            #expect(ok.status == .ok)
            #expect(ok.headers[.contentType] == "application/json;charset=utf-8")
        }
    }

    // MARK: - List and paging

    @Test func listReturnsDefaultPropertiesAsStringsOrNull() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 40)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .get, "/crm/v3/objects/deals")
            #expect(reply.status == .ok)
            let records = results(reply)
            #expect(records.count == HubSpotEmulator.defaultPageSize)
            for record in records {
                let id = try #require(record["id"] as? String)
                #expect(Int64(id) != nil)
                let properties = props(record)
                #expect(Set(properties.keys) == Set(try hubSpotDefaultProperties()))
                for (_, value) in properties { #expect(value is String || value is NSNull) }
                #expect(properties["hs_object_id"] as? String == id)
                #expect(isISOMillis(properties["createdate"]))
                #expect(isISOMillis(properties["hs_lastmodifieddate"]))
                #expect(properties["closedate"] is NSNull || isISOMillis(properties["closedate"]))
                #expect(isISOMillis(record["createdAt"]))
                #expect(isISOMillis(record["updatedAt"]))
                #expect(record["createdAt"] as? String == properties["createdate"] as? String)
                #expect(record["updatedAt"] as? String == properties["hs_lastmodifieddate"] as? String)
                #expect(record["archived"] as? Bool == false)
                #expect(record["associations"] == nil)
            }
            // No JSON number sneaks into properties (HubSpot sends strings), e.g. amount.
            #expect(!reply.rawBody.contains("\"amount\":1"))
            let paging = try #require(reply.json["paging"] as? [String: Any])
            let next = try #require(paging["next"] as? [String: Any])
            let after = try #require(next["after"] as? String)
            let link = try #require(next["link"] as? String)
            #expect(link == "https://api.hubapi.com/crm/v3/objects/deals?limit=10&after=\(after)")
        }
    }

    @Test func pagingWalksEverySeededDealOnceInIdOrder() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 300)
        try await withEmulator(emulator) { client in
            for limit in [100, 7] {
                var ids: [Int64] = []
                var after: String?
                var pages = 0
                repeat {
                    let uri = "/crm/v3/objects/deals?limit=\(limit)" + (after.map { "&after=\($0)" } ?? "")
                    let reply = try await hs(client, .get, uri)
                    #expect(reply.status == .ok)
                    ids += results(reply).compactMap { ($0["id"] as? String).flatMap { Int64($0) } }
                    after = nextAfter(reply)
                    pages += 1
                    if after == nil { #expect(reply.json["paging"] == nil) }
                } while after != nil && pages < 1000
                #expect(ids.count == 300)
                #expect(Set(ids).count == 300)
                #expect(ids == ids.sorted())
                #expect(pages == (300 + limit - 1) / limit)
            }
        }
    }

    @Test func afterIsTheIdOfTheNextRecord() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 30)
        try await withEmulator(emulator) { client in
            let first = try await hs(client, .get, "/crm/v3/objects/deals?limit=5")
            let after = try #require(nextAfter(first))
            let second = try await hs(client, .get, "/crm/v3/objects/deals?limit=5&after=\(after)")
            #expect(results(second).first?["id"] as? String == after)
        }
    }

    @Test func invalidLimitOrCursorIsValidationError() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 5)
        try await withEmulator(emulator) { client in
            for value in ["0", "101", "abc", "-3"] {
                let reply = try await hs(client, .get, "/crm/v3/objects/deals?limit=\(value)")
                expectHubSpotError(reply, .badRequest, category: "VALIDATION_ERROR")
            }
            let max = try await hs(client, .get, "/crm/v3/objects/deals?limit=100")
            #expect(max.status == .ok)
            #expect(results(max).count == 5)
            #expect(max.json["paging"] == nil)
            let badAfter = try await hs(client, .get, "/crm/v3/objects/deals?after=xyz")
            expectHubSpotError(badAfter, .badRequest, category: "VALIDATION_ERROR")
        }
    }

    @Test func propertiesParameterSelectsPropertiesAndIgnoresUnknownOnes() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 100)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .get, "/crm/v3/objects/deals?limit=50&properties=dealname,competitor,no_such_property&properties=renewal_type")
            #expect(reply.status == .ok)
            var sawNull = false
            var sawValue = false
            for record in results(reply) {
                let properties = props(record)
                #expect(Set(properties.keys) == ["dealname", "competitor", "renewal_type", "createdate", "hs_lastmodifieddate", "hs_object_id"])
                if properties["competitor"] is NSNull { sawNull = true }
                if properties["competitor"] is String { sawValue = true }
            }
            #expect(sawNull && sawValue)
            // The link keeps the other query parameters.
            let link = try #require(((reply.json["paging"] as? [String: Any])?["next"] as? [String: Any])?["link"] as? String)
            #expect(link.contains("properties=dealname,competitor,no_such_property"))

            // Calculated properties come back as strings too.
            let calculated = try await hs(client, .get, "/crm/v3/objects/deals?limit=20&properties=hs_is_closed,dealstage,hs_deal_stage_probability")
            for record in results(calculated) {
                let properties = props(record)
                let closed = try #require(properties["hs_is_closed"] as? String)
                let stage = try #require(properties["dealstage"] as? String)
                #expect(closed == (["closedwon", "closedlost", "75811237", "75811238"].contains(stage) ? "true" : "false"))
                #expect(properties["hs_deal_stage_probability"] is String)
            }
        }
    }

    @Test func associationsParameterAddsAssociatedIds() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 60)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .get, "/crm/v3/objects/deals?limit=60&associations=companies,contacts,tickets")
            var companies = 0
            var without = 0
            for record in results(reply) {
                guard let associations = record["associations"] as? [String: Any] else { without += 1; continue }
                #expect(associations["tickets"] == nil)
                if let company = associations["companies"] as? [String: Any] {
                    let list = try #require(company["results"] as? [[String: Any]])
                    #expect(list.first?["type"] as? String == "deal_to_company")
                    #expect(list.first?["id"] is String)
                    companies += 1
                }
                if let contact = associations["contacts"] as? [String: Any] {
                    let list = try #require(contact["results"] as? [[String: Any]])
                    #expect(list.allSatisfy { $0["type"] as? String == "deal_to_contact" })
                }
            }
            #expect(companies > 0)
            #expect(without > 0)
        }
    }

    // MARK: - Read one

    @Test func getByIdAndNotFound() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 10)
        try await withEmulator(emulator) { client in
            let id = try hubSpotFirstDealID()
            let reply = try await hs(client, .get, "/crm/v3/objects/deals/\(id)?properties=amount,renewal_type&associations=companies")
            #expect(reply.status == .ok)
            #expect(reply.json["id"] as? String == id)
            #expect(Set(props(reply.json).keys) == ["amount", "renewal_type", "createdate", "hs_lastmodifieddate", "hs_object_id"])
            let stored = try #require(await emulator.storedProperties(dealID: id))
            #expect(props(reply.json)["renewal_type"] as? String == stored["renewal_type"])

            let missing = try await hs(client, .get, "/crm/v3/objects/deals/999")
            expectHubSpotError(missing, .notFound, category: "OBJECT_NOT_FOUND")
            let notNumeric = try await hs(client, .get, "/crm/v3/objects/deals/abc")
            expectHubSpotError(notNumeric, .notFound, category: "OBJECT_NOT_FOUND")
        }
    }

    // MARK: - Create

    @Test func createStoresStringsAndReturns201() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 3)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .post, "/crm/v3/objects/deals", json: [
                "properties": [
                    "dealname": "New deal",
                    "amount": 1500,
                    "closedate": "2019-12-07T16:50:06.678Z",
                    "dealstage": "contractsent",
                    "hubspot_owner_id": 41_629_779,
                    "contract_length_months": 12,
                    "renewal_type": "new_business",
                    "competitor": "Salesforce",
                    "renewal_date": "2026-01-15",
                    "description": "",
                ],
                "associations": [
                    ["to": ["id": 201], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 5]]],
                    ["to": ["id": "301"], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3]]],
                ],
            ])
            #expect(reply.status == .created)
            let id = try #require(reply.json["id"] as? String)
            let properties = props(reply.json)
            #expect(properties["amount"] as? String == "1500")
            #expect(properties["hubspot_owner_id"] as? String == "41629779")
            #expect(properties["contract_length_months"] as? String == "12")
            #expect(properties["pipeline"] as? String == "default")
            #expect(properties["closedate"] as? String == "2019-12-07T16:50:06.678Z")
            #expect(properties["renewal_date"] as? String == "2026-01-15")
            #expect(properties["hs_object_id"] as? String == id)
            #expect(properties["description"] == nil)
            #expect(isISOMillis(properties["createdate"]))
            #expect(reply.json["archived"] as? Bool == false)
            #expect(reply.json["createdAt"] as? String == reply.json["updatedAt"] as? String)

            let stored = try #require(await emulator.storedProperties(dealID: id))
            #expect(stored["dealname"] == "New deal")
            #expect(stored["amount"] == "1500")
            #expect(stored["description"] == nil)
            #expect(await emulator.storedDealCount() == 4)

            let read = try await hs(client, .get, "/crm/v3/objects/deals/\(id)?associations=companies,contacts&properties=description")
            #expect(read.status == .ok)
            #expect(props(read.json)["description"] is NSNull)
            let associations = try #require(read.json["associations"] as? [String: Any])
            #expect(((associations["companies"] as? [String: Any])?["results"] as? [[String: Any]])?.first?["id"] as? String == "201")
            #expect(((associations["contacts"] as? [String: Any])?["results"] as? [[String: Any]])?.first?["id"] as? String == "301")

            // New deals come after the seeded ones when paging.
            let list = try await hs(client, .get, "/crm/v3/objects/deals?limit=100")
            #expect(results(list).last?["id"] as? String == id)
        }
    }

    @Test func createValidationErrorsLookLikeHubSpots() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 3, portalID: 891_936_587)
        try await withEmulator(emulator) { client in
            let unknown = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["dealname": "x", "testproperty": "1"]])
            expectHubSpotError(unknown, .badRequest, category: "VALIDATION_ERROR")
            let message = try #require(unknown.json["message"] as? String)
            #expect(message == "Property values were not valid: [{\"isValid\":false,\"message\":\"Property \\\"testproperty\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"testproperty\",\"localizedErrorMessage\":\"Property \\\"testproperty\\\" does not exist\",\"portalId\":891936587}]")
            let detail = try #require((unknown.json["errors"] as? [[String: Any]])?.first)
            #expect(detail["code"] as? String == "PROPERTY_DOESNT_EXIST")
            #expect(detail["message"] as? String == "Property \"testproperty\" does not exist")
            #expect((detail["context"] as? [String: [String]])?["propertyName"] == ["testproperty"])

            let amount = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["dealname": "x", "amount": "abc"]])
            expectHubSpotError(amount, .badRequest, category: "VALIDATION_ERROR")
            #expect(errorCodes(amount) == ["INVALID_INTEGER"])
            #expect((amount.json["message"] as? String)?.contains("abc was not a valid number.") == true)

            let exponent = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["amount": 1.4210854715202004e-14]])
            #expect(errorCodes(exponent) == ["INVALID_INTEGER"])

            let stage = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["dealname": "x", "dealstage": "bogus"]])
            #expect(errorCodes(stage) == ["INVALID_OPTION"])
            #expect((stage.json["message"] as? String)?.contains("bogus was not one of the allowed options") == true)

            let otherPipelineStage = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["dealstage": "75811236"]])
            #expect(errorCodes(otherPipelineStage) == ["INVALID_OPTION"])
            let matchingPipeline = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["dealstage": "75811236", "pipeline": "75811234"]])
            #expect(matchingPipeline.status == .created)

            let customEnum = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["renewal_type": "sometimes"]])
            #expect(errorCodes(customEnum) == ["INVALID_OPTION"])

            let readOnly = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["hs_object_id": "5"]])
            expectHubSpotError(readOnly, .badRequest, category: "VALIDATION_ERROR")

            let several = try await hs(client, .post, "/crm/v3/objects/deals", json: ["properties": ["nope_one": "1", "amount": "12,5"]])
            #expect(Set(errorCodes(several)) == ["PROPERTY_DOESNT_EXIST", "INVALID_INTEGER"])

            let noProperties = try await hs(client, .post, "/crm/v3/objects/deals", json: ["associations": []])
            expectHubSpotError(noProperties, .badRequest, category: "VALIDATION_ERROR")

            let badAssociation = try await hs(client, .post, "/crm/v3/objects/deals", json: [
                "properties": ["dealname": "x"],
                "associations": [["to": ["id": 1], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 999]]]],
            ])
            expectHubSpotError(badAssociation, .badRequest, category: "VALIDATION_ERROR")

            #expect(await emulator.storedDealCount() == 4) // only the matching-pipeline create went through
        }
    }

    @Test func malformedBodiesAnswerHubSpotsInputErrors() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 3)
        try await withEmulator(emulator) { client in
            let cases: [(String, HTTPRequest.Method, Any, String)] = [
                ("/crm/v3/objects/deals", .post, [1],
                 "Invalid input JSON on line 1, column 1: request body must be a JSON object"),
                ("/crm/v3/objects/deals", .post, ["associations": []],
                 "Invalid input JSON on line 1, column 1: Cannot build SimplePublicObjectInputForCreate, some of required attributes are not set [properties]"),
                ("/crm/v3/objects/deals/\(emulator.catalog.account.firstDealId)", .patch, [String: Any](),
                 "Invalid input JSON on line 1, column 1: Cannot build SimplePublicObjectInput, some of required attributes are not set [properties]"),
                ("/crm/v3/objects/deals", .post, ["properties": "x"], "Invalid input JSON: properties must be an object of property names to values"),
                ("/crm/v3/objects/deals", .post, ["properties": ["amount": [1]]],
                 "Invalid input JSON: the value of property \"amount\" must be a string, number or boolean"),
                ("/crm/v3/objects/deals", .post, ["properties": [:], "associations": "x"], "Invalid input JSON: associations must be an array"),
                ("/crm/v3/objects/deals", .post, ["properties": [:], "associations": [["to": ["id": "1"]]]],
                 "Invalid input JSON: each association needs \"to\".\"id\" and a non-empty \"types\" list"),
                ("/crm/v3/objects/deals", .post,
                 ["properties": [:], "associations": [["to": ["id": "x"], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3]]]]],
                 "Invalid input JSON: association target id must be a record id"),
                ("/crm/v3/objects/deals", .post, ["properties": [:], "associations": [["to": ["id": 1], "types": [["associationTypeId": 999]]]]],
                 "null 999 is not a valid association type between deals and the target object"),
            ]
            for (uri, method, body, message) in cases {
                let reply = try await hs(client, method, uri, json: body)
                expectHubSpotError(reply, .badRequest, category: "VALIDATION_ERROR")
                #expect(reply.json["message"] as? String == message)
                #expect(reply.json.keys.sorted() == ["category", "correlationId", "message", "status"])
            }
            #expect(await emulator.storedDealCount() == 3)
        }
    }

    // MARK: - Update

    @Test func patchUpdatesClearsAndMovesLastModified() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 5)
        try await withEmulator(emulator) { client in
            let id = try hubSpotFirstDealID()
            let before = try #require(await emulator.storedDeal(id: id))
            let reply = try await hs(client, .patch, "/crm/v3/objects/deals/\(id)", json: [
                "properties": ["amount": "2500.50", "dealstage": "closedwon", "competitor": "", "contract_length_months": 24],
            ])
            #expect(reply.status == .ok)
            #expect(reply.json["id"] as? String == id)
            let properties = props(reply.json)
            #expect(properties["amount"] as? String == "2500.50")
            #expect(properties["dealstage"] as? String == "closedwon")
            #expect(properties["competitor"] is NSNull)
            #expect(properties["contract_length_months"] as? String == "24")
            #expect(properties["hs_object_id"] as? String == id)
            let modified = try #require(properties["hs_lastmodifieddate"] as? String)
            #expect(modified == reply.json["updatedAt"] as? String)
            #expect(modified > (before.propertyValues["hs_lastmodifieddate"] ?? ""))
            #expect(reply.json["createdAt"] as? String == HubSpotTime.iso(before.int64("createdAt") ?? 0))

            let stored = try #require(await emulator.storedProperties(dealID: id))
            #expect(stored["amount"] == "2500.50")
            #expect(stored["competitor"] == nil)
            #expect(stored["dealname"] == before.propertyValues["dealname"])
            #expect(stored["hs_lastmodifieddate"] == modified)

            let read = try await hs(client, .get, "/crm/v3/objects/deals/\(id)?properties=competitor,amount")
            #expect(props(read.json)["competitor"] is NSNull)
            #expect(props(read.json)["amount"] as? String == "2500.50")

            let invalid = try await hs(client, .patch, "/crm/v3/objects/deals/\(id)", json: ["properties": ["renewal_type": "forever", "bogus_field": "1"]])
            expectHubSpotError(invalid, .badRequest, category: "VALIDATION_ERROR")
            #expect(Set(errorCodes(invalid)) == ["INVALID_OPTION", "PROPERTY_DOESNT_EXIST"])
            #expect(await emulator.storedProperties(dealID: id)?["hs_lastmodifieddate"] == modified)

            // Moving to another pipeline needs a stage of that pipeline.
            let wrongStage = try await hs(client, .patch, "/crm/v3/objects/deals/\(id)", json: ["properties": ["pipeline": "75811234"]])
            #expect(errorCodes(wrongStage) == ["INVALID_OPTION"])
            let moved = try await hs(client, .patch, "/crm/v3/objects/deals/\(id)", json: ["properties": ["pipeline": "75811234", "dealstage": "75811237"]])
            #expect(moved.status == .ok)

            let missing = try await hs(client, .patch, "/crm/v3/objects/deals/123", json: ["properties": ["dealname": "x"]])
            expectHubSpotError(missing, .notFound, category: "OBJECT_NOT_FOUND")
        }
    }

    // MARK: - Archive

    @Test func deleteArchivesWith204() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 12)
        try await withEmulator(emulator) { client in
            let id = try hubSpotFirstDealID()
            let reply = try await hs(client, .delete, "/crm/v3/objects/deals/\(id)")
            #expect(reply.status == .noContent)
            #expect(reply.rawBody.isEmpty)

            let get = try await hs(client, .get, "/crm/v3/objects/deals/\(id)")
            expectHubSpotError(get, .notFound, category: "OBJECT_NOT_FOUND")
            let patch = try await hs(client, .patch, "/crm/v3/objects/deals/\(id)", json: ["properties": ["dealname": "x"]])
            #expect(patch.status == .notFound)

            let list = try await hs(client, .get, "/crm/v3/objects/deals?limit=100")
            #expect(results(list).count == 11)
            #expect(!results(list).contains { $0["id"] as? String == id })

            let archived = try await hs(client, .get, "/crm/v3/objects/deals?archived=true")
            #expect(results(archived).count == 1)
            #expect(results(archived).first?["archived"] as? Bool == true)
            #expect(isISOMillis(results(archived).first?["archivedAt"]))
            let archivedOne = try await hs(client, .get, "/crm/v3/objects/deals/\(id)?archived=true")
            #expect(archivedOne.status == .ok)

            let again = try await hs(client, .delete, "/crm/v3/objects/deals/\(id)")
            #expect(again.status == .noContent)
            #expect(await emulator.storedDealCount() == 12)
            #expect(await emulator.liveDealCount() == 11)
        }
    }

    // MARK: - Properties and pipelines

    @Test func propertiesEndpointListsHubSpotDefinedAndCustomProperties() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .get, "/crm/v3/properties/deals")
            #expect(reply.status == .ok)
            let byName = Dictionary(uniqueKeysWithValues: results(reply).compactMap { p in (p["name"] as? String).map { ($0, p) } })
            for name in try hubSpotDefaultProperties() {
                #expect(byName[name]?["hubspotDefined"] as? Bool == true, "\(name)")
            }
            #expect(byName["amount"]?["type"] as? String == "number")
            #expect(byName["closedate"]?["type"] as? String == "datetime")
            let stageOptions = (byName["dealstage"]?["options"] as? [[String: Any]])?.compactMap { $0["value"] as? String } ?? []
            #expect(stageOptions.contains("closedwon") && stageOptions.contains("appointmentscheduled"))

            let renewal = try #require(byName["renewal_type"])
            #expect(renewal["hubspotDefined"] == nil)
            #expect(renewal["type"] as? String == "enumeration")
            #expect((renewal["options"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == ["new_business", "renewal", "expansion", "downsell"])
            #expect(byName["contract_length_months"]?["type"] as? String == "number")
            #expect(byName["contract_length_months"]?["hubspotDefined"] == nil)
            #expect(byName["competitor"]?["type"] as? String == "string")
            #expect(byName["competitor"]?["hubspotDefined"] == nil)
            let customCount = results(reply).filter { $0["hubspotDefined"] == nil }.count
            #expect(customCount == emulator.customProperties.count)
            #expect(customCount >= 3)
        }
    }

    @Test func pipelinesEndpointListsStages() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await hs(client, .get, "/crm/v3/pipelines/deals")
            #expect(reply.status == .ok)
            let pipeline = try #require(results(reply).first { $0["id"] as? String == "default" })
            #expect(pipeline["label"] as? String == "Sales Pipeline")
            let stages = try #require(pipeline["stages"] as? [[String: Any]])
            let ids = stages.compactMap { $0["id"] as? String }
            #expect(ids.first == "appointmentscheduled")
            #expect(ids.contains("closedwon") && ids.contains("closedlost"))
            let won = try #require(stages.first { $0["id"] as? String == "closedwon" })
            #expect(won["label"] as? String == "Closed Won")
            #expect((won["metadata"] as? [String: String])?["isClosed"] == "true")
            #expect((won["metadata"] as? [String: String])?["probability"] == "1.0")

            let one = try await hs(client, .get, "/crm/v3/pipelines/deals/default")
            #expect(one.json["id"] as? String == "default")
            let none = try await hs(client, .get, "/crm/v3/pipelines/deals/nope")
            expectHubSpotError(none, .notFound, category: "OBJECT_NOT_FOUND")
        }
    }

    // MARK: - Seed and scale

    @Test func seedIsDeterministicAndRealistic() async throws {
        let a = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 300)
        let b = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 300)
        let first = try hubSpotFirstDealID()
        #expect(await a.storedDeal(id: first) == b.storedDeal(id: first))
        let deals = try a.catalog.seededDeals(count: 300)
        #expect(try deals == b.catalog.seededDeals(count: 300))
        #expect(deals.first?.int("id").map(String.init) == first)
        #expect(Set(deals.compactMap { $0.int("id") }).count == 300)
        #expect(deals.contains { $0.propertyValues["amount"]?.hasSuffix(".00") == true })
        #expect(deals.contains { $0.propertyValues["amount"].map { !$0.contains(".") } == true })
        #expect(deals.contains { $0.propertyValues["hubspot_owner_id"] != nil })
        #expect(deals.contains { $0.associatedIDs["companies"]?.isEmpty == false } && deals.contains { $0.associatedIDs["contacts"]?.isEmpty == false })
        for stage in ["closedwon", "closedlost", "appointmentscheduled"] {
            #expect(deals.contains { $0.propertyValues["dealstage"] == stage }, "\(stage)")
        }
        for name in ["renewal_type", "contract_length_months", "competitor"] {
            #expect(deals.contains { $0.propertyValues[name] != nil }, "\(name)")
        }
        // Every seeded value passes HubSpot's own validation.
        for deal in deals.prefix(100) {
            let writable = deal.propertyValues.filter { a.catalog.properties.definition($0.key)?.readOnlyValue == false }
            let input = writable.map { (key: $0.key, value: RecordValue.string($0.value)) }
            if case .failure(let failures) = a.catalog.properties.validate(input, existing: nil) {
                Issue.record("seeded deal \(deal["id"]) fails validation: \(failures.items)")
            }
        }
    }

    @Test func handlesAHundredThousandDeals() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: hubSpotToken, seedCount: 100_000)
        #expect(await emulator.storedDealCount() == 100_000)
        try await withEmulator(emulator) { client in
            let deep = try await hs(client, .get, "/crm/v3/objects/deals?limit=100")
            var after = try #require(nextAfter(deep))
            for _ in 0..<20 {
                let page = try await hs(client, .get, "/crm/v3/objects/deals?limit=100&after=\(after)")
                #expect(results(page).count == 100)
                after = try #require(nextAfter(page))
            }
        }
    }

    // MARK: - Time

    @Test func timeFormattingAndParsing() {
        #expect(HubSpotTime.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(HubSpotTime.iso(1_427_997_766_000) == "2015-04-02T18:02:46.000Z")
        #expect(HubSpotTime.parse("2019-12-07T16:50:06.678Z").map(HubSpotTime.iso) == "2019-12-07T16:50:06.678Z")
        #expect(HubSpotTime.parse("2015-05-01") == 1_430_438_400_000)
        #expect(HubSpotTime.parse("1430438400000") == 1_430_438_400_000)
        #expect(HubSpotTime.parse("2020-02-29T03:30:17+02:00").map(HubSpotTime.iso) == "2020-02-29T01:30:17.000Z")
        #expect(HubSpotTime.parse("2020-02-30") == nil)
        #expect(HubSpotTime.parse("yesterday") == nil)
    }
}
