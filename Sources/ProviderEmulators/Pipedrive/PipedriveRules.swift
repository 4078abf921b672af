import FakeProviderKit
import Foundation

/// What Pipedrive does with a written organization, person, activity, lead or note besides storing
/// its checked fields (facts: `mappings/providers/pipedrive.md`). Messages the docs do not give are
/// the emulator's (unverified), in API v2's "Validation failed: <field>: <reason>" form.
enum PipedriveRules {
    /// `HH:MM` or `HH:MM:SS` (activity `due_time`, `duration`).
    static let clock = ShapeFormats.Format(read: { value in
        guard let text = value.string else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
              let hours = Int(parts[0]), hours < 24, parts.dropFirst().allSatisfy({ Int($0)! < 60 }) else { return nil }
        return value
    }, render: { $0 })

    /// Seeded lead `n`'s UUID.
    static func seededLeadID(_ number: Int) -> String {
        String(format: "%08x-0e10-11eb-879b-%012x", 0x5c1e_0a00 + number, 0x05d7_1fb4_2600 + number)
    }

    /// Organization: an `address` object needs its `value`.
    static let organization: PipedriveRecordRules = { record, written, _, _ throws(FakeError) in
        if let address = written["address"]?.object, address["value"]?.string?.isEmpty != false {
            throw .badRequest("Validation failed: address.value: Required")
        }
    }

    /// Person: `name`, or `first_name` and `last_name` (one makes the other); `emails` and `phones`
    /// entries need a `value`, take `label` `work` by default, and one is primary (the first when none is).
    static let person: PipedriveRecordRules = { record, written, creating, _ throws(FakeError) in
        let first = written["first_name"]?.string, last = written["last_name"]?.string
        if let name = written["name"]?.string {
            if first == nil, last == nil {
                let parts = name.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
                record["first_name"] = .string(parts.first ?? name)
                record["last_name"] = parts.count > 1 ? .string(parts[1]) : .null
            }
        } else if first != nil || last != nil {
            let joined = [record.string("first_name"), record.string("last_name")].compactMap { $0 }.joined(separator: " ")
            record["name"] = .string(joined)
        } else if creating {
            throw .badRequest("Validation failed: name: Either name or both first_name and last_name must be provided")
        }
        if (record.string("name") ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .badRequest("Validation failed: name: must not be empty")
        }
        for member in ["emails", "phones"] {
            guard let entries = written[member]?.array else { continue }
            var kept: [RecordValue] = []
            for (index, entry) in entries.enumerated() {
                guard var object = entry.object, let value = object["value"]?.string, !value.isEmpty else {
                    throw .badRequest("Validation failed: \(member)[\(index)].value: Required")
                }
                if member == "emails", !value.contains("@") { throw .badRequest("Validation failed: \(member)[\(index)].value: must be a valid email address") }
                if let label = object["label"], label.string == nil { throw .badRequest("Validation failed: \(member)[\(index)].label: must be a string") }
                if let primary = object["primary"], primary.bool == nil { throw .badRequest("Validation failed: \(member)[\(index)].primary: must be a boolean") }
                object["label"] = object["label"] ?? .string("work")
                object["primary"] = object["primary"] ?? .bool(false)
                kept.append(.object(object))
            }
            if kept.filter({ $0.object?["primary"] == .bool(true) }).count > 1 {
                throw .badRequest("Validation failed: \(member): only one entry can be primary")
            }
            if !kept.isEmpty, !kept.contains(where: { $0.object?["primary"] == .bool(true) }), var head = kept[0].object {
                head["primary"] = .bool(true)
                kept[0] = .object(head)
            }
            record[member] = .array(kept)
        }
    }

    /// Activity: the primary participant (else the first) is `person_id`; `done` stamps or clears `marked_as_done_time`.
    static let activity: PipedriveRecordRules = { record, written, _, now throws(FakeError) in
        if let participants = written["participants"]?.array {
            var primary: Int?, first: Int?
            for (index, participant) in participants.enumerated() {
                guard let person = participant.object?["person_id"]?.int, person > 0 else {
                    throw .badRequest("Validation failed: participants[\(index)].person_id: must be a positive integer")
                }
                first = first ?? person
                if participant.object?["primary"] == .bool(true) { primary = person }
            }
            record["person_id"] = (primary ?? first).map(RecordValue.int) ?? .null
        }
        if let done = written["done"]?.bool {
            record["marked_as_done_time"] = done ? (record["marked_as_done_time"].isNull ? .int(now) : record["marked_as_done_time"]) : .null
        }
    }

    /// Lead: linked to a person or an organization or both; `value` has both `amount` and `currency`.
    static let lead: PipedriveRecordRules = { record, written, _, _ throws(FakeError) in
        if record["person_id"].isNull, record["organization_id"].isNull {
            throw .badRequest("A lead always has to be linked to a person or an organization or both")
        }
        if let value = written["value"]?.object, value["amount"]?.double == nil || value["currency"]?.string == nil {
            throw .badRequest("Both amount and currency are required for value")
        }
    }

    /// Note: a create names what it is on; every update records the token owner as its last editor.
    static func note(author: Int) -> PipedriveRecordRules {
        { record, _, creating, _ throws(FakeError) in
            if creating, ["deal_id", "person_id", "org_id", "lead_id", "project_id"].allSatisfy({ record[$0].isNull }) {
                throw .badRequest("One of deal_id, person_id, org_id, lead_id or project_id is required")
            }
            if !creating { record["last_update_user_id"] = .int(author) }
        }
    }
}
