import FakeProviderKit
import Foundation

@testable import ProviderEmulators

// Inspection hooks the emulator tests use to check stored state without going through HTTP.

extension HubSpotEmulator {
    /// The stored property values of a deal (archived ones too), exactly as stored: strings, no
    /// entry for properties without a value.
    func storedProperties(dealID: String) async -> [String: String]? {
        await storedDeal(id: dealID)?.propertyValues
    }

    /// The stored deal (archived ones too).
    func storedDeal(id: String) async -> HubSpotDeal? {
        guard let id = Int(id) else { return nil }
        return await store.record(id)
    }

    /// How many deals are stored, archived ones included.
    func storedDealCount() async -> Int { await store.count }

    /// How many deals are not archived.
    func liveDealCount() async -> Int { await store.liveCount }

    /// The seeded custom deal properties (`hubspotDefined` absent).
    var customProperties: [FieldDefinitions.Field] { catalog.properties.custom }
}

extension PipedriveEmulator {
    /// The stored deal (deleted ones too) as the API v2 JSON object, serialised with sorted keys.
    func storedDealJSON(id: Int) async -> Data? {
        guard let deal = await store.deal(id: id) else { return nil }
        return FakeJSON.sortedData(catalog.deal.json(deal, fields: catalog.fields))
    }

    /// The stored deal value (deleted ones too).
    func storedDeal(id: Int) async -> PipedriveDeal? { await store.deal(id: id) }

    /// How many deals are not deleted.
    func liveDealCount() async -> Int { await store.liveDealCount }

    /// The 40-character key of a custom deal field by display name ("Renewal type"), case-insensitive.
    func customFieldKey(named name: String) async -> String? { catalog.fields.custom(named: name)?.key }

    /// The seeded custom deal fields.
    func customFields() async -> [FieldDefinitions.Field] { catalog.fields.custom }
}

extension HighLevelEmulator {
    /// A stored opportunity as the JSON object the API returns (with embedded contact), sorted keys; nil if unknown.
    func storedOpportunityJSON(id: String) async -> Data? {
        guard let opportunity = await store.opportunity(id: id) else { return nil }
        return FakeJSON.sortedData(json(opportunity, contacts.contact(of: opportunity)))
    }

    /// A stored opportunity value; nil if unknown or deleted.
    func storedOpportunity(id: String) async -> HighLevelOpportunity? {
        await store.opportunity(id: id)
    }

    /// How many opportunities the location holds (deleted ones are gone).
    func opportunityCount() async -> Int {
        await store.count
    }

    /// The id of an opportunity custom field by display name ("Renewal type"), case-insensitive.
    func customFieldId(named name: String) async -> String? {
        catalog.opportunityFields.custom(named: name)?.id
    }

    /// The `fieldKey` (`opportunity.renewal_type`) of an opportunity custom field by display name.
    func customFieldKey(named name: String) async -> String? {
        catalog.opportunityFields.custom(named: name)?.key
    }

    /// The seeded opportunity custom fields.
    func customFields() async -> [FieldDefinitions.Field] {
        catalog.opportunityFields.all
    }

    /// A contact that exists in the location, usable as `contactId` in creates.
    func validContactId() async -> String {
        contacts.ids[0]
    }

    /// Every contact id of the location.
    func contactIds() async -> [String] {
        contacts.ids
    }

    /// A pipeline id and one of its stage ids, usable in creates (the first pipeline, first stage).
    func pipelineAndStageIds() async -> (pipelineId: String, stageId: String) {
        (catalog.pipelines.first.id, catalog.pipelines.first.stages[0].id)
    }

    /// The seeded pipelines with their stages.
    func pipelines() async -> [Pipelines<String>.Pipeline] {
        catalog.pipelines.all
    }

    /// User ids usable as `assignedTo`.
    func userIds() async -> [String] {
        catalog.account.userIds
    }

    /// Opportunity ids that exist but belong to another location (the token gets 403 on them).
    func foreignOpportunityIds() async -> [String] {
        await store.foreignIds
    }
}
