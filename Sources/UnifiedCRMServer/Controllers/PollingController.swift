import Foundation
import Hummingbird
import UnifiedCRMCore

/// `GET|PUT /integrated-account/{id}/polling`: which resources of an account are polled for
/// changes (record events for CRMs or apps without provider webhooks).
struct PollingController<Context: RequestContext> {
    let unified: UnifiedService
    let store: any PollStore

    static var intervals: ClosedRange<Int> { 10...86_400 }

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.get, "/integrated-account/{id}/polling", table: table) { _, context in
            let account = try await account(context.parameters.get("id") ?? "")
            return render(try await store.polls(accountID: account.id))
        }
        router.on(.put, "/integrated-account/{id}/polling", table: table) { request, context in
            let account = try await account(context.parameters.get("id") ?? "")
            let body = try await JSONResponse.body(of: request)
            guard let object = body.objectValue else { throw APIError.invalidJSON("The request body must be a JSON object.") }
            if let unknown = object.keys.sorted().first(where: { !["resources", "interval_seconds"].contains($0) }) {
                throw APIError.invalidField(unknown, "The field `\(unknown)` is not a polling setting; send resources and interval_seconds.", code: .unknownField)
            }
            guard let items = object["resources"]?.arrayValue else { throw APIError.missingField("resources") }
            let mapping = unified.mappings[account.integration]
            let listable = (mapping?.resources.values.filter { $0.operations[.list] != nil }.map(\.name) ?? []).sorted()
            var resources: [String] = []
            for (index, item) in items.enumerated() {
                guard let name = item.stringValue, listable.contains(name) else {
                    throw APIError.invalidField("resources[\(index)]", "\(account.integration) can poll only: \(listable.joined(separator: ", ")).",
                                                extra: ["allowed": .array(listable.map(JSONValue.string))])
                }
                if !resources.contains(name) { resources.append(name) }
            }
            var interval = 300
            if let value = object["interval_seconds"] {
                guard let seconds = value.numberValue?.int64, Self.intervals.contains(Int(seconds)) else {
                    throw APIError.invalidField("interval_seconds", "The field `interval_seconds` must be an integer from \(Self.intervals.lowerBound) to \(Self.intervals.upperBound).")
                }
                interval = Int(seconds)
            }
            try await store.setPolls(accountID: account.id, resources.map { PollState(accountID: account.id, resource: $0, intervalSeconds: interval, nextRunAt: Date()) })
            return render(try await store.polls(accountID: account.id))
        }
    }

    private func account(_ idString: String) async throws -> IntegratedAccount {
        let id = try AccountService.parseID(idString, field: "id")
        guard let account = try await unified.database.account(id: id) else {
            throw APIError.notFound("No integrated account with id `\(idString)`.", details: ["id": .string(idString)])
        }
        return account
    }

    private func render(_ polls: [PollState]) -> Response {
        JSONValue.object(["result": .array(polls.map(\.json))]).response(status: .ok)
    }
}
