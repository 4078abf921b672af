extension JSONValue {
    /// Merges `patch` into `self` the way PATCH of an account context does: objects merge key by
    /// key (recursively), `null` removes a key, the placeholder `"[redacted]"` keeps the stored
    /// value (so a redacted context read back and sent again changes nothing), anything else replaces.
    public func mergingContext(_ patch: JSONValue) -> JSONValue {
        guard case .object(var base) = self, case .object(let changes) = patch else {
            return patch
        }
        for (key, change) in changes {
            switch change {
            case .null:
                base.removeValue(forKey: key)
            case .string(SecretRedactor.placeholder):
                continue
            case .object:
                base[key] = (base[key] ?? .object([:])).mergingContext(change)
            default:
                base[key] = change
            }
        }
        return .object(base)
    }
}
