import Foundation
import Testing
import UnifiedCRMCore

/// One unified resource of one emulated provider, other than opportunities (their own suite):
/// every resource a provider's mapping declares, with `mappings/<p>/fixtures/resources/<resource>.json`
/// stating what differs (seeded count, a list query, create/update bodies, filters to check). See
/// mappings/README.md "End-to-end fixtures". Found from the mappings: no Swift edit per resource.
struct ResourceCase: CustomTestStringConvertible, Sendable {
    let provider: ProviderCase
    let resource: String
    /// The fixture file, `.null` when it is missing (a test then fails saying so).
    let data: JSONValue
    var testDescription: String { "\(provider.integration) \(resource)" }

    static let mappings = Result { try MappingDirectory.load(repositoryMappings) }

    static let allCases: [ResourceCase] = ProviderCase.allCases.flatMap { provider -> [ResourceCase] in
        let declared = (try? mappings.get())?[provider.integration]?.resources.keys.sorted() ?? []
        return declared.filter { $0 != "opportunities" }.map { resource in
            let url = URL(fileURLWithPath: repositoryMappings).appendingPathComponent(provider.integration)
                .appendingPathComponent("fixtures/resources/\(resource).json")
            let data = (try? Data(contentsOf: url)).flatMap { try? JSONValue.parse($0) } ?? .null
            return ResourceCase(provider: provider, resource: resource, data: data)
        }
    }

    var mapping: ResourceMapping? { (try? Self.mappings.get())?[provider.integration]?.resources[resource] }
    var seeded: Int { data["seeded"]?.numberValue?.int64.map(Int.init) ?? 0 }
    var pageLimit: Int { data["page_limit"]?.numberValue?.int64.map(Int.init) ?? 10 }
    var listQuery: String { data["list_query"]?.stringValue ?? "" }
    var nativeListPath: String? { data["native_list_path"]?.stringValue }
    var create: JSONValue? { data["create"] }
    var update: JSONValue? { data["update"] }
    var deletes: Bool { data["delete"] == .bool(true) }
    var customField: (name: String, value: JSONValue)? {
        guard let name = data["custom_field"]?["name"]?.stringValue else { return nil }
        return (name, data["custom_field"]?["value"] ?? .null)
    }
    var invalid: (body: JSONValue, field: String)? {
        guard let body = data["invalid"]?["body"], let field = data["invalid"]?["field"]?.stringValue else { return nil }
        return (body, field)
    }
    var filters: [JSONValue] { data["filters"]?.arrayValue ?? [] }

    static func == (lhs: ResourceCase, rhs: ResourceCase) -> Bool { lhs.testDescription == rhs.testDescription }
}

extension ProviderHarness {
    /// A unified URI of `resource` for this account.
    func uri(_ resource: String, _ path: String, _ query: String) -> String {
        "/unified/crm/\(resource)\(path)?integrated_account_id=\(accountID)" + (query.isEmpty ? "" : "&" + query)
    }
}

extension JSONValue {
    /// The value at a dotted path whose numeric segments index arrays (`email_addresses.0.email`).
    func lookup(_ dotted: String) -> JSONValue? {
        var value: JSONValue? = self
        for key in dotted.split(separator: ".").map(String.init) {
            if let index = Int(key), let array = value?.arrayValue { value = index < array.count ? array[index] : nil } else { value = value?[key] }
        }
        return value
    }

    /// True when every key of `expected` holds the same value here (nested objects compared the same way).
    func contains(_ expected: JSONValue) -> Bool {
        guard let fields = expected.objectValue else { return self == expected }
        return fields.allSatisfy { key, value in self[key].map { $0.contains(value) } ?? (value == .null) }
    }
}
