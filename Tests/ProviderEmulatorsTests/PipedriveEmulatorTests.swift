import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ProviderEmulators

private let token = "pd-test-token-123"

private func authHeaders() -> HTTPFields {
    var headers = HTTPFields()
    headers.append(.init(name: .init("x-api-token")!, value: token))
    headers[.contentType] = "application/json"
    return headers
}

private func call(
    _ client: any TestClientProtocol,
    _ method: HTTPRequest.Method,
    _ uri: String,
    headers: HTTPFields = authHeaders(),
    json: Any? = nil,
    rawBody: String? = nil
) async throws -> EmulatorReply {
    try await send(client, method, uri, headers: headers, json: json, rawBody: rawBody)
}

private func data(_ reply: EmulatorReply) -> [String: Any] { reply.json["data"] as? [String: Any] ?? [:] }
private func list(_ reply: EmulatorReply) -> [[String: Any]] { reply.json["data"] as? [[String: Any]] ?? [] }
private func nextCursor(_ reply: EmulatorReply) -> String? {
    (reply.json["additional_data"] as? [String: Any])?["next_cursor"] as? String
}

/// Pipedrive's error envelope: success false, error text, error_info, null data and additional_data.
private func expectPipedriveError(_ reply: EmulatorReply, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, sourceLocation: sourceLocation)
    #expect(reply.json["success"] as? Bool == false, sourceLocation: sourceLocation)
    #expect((reply.json["error"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(reply.json["error_info"] as? String == "Please check developers.pipedrive.com for more information about Pipedrive API.", sourceLocation: sourceLocation)
    #expect(reply.json["data"] is NSNull, sourceLocation: sourceLocation)
    #expect(reply.json["additional_data"] is NSNull, sourceLocation: sourceLocation)
}

@Suite("Pipedrive emulator")
struct PipedriveEmulatorTests {
    // MARK: - Auth

