import Foundation
import Testing
import UnifiedCRMCore

/// Provider webhook bodies read into unified events, through the repository's mappings.
@Suite struct InboundEventReaderTests {
    func reader(_ provider: String) throws -> InboundEventReader {
        let mapping = try #require(try MappingDirectory.load(repositoryRoot.appendingPathComponent("mappings").path).mappings[provider])
        return InboundEventReader(spec: try #require(mapping.webhooks), resources: mapping.resources)
    }

    @Test func hubSpotPropertyChangesOfOneDealInOneRequestAreOneUpdateWithUnifiedFieldNames() throws {
        let body = #"""
        [{"eventId":1,"subscriptionType":"deal.propertyChange","portalId":62515,"objectId":1001,"propertyName":"dealname","propertyValue":"A"},
         {"eventId":2,"subscriptionType":"deal.propertyChange","portalId":62515,"objectId":1001,"propertyName":"amount","propertyValue":"5"},
         {"eventId":3,"subscriptionType":"deal.propertyChange","portalId":62515,"objectId":1001,"propertyName":"hs_not_mapped","propertyValue":"x"},
         {"eventId":4,"subscriptionType":"deal.creation","portalId":62515,"objectId":1002},
         {"eventId":5,"subscriptionType":"deal.associationChange","portalId":62515,"objectId":1003}]
        """#
        let events = try reader("hubspot").read(Array(body.utf8))
        #expect(events.count == 3)
        #expect(events[0].rule?.event == .recordUpdated && events[0].recordID == "1001" && events[0].accountKey == "62515")
        #expect(events[0].changedFields == ["name", "amount"])
        #expect(events[0].unmappedNativeFields == ["hs_not_mapped"], "a custom field only if the account's catalog has it")
        #expect(events[1].rule?.event == .recordCreated && events[1].recordID == "1002")
        #expect(events[2].rule == nil && events[2].providerType == "deal.associationChange", "read, not mapped")
    }

    @Test func pipedriveChangedFieldsAreTheKeysOfPrevious() throws {
        let body = #"""
        {"data":{"id":7,"title":"New","stage_id":3},"previous":{"title":"Old","stage_id":2},
         "meta":{"action":"change","entity":"deal","entity_id":"7","company_id":"100","version":"2.0"}}
        """#
        let events = try reader("pipedrive").read(Array(body.utf8))
        #expect(events.count == 1)
        #expect(events[0].providerType == "deal.change" && events[0].rule?.event == .recordUpdated && events[0].recordID == "7")
        #expect(Set(events[0].changedFields ?? []) == ["name", "stage"])
    }

    @Test(arguments: [
        ("[]", "no events"), ("{\"x\":1}", "no type"), ("[{\"subscriptionType\":\"deal.creation\"}]", "no record id"),
        (String(repeating: "[", count: 100), "not JSON"),
    ])
    func bodiesThatAreNotEventsAreRefusedWithTheReason(body: String, reason: String) throws {
        #expect { try reader("hubspot").read(Array(body.utf8)) } throws: { "\($0)".contains(reason) }
    }
}
