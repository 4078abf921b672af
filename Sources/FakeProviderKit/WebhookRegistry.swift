import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The webhooks registered through a provider's API (`POST`, `GET` and `DELETE` on its webhooks
/// path), checked and answered as `WebhookRegistrationRules` say. The emulator delivers its
/// events to the registrations it picks with `matching`.
public final class WebhookRegistry: Sendable {
    /// One registered webhook: its id and stored members.
    public struct Registration: Sendable {
        public let id: Int
        public let values: [String: RecordValue]
        public func string(_ member: String) -> String? { values[member]?.string }
    }

    public let rules: WebhookRegistrationRules
    /// Values the templates may name besides a registration's members (`company_id`, `owner_id`, ...).
    nonisolated(unsafe) let context: [String: Any]
    private let state: Mutex<(registrations: [Registration], nextID: Int)>

    public init(rules: WebhookRegistrationRules, context: [String: Any]) {
        self.rules = rules
        self.context = context
        state = Mutex(([], rules.firstId))
    }

    /// Every registration, oldest first.
    public var registrations: [Registration] { state.withLock { $0.registrations } }

    /// The registrations whose members each hold one of the wanted values.
    public func matching(_ wanted: [String: [String]]) -> [Registration] {
        registrations.filter { registration in wanted.allSatisfy { $0.value.contains(registration.string($0.key) ?? "") } }
    }

    /// `POST`: the registration, or every invalid member.
    public func add(_ body: [String: Any]) -> Response {
        switch rules.check(body, context: context) {
        case .failure(let invalid):
            return answer("invalid", ["errors": invalid.messages])
        case .success(var values):
            values[rules.createdMember] = .string(rules.createdForm.text(FakeClock.nowMilliseconds()))
            let registration = state.withLock { state in
                defer { state.nextID += 1 }
                state.registrations.append(Registration(id: state.nextID, values: values))
                return state.registrations[state.registrations.count - 1]
            }
            return answer("created", ["registration": json(registration)])
        }
    }

    /// `GET`.
    public func list() -> Response { answer("listed", ["registrations": registrations.map(json)]) }

    /// `DELETE {id}`.
    public func remove(id raw: String?) -> Response {
        let removed = state.withLock { state in
            guard let id = raw.flatMap(Int.init), let index = state.registrations.firstIndex(where: { $0.id == id }) else { return false }
            state.registrations.remove(at: index)
            return true
        }
        guard removed else { return answer("not_found", ["errors": ["id": [rules.errors["not_found"] ?? "not found"]]]) }
        return answer("deleted", [:])
    }

    /// A registration as the provider writes it.
    public func json(_ registration: Registration) -> Any {
        var values = context
        for (name, value) in registration.values { values[name] = value.foundation }
        values["id"] = registration.id
        return JSONTemplate.fill(rules.registration.value, values)
    }

    private func answer(_ name: String, _ values: [String: Any]) -> Response {
        guard let answer = rules.answers[name] else { return FakeJSON.response(.internalServerError, ["error": "no \(name) answer"]) }
        return FakeJSON.response(HTTPResponse.Status(code: answer.status), JSONTemplate.fill(answer.body.value, values))
    }

    /// The routes on each of the rules' paths, behind `guard`.
    public func addRoutes(to router: Router<BasicRequestContext>, _ guard: RouteGuard) {
        for path in rules.paths {
            router.on(.get, RouterPath(path), `guard`) { _, _ in self.list() }
            router.on(.post, RouterPath(path), `guard`) { request, _ in self.add(try await FakeJSON.object(from: request) ?? [:]) }
            router.on(.delete, RouterPath("\(path)/:id"), `guard`) { _, context in self.remove(id: context.parameters.get("id")) }
        }
    }
}