    @Test func acceptsApiTokenHeaderQueryAndBearer() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 5)
        try await withEmulator(emulator) { client in
            let header = try await call(client, .get, "/api/v2/deals")
            #expect(header.status == .ok)
            #expect(list(header).count == 5)

            let query = try await call(client, .get, "/api/v2/deals?api_token=\(token)", headers: [:])
            #expect(query.status == .ok)

            var bearer = HTTPFields()
            bearer[.authorization] = "Bearer \(token)"
            let oauth = try await call(client, .get, "/api/v2/deals/1", headers: bearer)
            #expect(oauth.status == .ok)
            #expect(data(oauth)["id"] as? Int == 1)

            let fields = try await call(client, .get, "/v1/dealFields?api_token=\(token)", headers: [:])
            #expect(fields.status == .ok)
        }
    }

    @Test func rejectsMissingOrWrongCredentials() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 5)
        try await withEmulator(emulator) { client in
            let missing = try await call(client, .get, "/api/v2/deals", headers: [:])
            expectPipedriveError(missing, .unauthorized)
            #expect(missing.json["error"] as? String == "unauthorized access")
            #expect(missing.json["errorCode"] as? Int == 401)

            var wrong = HTTPFields()
            wrong.append(.init(name: .init("x-api-token")!, value: "nope"))
            expectPipedriveError(try await call(client, .get, "/api/v2/deals/1", headers: wrong), .unauthorized)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?api_token=nope", headers: [:]), .unauthorized)
            var badBearer = HTTPFields()
            badBearer[.authorization] = "Bearer nope"
            expectPipedriveError(try await call(client, .delete, "/api/v2/deals/1", headers: badBearer), .unauthorized)
            expectPipedriveError(try await call(client, .get, "/v1/dealFields", headers: [:]), .unauthorized)
            // Nothing was deleted by the refused call.
            #expect(await emulator.liveDealCount() == 5)
        }
    }

    // MARK: - Listing and paging

    @Test func cursorPagingWalksEverySeededDealOnce() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 1_050)
        try await withEmulator(emulator) { client in
            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/api/v2/deals?limit=100" + (cursor.map { "&cursor=\($0)" } ?? "")
                let reply = try await call(client, .get, uri)
                #expect(reply.status == .ok)
                #expect(reply.json["success"] as? Bool == true)
                let items = list(reply)
                #expect(items.count <= 100)
                seen += items.compactMap { $0["id"] as? Int }
                cursor = nextCursor(reply)
                pages += 1
                #expect(pages <= 11)
            } while cursor != nil && pages <= 11
            #expect(pages == 11)
            #expect(seen.count == 1_050)
            #expect(Set(seen).count == 1_050)
            #expect(seen == seen.sorted())
        }
    }

    @Test func pagingBySortedUpdateTimeDescendingHasNoDuplicates() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 640)
        try await withEmulator(emulator) { client in
            var seen: [Int] = []
            var times: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v2/deals?limit=250&sort_by=update_time&sort_direction=desc" + (cursor.map { "&cursor=\($0)" } ?? "")
                let reply = try await call(client, .get, uri)
                #expect(reply.status == .ok)
                for item in list(reply) {
                    seen.append(item["id"] as? Int ?? 0)
                    times.append(item["update_time"] as? String ?? "")
                }
                cursor = nextCursor(reply)
            } while cursor != nil
            #expect(seen.count == 640)
            #expect(Set(seen).count == 640)
            #expect(times == times.sorted(by: >))
        }
    }

    @Test func limitDefaultsTo100AndIsValidated() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 600)
        try await withEmulator(emulator) { client in
            let plain = try await call(client, .get, "/api/v2/deals")
            #expect(list(plain).count == 100)
            #expect(nextCursor(plain) != nil)
            let max = try await call(client, .get, "/api/v2/deals?limit=500")
            #expect(list(max).count == 500)
            for bad in ["501", "0", "-3", "ten"] {
                expectPipedriveError(try await call(client, .get, "/api/v2/deals?limit=\(bad)"), .badRequest)
            }
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?cursor=not-a-cursor"), .badRequest)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?status=active"), .badRequest)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?sort_by=title"), .badRequest)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?owner_id=abc"), .badRequest)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals?updated_since=2024-01-01"), .badRequest)
        }
    }

    @Test func filtersByStatusOwnerStageIdsAndUpdatedSince() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 400)
        try await withEmulator(emulator) { client in
            let won = list(try await call(client, .get, "/api/v2/deals?status=won&limit=500"))
            #expect(!won.isEmpty)
            for deal in won {
                #expect(deal["status"] as? String == "won")
                #expect(deal["won_time"] is String)
                #expect(deal["close_time"] as? String == deal["won_time"] as? String)
                #expect(deal["lost_time"] is NSNull)
            }
            let lost = list(try await call(client, .get, "/api/v2/deals?status=lost&limit=500"))
            #expect(!lost.isEmpty)
            #expect(lost.allSatisfy { $0["lost_time"] is String && $0["won_time"] is NSNull })
            let open = list(try await call(client, .get, "/api/v2/deals?status=open&limit=500"))
            #expect(open.allSatisfy { $0["close_time"] is NSNull })
            #expect(won.count + lost.count + open.count == 400)
            let wonOrLost = list(try await call(client, .get, "/api/v2/deals?status=won,lost&limit=500"))
            #expect(wonOrLost.count == won.count + lost.count)

            let owner = try PipedriveFacts.userIDs()[1]
            let owned = list(try await call(client, .get, "/api/v2/deals?owner_id=\(owner)&limit=500"))
            #expect(!owned.isEmpty)
            #expect(owned.allSatisfy { $0["owner_id"] as? Int == owner })

            let staged = list(try await call(client, .get, "/api/v2/deals?stage_id=3&pipeline_id=1&limit=500"))
            #expect(staged.allSatisfy { $0["stage_id"] as? Int == 3 && $0["pipeline_id"] as? Int == 1 })

            let picked = list(try await call(client, .get, "/api/v2/deals?ids=7,3,99999,5"))
            #expect(picked.compactMap { $0["id"] as? Int } == [3, 5, 7])

            let since = "2025-03-01T00:00:00Z"
            let recent = list(try await call(client, .get, "/api/v2/deals?updated_since=\(since)&limit=500"))
            #expect(!recent.isEmpty)
            #expect(recent.allSatisfy { ($0["update_time"] as? String ?? "") >= since })
        }
    }

    // MARK: - Deal shape

    @Test func dealHasTheV2Shape() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 50)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/api/v2/deals/12")
            #expect(reply.status == .ok)
            #expect(reply.json["success"] as? Bool == true)
            let deal = data(reply)
            for key in ["id", "title", "owner_id", "person_id", "org_id", "stage_id", "pipeline_id", "value", "currency",
                        "add_time", "update_time", "stage_change_time", "status", "probability", "lost_reason",
                        "visible_to", "close_time", "won_time", "lost_time", "expected_close_date", "label_ids",
                        "is_deleted", "custom_fields"] {
                #expect(deal.keys.contains(key), "missing \(key)")
            }
            #expect(deal["id"] as? Int == 12)
            #expect(deal["value"] is NSNumber)
            #expect(deal["visible_to"] is NSNumber)
            #expect(deal["is_deleted"] as? Bool == false)
            #expect(deal["label_ids"] is [Any])
            let addTime = try #require(deal["add_time"] as? String)
            #expect(TimeText.rfc3339Seconds.parse(addTime) != nil)
            #expect(addTime.hasSuffix("Z") && addTime.count == 20)
            let custom = try #require(deal["custom_fields"] as? [String: Any])
            #expect(custom.count == 5)
            #expect(custom.keys.allSatisfy { $0.count == 40 && $0.allSatisfy(\.isHexDigit) })

            // Somewhere in the seed an enum value is a bare option id and a monetary value an object.
            let all = list(try await call(client, .get, "/api/v2/deals?limit=50"))
            let renewal = all.compactMap { ($0["custom_fields"] as? [String: Any])?[PipedriveFacts.renewalTypeKey] as? Int }
            #expect(!renewal.isEmpty)
            #expect(renewal.allSatisfy { [34, 35, 36].contains($0) })
            let fees = all.compactMap { ($0["custom_fields"] as? [String: Any])?[PipedriveFacts.implementationFeeKey] as? [String: Any] }
            #expect(!fees.isEmpty)
            #expect(fees.allSatisfy { $0["value"] is NSNumber && $0["currency"] is String })

            let only = data(try await call(client, .get, "/api/v2/deals/12?custom_fields=\(PipedriveFacts.competitorKey)"))
            #expect((only["custom_fields"] as? [String: Any])?.keys.sorted() == [PipedriveFacts.competitorKey])
        }
    }

    @Test func seedIsDeterministic() async throws {
        let a = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 300)
        let b = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: "other", seedCount: 300)
        for id in [1, 2, 150, 299, 300] {
            let left = await a.storedDealJSON(id: id)
            let right = await b.storedDealJSON(id: id)
            #expect(left != nil)
            #expect(left == right)
        }
        #expect(await a.storedDealJSON(id: 301) == nil)
        #expect(await a.liveDealCount() == 300)
        #expect(await a.customFieldKey(named: "Renewal type") == PipedriveFacts.renewalTypeKey)
        #expect(await a.customFieldKey(named: "contract length") == PipedriveFacts.contractLengthKey)
        #expect(await a.customFieldKey(named: "Competitor") == PipedriveFacts.competitorKey)
        #expect(await a.customFieldKey(named: "Nope") == nil)
        // The fixture's keys are Pipedrive's fixed 40-character hashes.
        #expect(PipedriveFacts.renewalTypeKey == "812adb5c18302f7e51f0543a66cb6d9d1057818f")
        #expect(PipedriveFacts.contractLengthKey == "86de3bd298d59e9f03ef70bf2ee4112954006d3f")
        #expect(PipedriveFacts.competitorKey == "e843cb7d7f66ad379ca24b242e525ec2017713c8")
        #expect(PipedriveFacts.renewalDateKey == "970564f54b4eddfa6c783ec6e2a5ba591ac57326")
        #expect(PipedriveFacts.implementationFeeKey == "84b2bb98261eb58fdd31d95d56eebf1f9b64ed56")
        #expect(try PipedriveFacts.userIDs() == [13_051_221, 13_051_318, 13_052_004, 13_052_117, 13_053_460, 13_054_002])
    }

    // MARK: - Create

    @Test func createReturns200WithTheDeal() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 10)
        let renewal = try #require(await emulator.customFieldKey(named: "Renewal type"))
        let length = try #require(await emulator.customFieldKey(named: "Contract length"))
        let competitor = try #require(await emulator.customFieldKey(named: "Competitor"))
        try await withEmulator(emulator) { client in
            let body: [String: Any] = [
                "title": "Globex expansion",
                "value": 12500.5,
                "currency": "EUR",
                "owner_id": try PipedriveFacts.userIDs()[2],
                "person_id": 44,
                "org_id": 7,
                "stage_id": 4,
                "expected_close_date": "2025-12-31",
                "label_ids": [1],
                "custom_fields": [renewal: 35, length: 24, competitor: "HubSpot"],
            ]
            let reply = try await call(client, .post, "/api/v2/deals", json: body)
            #expect(reply.status == .ok)
            #expect(reply.json["success"] as? Bool == true)
            let deal = data(reply)
            #expect(deal["id"] as? Int == 11)
            #expect(deal["title"] as? String == "Globex expansion")
            #expect(deal["value"] as? Double == 12500.5)
            #expect(deal["currency"] as? String == "EUR")
            #expect(deal["status"] as? String == "open")
            #expect(deal["stage_id"] as? Int == 4)
            #expect(deal["pipeline_id"] as? Int == 1)
            #expect(deal["expected_close_date"] as? String == "2025-12-31")
            #expect(deal["label_ids"] as? [Int] == [1])
            #expect(deal["add_time"] as? String == deal["update_time"] as? String)
            let custom = try #require(deal["custom_fields"] as? [String: Any])
            #expect(custom[renewal] as? Int == 35)
            #expect(custom[length] as? Int == 24)
            #expect(custom[competitor] as? String == "HubSpot")

            #expect(await emulator.liveDealCount() == 11)
            let fetched = data(try await call(client, .get, "/api/v2/deals/11"))
            #expect(fetched["title"] as? String == "Globex expansion")

            // Defaults: owner is the token user, first stage of pipeline 1, USD, visible_to 3.
            let minimal = data(try await call(client, .post, "/api/v2/deals", json: ["title": "Bare"]))
            #expect(try minimal["owner_id"] as? Int == PipedriveFacts.userIDs()[0])
            #expect(minimal["stage_id"] as? Int == 1)
            #expect(minimal["currency"] as? String == "USD")
            #expect(minimal["visible_to"] as? Int == 3)
            #expect(minimal["person_id"] is NSNull)

            // Creating a won deal stamps won_time and close_time.
            let won = data(try await call(client, .post, "/api/v2/deals", json: ["title": "Won at once", "status": "won"]))
            #expect(won["won_time"] is String)
            #expect(won["close_time"] as? String == won["won_time"] as? String)
        }
    }

    @Test func createValidatesLikeV2() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 3)
        try await withEmulator(emulator) { client in
            let invalidBodies: [[String: Any]] = [
                [:],
                ["value": 10],
                ["title": ""],
                ["title": 42],
                ["title": "x", "status": "pending"],
                ["title": "x", "value": "1000"],
                ["title": "x", "owner_id": "5"],
                ["title": "x", "stage_id": 1.5],
                ["title": "x", "person_id": true],
                ["title": "x", "stage_id": 999],
                ["title": "x", "pipeline_id": 1, "stage_id": 6],
                ["title": "x", "expected_close_date": "31/12/2025"],
                ["title": "x", "expected_close_date": "2025-02-30"],
                ["title": "x", "visible_to": 2],
                ["title": "x", "label_ids": "1,2"],
                ["title": "x", "lost_reason": "Too pricey"],
                ["title": "x", "status": "open", "won_time": "2025-01-01T00:00:00Z"],
                ["title": "x", "is_deleted": true],
                ["title": "x", "bogus_field": 1],
                ["title": "x", "custom_fields": ["0123456789abcdef0123456789abcdef01234567": "x"]],
                ["title": "x", "custom_fields": [PipedriveFacts.renewalTypeKey: 99]],
                ["title": "x", "custom_fields": [PipedriveFacts.renewalTypeKey: "34"]],
                ["title": "x", "custom_fields": [PipedriveFacts.contractLengthKey: "12"]],
                ["title": "x", "custom_fields": [PipedriveFacts.implementationFeeKey: 500]],
                ["title": "x", "custom_fields": "nope"],
            ]
            for body in invalidBodies {
                let reply = try await call(client, .post, "/api/v2/deals", json: body)
                expectPipedriveError(reply, .badRequest)
                if reply.status != .badRequest { Issue.record("accepted invalid body \(body)") }
            }
            expectPipedriveError(try await call(client, .post, "/api/v2/deals", rawBody: "not json"), .badRequest)
            expectPipedriveError(try await call(client, .post, "/api/v2/deals", rawBody: "[1,2]"), .badRequest)
            #expect(await emulator.liveDealCount() == 3)

            let missing = try await call(client, .post, "/api/v2/deals", json: ["value": 5])
            #expect((missing.json["error"] as? String)?.contains("title") == true)
        }
    }

    // MARK: - Update

    @Test func patchUpdatesFieldsAndUpdateTime() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 20)
        try await withEmulator(emulator) { client in
            let open = list(try await call(client, .get, "/api/v2/deals?status=open&limit=1"))
            let id = try #require(open.first?["id"] as? Int)
            let before = try #require(open.first?["update_time"] as? String)

            let reply = try await call(client, .patch, "/api/v2/deals/\(id)", json: [
                "title": "Renamed", "value": 999, "custom_fields": [PipedriveFacts.competitorKey: "Close"],
            ])
            #expect(reply.status == .ok)
            let deal = data(reply)
            #expect(deal["id"] as? Int == id)
            #expect(deal["title"] as? String == "Renamed")
            #expect(deal["value"] as? Int == 999)
            #expect((deal["custom_fields"] as? [String: Any])?[PipedriveFacts.competitorKey] as? String == "Close")
            let after = try #require(deal["update_time"] as? String)
            #expect(after > before)

            // Clearing a custom field with null.
            let cleared = data(try await call(client, .patch, "/api/v2/deals/\(id)", json: [
                "custom_fields": [PipedriveFacts.competitorKey: NSNull()],
            ]))
            #expect((cleared["custom_fields"] as? [String: Any])?[PipedriveFacts.competitorKey] is NSNull)

            // Lost reason needs status lost; together they work and stamp lost_time.
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["lost_reason": "Budget"]), .badRequest)
            let lost = data(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["status": "lost", "lost_reason": "Budget"]))
            #expect(lost["status"] as? String == "lost")
            #expect(lost["lost_reason"] as? String == "Budget")
            #expect(lost["lost_time"] is String)
            #expect(lost["close_time"] as? String == lost["lost_time"] as? String)

            // Reopening clears the close times.
            let reopened = data(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["status": "open"]))
            #expect(reopened["lost_time"] is NSNull)
            #expect(reopened["close_time"] is NSNull)
            #expect(reopened["lost_reason"] is NSNull)

            // Moving stage stamps stage_change_time; pipeline follows the stage.
            let moved = data(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["stage_id": 7]))
            #expect(moved["pipeline_id"] as? Int == 2)
            #expect(moved["stage_change_time"] is String)

            let stored = try #require(await emulator.storedDeal(id: id))
            #expect(stored.string("title") == "Renamed")
            #expect(stored.int("stage_id") == 7)

            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["value": "12"]), .badRequest)
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["status": "closed"]), .badRequest)
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/\(id)", json: ["title": ""]), .badRequest)
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/9999", json: ["title": "x"]), .notFound)
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/abc", json: ["title": "x"]), .badRequest)
        }
    }

    // MARK: - Delete

    @Test func deleteThenGetIs404() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 30)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .delete, "/api/v2/deals/17")
            #expect(reply.status == .ok)
            #expect(reply.json["success"] as? Bool == true)
            #expect(data(reply).keys.sorted() == ["id"])
            #expect(data(reply)["id"] as? Int == 17)
            #expect(await emulator.liveDealCount() == 29)

            let gone = try await call(client, .get, "/api/v2/deals/17")
            expectPipedriveError(gone, .notFound)
            #expect(gone.json["error"] as? String == "Deal not found")
            expectPipedriveError(try await call(client, .delete, "/api/v2/deals/17"), .notFound)
            expectPipedriveError(try await call(client, .patch, "/api/v2/deals/17", json: ["title": "x"]), .notFound)
            expectPipedriveError(try await call(client, .get, "/api/v2/deals/31"), .notFound)

            let listed = list(try await call(client, .get, "/api/v2/deals?limit=500")).compactMap { $0["id"] as? Int }
            #expect(listed.count == 29)
            #expect(!listed.contains(17))
            let deleted = list(try await call(client, .get, "/api/v2/deals?status=deleted"))
            #expect(deleted.compactMap { $0["id"] as? Int } == [17])
            #expect(deleted.first?["is_deleted"] as? Bool == true)

            let raw = try #require(await emulator.storedDealJSON(id: 17))
            let object = try #require(try JSONSerialization.jsonObject(with: raw) as? [String: Any])
            #expect(object["is_deleted"] as? Bool == true)
        }
    }

    // MARK: - Deal fields (v1)

    @Test func dealFieldsListBuiltInsAndCustomFields() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/v1/dealFields")
            #expect(reply.status == .ok)
            #expect(reply.json["success"] as? Bool == true)
            let fields = list(reply)
            let byKey = Dictionary(uniqueKeysWithValues: fields.map { ($0["key"] as? String ?? "", $0) })
            #expect(byKey["title"]?["field_type"] as? String == "varchar")
            #expect(byKey["title"]?["edit_flag"] as? Bool == false)
            #expect(byKey["value"]?["field_type"] as? String == "monetary")
            for field in fields {
                #expect(field["id"] is Int)
                #expect(field["name"] is String)
                #expect(field["field_type"] is String)
                #expect(field["edit_flag"] is Bool)
            }
            let custom = fields.filter { ($0["key"] as? String)?.count == 40 }
            #expect(custom.count == 5)
            #expect(custom.allSatisfy { $0["edit_flag"] as? Bool == true })
            let renewal = try #require(custom.first { $0["name"] as? String == "Renewal type" })
            #expect(renewal["key"] as? String == PipedriveFacts.renewalTypeKey)
            #expect(renewal["field_type"] as? String == "enum")
            let options = try #require(renewal["options"] as? [[String: Any]])
            #expect(options.compactMap { $0["id"] as? Int } == [34, 35, 36])
            #expect(options.first?["label"] as? String == "Auto-renew")
            #expect(custom.first { $0["name"] as? String == "Contract length" }?["field_type"] as? String == "double")
            #expect(custom.first { $0["name"] as? String == "Competitor" }?["field_type"] as? String == "varchar")
            #expect(custom.first { $0["name"] as? String == "Competitor" }?["options"] is NSNull)

            let pagination = (reply.json["additional_data"] as? [String: Any])?["pagination"] as? [String: Any]
            #expect(pagination?["start"] as? Int == 0)
            #expect(pagination?["limit"] as? Int == 100)
            #expect(pagination?["more_items_in_collection"] as? Bool == false)

            // Offset paging.
            var keys: [String] = []
            var start = 0
            while true {
                let page = try await call(client, .get, "/v1/dealFields?start=\(start)&limit=7")
                keys += list(page).compactMap { $0["key"] as? String }
                let p = (page.json["additional_data"] as? [String: Any])?["pagination"] as? [String: Any]
                guard p?["more_items_in_collection"] as? Bool == true, let next = p?["next_start"] as? Int else { break }
                start = next
            }
            #expect(keys == fields.compactMap { $0["key"] as? String })
            #expect(try await call(client, .get, "/api/v1/dealFields").status == .ok)
            expectPipedriveError(try await call(client, .get, "/v1/dealFields?start=-1"), .badRequest)
        }
    }

    @Test func stagesAreListed() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 1)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/api/v2/stages?pipeline_id=2")
            #expect(reply.status == .ok)
            let stages = list(reply)
            #expect(stages.compactMap { $0["id"] as? Int } == [6, 7, 8])
            #expect(stages.first?["name"] as? String == "Renewal Due")
            #expect(nextCursor(reply) == nil)
        }
    }

    // MARK: - Scale

    @Test func handlesOneHundredThousandDeals() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 100_000)
        #expect(await emulator.liveDealCount() == 100_000)
        // Deep pages are as cheap as early ones: jump through the set with cursors from the store.
        var query = PipedriveDealQuery()
        query.limit = 500
        var count = 0
        var last = 0
        while true {
            let (page, next) = await emulator.store.list(query)
            // A page starts at its cursor: it looks at its 500 deals and one more, not at those before.
            #expect(await emulator.store.lastScanned <= 501)
            count += page.count
            #expect((page.first?.int("id") ?? Int.max) > last)
            last = page.last?.int("id") ?? last
            guard let next else { break }
            query.cursor = PipedriveCursor.decode(next)
        }
        #expect(count == 100_000)
        try await withEmulator(emulator) { client in
            let reply = try await call(client, .get, "/api/v2/deals/99999")
            #expect(data(reply)["id"] as? Int == 99_999)
            let tail = try await call(client, .get, "/api/v2/deals?sort_by=add_time&sort_direction=desc&limit=3")
            #expect(list(tail).compactMap { $0["id"] as? Int } == [100_000, 99_999, 99_998])
        }
    }
}

/// Facts of the seeded company, read straight from the fixture files (`account.json`, `definitions.json`).
private enum PipedriveFacts {
    static func userIDs() throws -> [Int] {
        let users = try #require(try fixtureFact(.pipedrive, "account.json", "users") as? [[String: Any]])
        return users.compactMap { $0["id"] as? Int }
    }

    /// The key of the custom field named `name` in `definitions.json` ("" when there is none).
    static func fieldKey(_ name: String) -> String {
        let fields = (try? fixtureFact(.pipedrive, "definitions.json", "data")) as? [[String: Any]] ?? []
        return fields.first { $0["name"] as? String == name }?["key"] as? String ?? ""
    }

    static var renewalTypeKey: String { fieldKey("Renewal type") }
    static var contractLengthKey: String { fieldKey("Contract length") }
    static var competitorKey: String { fieldKey("Competitor") }
    static var renewalDateKey: String { fieldKey("Renewal date") }
    static var implementationFeeKey: String { fieldKey("Implementation fee") }
}
