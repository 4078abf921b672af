/// The contact summary embedded in each opportunity (`SearchOpportunitiesContactResponseSchema`).
public struct HighLevelContact: Sendable, Equatable, Decodable {
    public let id: String
    public let name: String
    public let companyName: String
    public let email: String
    public let phone: String
    public let tags: [String]

    var json: [String: Any] {
        ["id": id, "name": name, "companyName": companyName, "email": email, "phone": phone, "tags": tags]
    }

    /// Whether `needle` (lowercased) occurs in the name, company, email or phone; used by the `q` filter.
    func matches(lowercased needle: String) -> Bool {
        name.lowercased().contains(needle) || companyName.lowercased().contains(needle)
            || email.lowercased().contains(needle) || phone.contains(needle)
    }
}
