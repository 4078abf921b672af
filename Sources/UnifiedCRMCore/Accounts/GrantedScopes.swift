/// The OAuth scopes an account was granted, as its context records them: `oauth.token.scope`
/// (one string, space-separated as HighLevel sends it or comma-separated as Pipedrive does),
/// `oauth.token.scopes` (HubSpot's array) or `scopes` (a string or an array set by the operator).
/// Nil when the context says nothing: an API-key account is not checked.
public enum GrantedScopes {
    public static func of(_ context: JSONValue) -> Set<String>? {
        let candidates = [context.value(at: ["oauth", "token", "scope"]), context.value(at: ["oauth", "token", "scopes"]), context["scopes"]]
        for value in candidates.compactMap({ $0 }) {
            switch value {
            case .string(let text):
                return Set(text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }).map(String.init))
            case .array(let items):
                return Set(items.compactMap(\.stringValue))
            default:
                continue
            }
        }
        return nil
    }
}
