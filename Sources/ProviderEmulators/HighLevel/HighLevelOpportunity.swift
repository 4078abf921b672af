import FakeProviderKit

/// An opportunity as stored (`records.json` shape `opportunity`: `SearchOpportunitiesResponseSchema`, also the
/// `GET`, `POST` and `PUT` answers), times in epoch milliseconds, `customFields` by field id.
public typealias HighLevelOpportunity = ShapedRecord

/// The contact summary embedded in each opportunity (`records.json` shape `contact`).
public typealias HighLevelContact = ShapedRecord

/// How `customFields` entries are written in answers (`records.json`, `customFieldReads`).
public enum HighLevelCustomFieldReadShape: String, Sendable, Equatable, CaseIterable {
    /// `{"id", "fieldValue"}`: the official OpenAPI (`CustomFieldResponseSchema`).
    case spec
    /// `{"id", "fieldValueString" | "fieldValueNumber" | "fieldValueArray"}`: what third-party clients read live (not in the spec; opt-in).
    case typed
}
