import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird

/// Associations v4's default (unlabeled) association of a deal with a company or contact:
/// `PUT /crm/v4/objects/deals/{dealId}/associations/default/{toObjectType}/{toObjectId}`, no body,
/// answered 200 with a `BatchResponsePublicDefaultAssociation` (providers/hubspot.md "Associations v4").
extension HubSpotEmulator {
    func addDefaultAssociationRoute(to router: Router<BasicRequestContext>, guarded: RouteGuard) {
        router.on(.put, "/crm/v4/objects/deals/:dealId/associations/default/:toType/:toId", guarded) { _, context in
            let rawDeal = context.parameters.get("dealId") ?? "", toType = context.parameters.get("toType") ?? "", toID = context.parameters.get("toId") ?? ""
            guard let kind = self.catalog.associations.kinds(named: [toType]).first, let typeID = self.catalog.associations.kinds[kind]?.typeIds.last else {
                throw HubSpotErrors.validation("Unknown object type \(toType) for an association from deals")
            }
            // The target must exist among the served objects.
            guard let target = Int(toID), await self.objects[kind]?.store.record(target) != nil else { throw HubSpotErrors.objectNotFound(id: toID) }
            guard let dealID = Int(rawDeal) else { throw HubSpotErrors.objectNotFound(id: rawDeal) }
            let now = FakeClock.nowMilliseconds()
            let linked = await self.store.update(dealID, now: now) { (deal: inout HubSpotDeal) in
                var associated = deal.associatedIDs
                if associated[kind]?.contains(toID) != true { associated[kind, default: []].append(toID) }
                deal["associated"] = .object(associated.mapValues { .array($0.map(RecordValue.string)) })
            }
            guard linked != nil else { throw HubSpotErrors.objectNotFound(id: rawDeal) }
            let stamp = HubSpotTime.iso(now)
            return self.answers.response(.ok, [
                "status": "COMPLETE", "startedAt": stamp, "completedAt": stamp,
                "results": [["from": ["id": rawDeal], "to": ["id": toID],
                             "associationSpec": ["associationCategory": self.catalog.associations.category, "associationTypeId": typeID]]],
            ])
        }
    }
}
