import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

/// The end-to-end suite of every resource × provider pair the mappings declare: unified API →
/// mapping → real HTTP → emulator, driven by each pair's `fixtures/resources/<resource>.json`.
/// Serialized: each case starts and seeds an emulator, and some 200 of them at once starved the rest of
/// the suite on two cores (load-sensitive tests elsewhere failed in CI).
@Suite(.serialized) struct ResourceEndToEndTests {
    @Test func everyDeclaredResourceHasItsFixtureAndNoFixtureIsStray() throws {
        for provider in ProviderCase.allCases {
            let folder = URL(fileURLWithPath: repositoryMappings).appendingPathComponent(provider.integration).appendingPathComponent("fixtures/resources")
            let files = Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
            let declared = Set(ResourceCase.allCases.filter { $0.provider.integration == provider.integration }.map(\.resource))
            #expect(declared.subtracting(files).isEmpty, "\(provider.integration) declares resources without fixtures/resources/<resource>.json: \(declared.subtracting(files).sorted())")
            #expect(files.subtracting(declared).isEmpty, "\(provider.integration) has fixtures for resources its mapping does not declare: \(files.subtracting(declared).sorted())")
        }
    }

    @Test(arguments: ResourceCase.allCases)
    func listWalksEveryPageOnce(resource c: ResourceCase) async throws {
        try #require(c.data != .null, "mappings/\(c.provider.integration)/fixtures/resources/\(c.resource).json is missing")
        try await ProviderHarness.run(c.provider) { h, client in
            var ids: [String] = [], cursor: String?, pages = 0
            repeat {
                let query = [c.listQuery, "limit=\(c.pageLimit)", cursor.map { "next_cursor=\($0)" } ?? ""].filter { !$0.isEmpty }.joined(separator: "&")
                let page = try await client.send(.get, h.uri(c.resource, "", query))
                #expect(page.status == .ok, "\(page.text)")
                for record in page.json["result"]?.arrayValue ?? [] {
                    #expect(record["remote_data"]?.objectValue != nil, "every record carries remote_data")
                    ids += record["id"]?.stringValue.map { [$0] } ?? []
                }
                cursor = page.json["next_cursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 50
            #expect(ids.count == c.seeded, "listed \(ids.count), the fixture says \(c.seeded) are seeded")
            #expect(Set(ids).count == ids.count, "a record was listed twice")
            if c.seeded > c.pageLimit { #expect(pages > 1, "the walk should take several pages") }
            if let path = c.nativeListPath {
                #expect(await h.providerRequests().contains { $0.path == path }, "no native call to \(path)")
            }
        }
    }

    @Test(arguments: ResourceCase.allCases.filter { $0.mapping?.operations[.get] != nil })
    func getShowsTheListedRecord(resource c: ResourceCase) async throws {
        try #require(c.data != .null)
        try await ProviderHarness.run(c.provider) { h, client in
            let page = try await client.send(.get, h.uri(c.resource, "", [c.listQuery, "limit=3"].filter { !$0.isEmpty }.joined(separator: "&")))
            let first = try #require(page.json["result"]?.arrayValue?.first, "\(page.text)")
            let id = try #require(first["id"]?.stringValue)
            let one = try await client.send(.get, h.uri(c.resource, "/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)", ""))
            #expect(one.status == .ok, "\(one.text)")
            var listed = first
            listed.remove(at: ["remote_data"])
            #expect(one.json.contains(listed), "get \(one.json) differs from the listed \(listed)")
            let missing = try await client.send(.get, h.uri(c.resource, "/\(Self.absentID(like: id))", ""))
            #expect(missing.status == .notFound, "\(missing.text)")
        }
    }

    /// An id of the same shape that no record has.
    static func absentID(like id: String) -> String {
        if let separator = id.first(where: { ":~".contains($0) }) {
            let parts = id.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            return (parts.dropLast() + [absentID(like: parts.last ?? "")]).joined(separator: String(separator))
        }
        if id.allSatisfy(\.isNumber) { return "987654321" }
        if UUID(uuidString: id) != nil { return "00000000-0000-4000-8000-000000000000" }
        return String(repeating: "z", count: max(id.count, 4))
    }

    @Test(arguments: ResourceCase.allCases.filter { $0.create != nil })
    func createReadUpdateDelete(resource c: ResourceCase) async throws {
        let create = try #require(c.create)
        try await ProviderHarness.run(c.provider) { h, client in
            let body = try #require(create["body"])
            let created = try await client.send(.post, h.uri(c.resource, "", ""), json: body)
            #expect(created.status == .created, "\(created.text)")
            let expected = create["expect"] ?? body
            #expect(created.json.contains(expected), "create answered \(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let path = "/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"
            let fetched = try await client.send(.get, h.uri(c.resource, path, ""))
            #expect(fetched.status == .ok, "\(fetched.text)")
            #expect(fetched.json.contains(expected), "get answered \(fetched.text)")
            if let update = c.update, let patch = update["body"] {
                let patched = try await client.send(.patch, h.uri(c.resource, path, ""), json: patch)
                #expect(patched.status == .ok, "\(patched.text)")
                let again = try await client.send(.get, h.uri(c.resource, path, ""))
                #expect(again.json.contains(update["expect"] ?? patch), "after the update: \(again.text)")
            }
            if c.deletes {
                let deleted = try await client.send(.delete, h.uri(c.resource, path, ""))
                #expect(deleted.status == .ok, "\(deleted.text)")
                #expect(deleted.json["id"] == .string(id))
                let gone = try await client.send(.get, h.uri(c.resource, path, ""))
                #expect(gone.status == .notFound, "\(gone.text)")
            }
        }
    }

    @Test(arguments: ResourceCase.allCases.filter { $0.customField != nil && $0.create != nil })
    func customFieldsByNameBothWays(resource c: ResourceCase) async throws {
        let (name, value) = try #require(c.customField)
        try await ProviderHarness.run(c.provider) { h, client in
            var body = try #require(c.create?["body"])
            body.set(.object([name: value]), at: ["custom_fields"])
            let created = try await client.send(.post, h.uri(c.resource, "", ""), json: body)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let fetched = try await client.send(.get, h.uri(c.resource, "/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)", ""))
            #expect(fetched.json["custom_fields"]?[name] == value, "\(fetched.text)")
            let unknown = try await client.send(.post, h.uri(c.resource, "", ""), json: .object(["custom_fields": .object(["no such field": .string("x")])]))
            #expect(unknown.status == .badRequest)
        }
    }

    @Test(arguments: ResourceCase.allCases.filter { $0.invalid != nil })
    func invalidBodyIs400NamingTheFieldWithNothingSent(resource c: ResourceCase) async throws {
        let (body, field) = try #require(c.invalid)
        try await ProviderHarness.run(c.provider) { h, client in
            let method: HTTPRequest.Method = c.mapping?.operations[.create] != nil ? .post : .patch
            let answer = try await client.send(method, h.uri(c.resource, method == .post ? "" : "/1", ""), json: body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(answer.json["error"]?["details"]?["field"] == .string(field), "\(answer.text)")
            #expect(await h.providerWrites().isEmpty)
        }
    }

    @Test(arguments: ResourceCase.allCases.filter { !$0.filters.isEmpty })
    func filtersAreServedByTheProvider(resource c: ResourceCase) async throws {
        try await ProviderHarness.run(c.provider) { h, client in
            for filter in c.filters {
                let query = try #require(filter["query"]?.stringValue)
                let page = try await client.send(.get, h.uri(c.resource, "", [c.listQuery, query, "limit=100"].filter { !$0.isEmpty }.joined(separator: "&")))
                #expect(page.status == .ok, "\(query): \(page.text)")
                let records = page.json["result"]?.arrayValue ?? []
                let minimum = filter["min"]?.numberValue?.int64.map(Int.init) ?? 1
                #expect(records.count >= minimum, "\(query): \(records.count) records")
                if let max = filter["max"]?.numberValue?.int64.map(Int.init) { #expect(records.count <= max, "\(query): \(records.count) records") }
                guard let every = filter["every"], let path = every["path"]?.stringValue else { continue }
                for record in records {
                    let value = record.lookup(path)
                    if let equals = every["equals"] { #expect(value == equals, "\(query): \(path) is \(String(describing: value))") }
                    if let after = every["after"]?.stringValue { #expect((value?.stringValue ?? "") > after, "\(query): \(path) is \(String(describing: value))") }
                    if let before = every["before"]?.stringValue { #expect((value?.stringValue ?? "~") < before, "\(query): \(path) is \(String(describing: value))") }
                }
            }
        }
    }

    @Test(arguments: ResourceCase.allCases)
    func anUnservedFilterIs400AndNothingIsSent(resource c: ResourceCase) async throws {
        try await ProviderHarness.run(c.provider) { h, client in
            let before = await h.providerRequests().count
            let answer = try await client.send(.get, h.uri(c.resource, "", [c.listQuery, "colour=red"].filter { !$0.isEmpty }.joined(separator: "&")))
            #expect(answer.status == .badRequest)
            #expect(answer.json["error"]?["code"] == .string("unsupported_filter"))
            #expect(answer.json["error"]?["details"]?["parameter"] == .string("colour"))
            #expect(await h.providerRequests().count == before)
        }
    }

    @Test(arguments: ResourceCase.allCases)
    func metaListsExactlyWhatTheMappingSupports(resource c: ResourceCase) async throws {
        let mapping = try #require(c.mapping)
        try await ProviderHarness.run(c.provider) { _, client in
            for kind in OperationKind.allCases {
                let meta = try await client.send(.get, "/unified/crm/\(c.resource)/\(c.provider.integration)/meta/\(kind.rawValue)")
                #expect(meta.status == (mapping.operations[kind] == nil ? .notFound : .ok), "\(kind.rawValue): \(meta.text)")
            }
        }
    }
}
