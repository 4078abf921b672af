import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

/// The same end-to-end suite for every provider: unified API → mapping → real HTTP → emulator.
@Suite struct UnifiedEndToEndTests {
    @Test(arguments: ProviderCase.allCases)
    func listReturnsUnifiedRecordsWithRemoteData(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let page = try await client.send(.get, h.uri("", "limit=10"))
            #expect(page.status == .ok)
            let result = try #require(page.json["result"]?.arrayValue)
            #expect(result.count == 10)
            #expect(page.json["result_count"] == .number(10))
            #expect(page.json["next_cursor"]?.stringValue != nil)
            for record in result {
                #expect(record["id"]?.stringValue?.isEmpty == false)
                #expect(record["name"]?.stringValue != nil)
                #expect(record["remote_data"]?.objectValue != nil)
                #expect(record["created_at"]?.stringValue?.hasSuffix("Z") == true)
            }
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func paginationWalksEveryRecordOnce(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            var ids: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await client.send(.get, h.uri("", "limit=25" + (cursor.map { "&next_cursor=\($0)" } ?? "")))
                #expect(page.status == .ok)
                ids += page.json["result"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                cursor = page.json["next_cursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 20
            #expect(ids.count == ProviderCase.seedCount)
            #expect(Set(ids).count == ids.count)
            #expect(pages >= 5)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func getCreatePatchDeleteRoundTrip(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let created = try await client.send(.post, h.uri(), json: h.createBody(name: "E2E deal"))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["name"] == .string("E2E deal"))
            #expect(created.json["amount"] == .number(2500.5))

            let fetched = try await client.send(.get, h.uri("/\(id)"))
            #expect(fetched.status == .ok)
            #expect(fetched.json["name"] == .string("E2E deal"))
            #expect(fetched.json["amount"] == .number(2500.5))

            let patched = try await client.send(.patch, h.uri("/\(id)"), json: .from(#"{"name":"E2E deal renamed","amount":99}"#))
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.json["name"] == .string("E2E deal renamed"))
            let refetched = try await client.send(.get, h.uri("/\(id)"))
            #expect(refetched.json["amount"] == .number(99))

            let deleted = try await client.send(.delete, h.uri("/\(id)"))
            #expect(deleted.status == .ok)
            #expect(deleted.json["id"] == .string(id))
            let gone = try await client.send(.get, h.uri("/\(id)"))
            #expect(gone.status == .notFound)
            #expect(gone.json["error"]?["code"] == .string("not_found"))
            #expect(gone.json["error"]?["details"]?["remote_status"] != nil)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func customFieldsByNameBothWays(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            var body = h.createBody(name: "With custom field")
            let field = provider.customField
            body.set(.object([field.name: field.value]), at: ["custom_fields"])
            let created = try await client.send(.post, h.uri(), json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["custom_fields"]?[field.name] == field.value)
            let id = try #require(created.json["id"]?.stringValue)
            let fetched = try await client.send(.get, h.uri("/\(id)"))
            #expect(fetched.json["custom_fields"]?[field.name] == field.value)
            // The provider stored it under its own key, not the name.
            let write = try #require(await h.providerWrites().last)
            let sent = String(decoding: write.body, as: UTF8.self)
            #expect(sent.contains("Globex"))
            if !provider.customFieldSentUnderItsName { #expect(!sent.contains("\"\(field.name)\"")) }
            // Patch by name.
            let patched = try await client.send(.patch, h.uri("/\(id)"), json: .object(["custom_fields": .object([field.name: .string("Initech")])]))
            #expect(patched.json["custom_fields"]?[field.name] == .string("Initech"))
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func responseFormats(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let normalized = try await client.send(.get, h.uri("", "limit=3&truto_response_format=normalized"))
            let record = try #require(normalized.json["result"]?.arrayValue?.first?.objectValue)
            #expect(Set(record.keys) == Set(try MappingDirectory.load(repositoryMappings).schemas["opportunities"]!.fieldNames))
            #expect(record["remote_data"] == nil)

            let raw = try await client.send(.get, h.uri("", "limit=3&truto_response_format=raw"))
            #expect(raw.status == .ok)
            #expect(raw.json[provider.rawListRoot]?.arrayValue?.count == 3)
            #expect(raw.json["result"] == nil)

            let stream = try await client.execute(uri: h.uri("", "truto_response_format=stream&limit=40"), method: .get, headers: authHeaders) { $0 }
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "application/x-ndjson")
            let lines = String(buffer: stream.body).split(separator: "\n")
            #expect(lines.count == ProviderCase.seedCount)
            let ids = lines.compactMap { (try? JSONValue.parse(Data($0.utf8)))?["id"]?.stringValue }
            #expect(Set(ids).count == ProviderCase.seedCount)

            // A raw single record is the provider's own answer: the name sits where the provider puts
            // it, and no unified key is added.
            let unified = try await client.send(.get, h.uri("/\(ids[0])"))
            let name = try #require(unified.json["name"]?.stringValue)
            let single = try await client.send(.get, h.uri("/\(ids[0])", "truto_response_format=raw"))
            #expect(single.status == .ok)
            #expect(single.json.value(at: provider.rawNamePath) == .string(name), "\(single.text.prefix(300))")
            #expect(single.json["name"] == nil)
            #expect(single.json["remote_data"] == nil)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func stageNamesComeFromTheProvidersPipelines(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let page = try await client.send(.get, h.uri("", "limit=5"))
            for record in page.json["result"]?.arrayValue ?? [] {
                #expect(record["stage"]?["id"]?.stringValue != nil)
                #expect(record["stage"]?["name"]?.stringValue?.isEmpty == false, "\(record["stage"] ?? .null)")
            }
            // The table is fetched once per account, then cached.
            _ = try await client.send(.get, h.uri("", "limit=5"))
            let pipelineCalls = await h.providerRequests().filter { $0.path.contains("pipelines") || $0.path.contains("stages") }
            #expect(pipelineCalls.count == 1)
            let excluded = try await client.send(.get, h.uri("", "limit=1&truto_exclude_fields[]=stage.name"))
            #expect(excluded.json["result"]?.arrayValue?.first?["stage"]?["name"] == nil)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func remoteDataControls(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let without = try await client.send(.get, h.uri("", "limit=2&truto_ignore_remote_data=true"))
            #expect(without.json["result"]?.arrayValue?.allSatisfy { $0["remote_data"] == nil } == true)
            let excluded = try await client.send(.get, h.uri("", "limit=2&truto_exclude_fields[]=name&truto_exclude_fields[]=stage.id&truto_exclude_fields%5B%5D=remote_data"))
            for record in excluded.json["result"]?.arrayValue ?? [] {
                #expect(record["name"] == nil)
                #expect(record["remote_data"] == nil)
                #expect(record["stage"]?["id"] == nil)
                #expect(record["id"] != nil)
            }
            let keyed = try await client.send(.get, h.uri("", "limit=4&truto_key_by=id"))
            let object = try #require(keyed.json["result"]?.objectValue)
            #expect(object.count == 4)
            for (key, record) in object { #expect(record["id"] == .string(key)) }
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func remoteQueryAndLimitReachTheProvider(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            _ = try await client.send(.get, h.uri("", "limit=7&remote_query[trace]=abc&remote_query[filter][kind]=x%20y"))
            let list = try #require(await h.providerRequests().last { $0.path == provider.listPath })
            #expect(list.query.contains("trace=abc"))
            #expect(list.query.contains("filter%5Bkind%5D=x%20y"))
            #expect(QueryString.parse(list.query)["filter"] == .object(["kind": .string("x y")]))
            #expect(list.query.contains("limit=7"))
            _ = try await client.send(.get, h.uri("", "truto_ignore_limit=true"))
            let unlimited = try #require(await h.providerRequests().last { $0.path == provider.listPath })
            #expect(!unlimited.query.contains("limit="))
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func badInputIs400AndNothingIsSent(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let cases: [(String, String)] = [
                (#"{"name":"x","amount":"lots"}"#, "amount"),
                (#"{"name":"x","color":"red"}"#, "color"),
                (#"{"name":"x","created_at":"2024-01-01T00:00:00Z"}"#, "created_at"),
                (#"{"name":"x","owner":"12"}"#, "owner"),
                (#"{"name":"x","status":"pending"}"#, "status"),
                (#"{"name":"x","close_date":"next tuesday"}"#, "close_date"),
                (#"{"name":17}"#, "name"),
            ]
            for (body, field) in cases {
                let result = try await client.send(.post, h.uri(), raw: body)
                #expect(result.status == .badRequest, "\(body)")
                #expect(result.json["error"]?["details"]?["field"] == .string(field), "\(body): \(result.text)")
            }
            let bad = try await client.send(.patch, h.uri("/1"), raw: #"{"amount":"1,000"}"#)
            #expect(bad.status == .badRequest)
            #expect(await h.providerWrites().isEmpty)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func queryParameterErrorsNameTheParameter(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let reserved = provider.reservedQueryKey
            let checks: [(String, String)] = [
                ("/unified/crm/opportunities", "integrated_account_id"),
                ("/unified/crm/opportunities?integrated_account_id=nope", "integrated_account_id"),
                (h.uri("", "truto_response_format=xml"), "truto_response_format"),
                (h.uri("", "limit=0"), "limit"),
                (h.uri("", "next_cursor=bogus"), "next_cursor"),
                (h.uri("", "truto_ignore_remote_data=yes"), "truto_ignore_remote_data"),
            ]
            let before = await h.providerRequests().count
            for (uri, parameter) in checks {
                let result = try await client.send(.get, uri)
                #expect(result.status == .badRequest, "\(uri)")
                #expect(result.json["error"]?["details"]?["parameter"] == .string(parameter), "\(uri): \(result.text)")
            }
            if let reserved {
                let routing = try await client.send(.get, h.uri("", "remote_query[\(reserved)]=other"))
                #expect(routing.status == .badRequest)
                #expect(routing.json["error"]?["details"]?["parameter"] == .string("remote_query[\(reserved)]"))
            }
            #expect(await h.providerRequests().count == before)
            let unknown = try await client.send(.get, "/unified/crm/opportunities?integrated_account_id=\(UUID().uuidString)")
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func providerValidationErrorIs400WithRemoteDetails(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let result = try await client.send(.post, h.uri(), json: provider.rejectedBody)
            #expect(result.status == .badRequest, "\(result.text)")
            #expect(result.json["error"]?["code"] == .string("remote_validation_error"))
            let remoteStatus = result.json["error"]?["details"]?["remote_status"]
            #expect(remoteStatus == .number(400) || remoteStatus == .number(422))
            #expect(result.json["error"]?["details"]?["remote_body"] != nil)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func rejectedCredentialsMarkTheAccountNeedsReauth(provider: ProviderCase) async throws {
        var context = provider.context
        context.set(.string("wrong-token"), at: ["api_key"])
        try await ProviderHarness.run(provider, context: context) { h, client in
            let result = try await client.send(.get, h.uri())
            #expect(result.status == .unauthorized)
            #expect(result.json["error"]?["code"] == .string("needs_reauth"))
            #expect(!result.text.contains("wrong-token"))
            let account = try await client.send(.get, "/integrated-account/\(h.accountID)")
            #expect(account.json["status"] == .string("needs_reauth"))
            // Later calls fail fast, without calling the provider.
            let before = await h.providerRequests().count
            #expect(try await client.send(.get, h.uri()).status == .unauthorized)
            #expect(await h.providerRequests().count == before)
        }
    }
}
