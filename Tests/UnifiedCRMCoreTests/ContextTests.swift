import Foundation
import Testing
import UnifiedCRMCore

@Suite struct SecretRedactorTests {
    @Test func redactsWellKnownNamesAtAnyDepthAndDeclaredPaths() {
        let context = JSONValue.from(#"{"api_key":"a","location_id":"l","oauth":{"token":{"access_token":"b","refresh_token":"c","expires_at":"x"}},"webhook":{"signing":"d"},"list":[{"password":"e"}]}"#)
        let redactor = SecretRedactor(extraSecretPaths: ["webhook.signing"])
        let redacted = redactor.redact(context)
        #expect(redacted == .from(#"{"api_key":"[redacted]","location_id":"l","oauth":{"token":{"access_token":"[redacted]","refresh_token":"[redacted]","expires_at":"x"}},"webhook":{"signing":"[redacted]"},"list":[{"password":"[redacted]"}]}"#))
        #expect(Set(redactor.secrets(in: context)) == ["a", "b", "c", "d"])
    }
}

@Suite struct ContextMergeTests {
    @Test func mergesRecursivelyRemovesNullsAndKeepsRedactedPlaceholders() {
        let base = JSONValue.from(#"{"api_key":"k","a":{"b":1,"c":2},"d":"x"}"#)
        let merged = base.mergingContext(.from(#"{"api_key":"[redacted]","a":{"c":3,"e":4},"d":null,"f":[1]}"#))
        #expect(merged == .from(#"{"api_key":"k","a":{"b":1,"c":3,"e":4},"f":[1]}"#))
    }
}

@Suite struct IntegrationDescriptorTests {
    let descriptor = IntegrationDescriptor(name: "highlevel", requiredContext: ["location_id"], authMethods: ["api_key": ["api_key"], "oauth": ["oauth.token.access_token"]])

    @Test func picksTheMethodFromTheContextShape() throws {
        #expect(try descriptor.validate(context: .from(#"{"api_key":"k","location_id":"l"}"#)) == "api_key")
        #expect(try descriptor.validate(context: .from(#"{"oauth":{"token":{"access_token":"t"}},"location_id":"l"}"#)) == "oauth")
    }

    @Test func namesTheMissingField() {
        #expect(throws: APIError.invalidField("context.oauth.token.access_token", "The field `context.oauth.token.access_token` is required for highlevel accounts (OAuth authentication).", code: .missingField)) {
            try descriptor.validate(context: .from(#"{"oauth":{"token":{}},"location_id":"l"}"#))
        }
    }

    @Test func catalogLoadsTheRepositoryMappingFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mappings").path
        let catalog = try MappingDirectory.loadCatalog(directory)
        #expect(Set(catalog.names).isSuperset(of: ["hubspot", "pipedrive", "highlevel"]))
        #expect(catalog["highlevel"]?.requiredContext == ["location_id"])
    }
}

@Suite struct AccountCursorTests {
    @Test func roundTripsAndRejectsForeignCursors() throws {
        #expect(try AccountCursor.decode(AccountCursor.encode(42)) == 42)
        for bad in ["", "abc", "YjoxMg", AccountCursor.encode(1) + "!"] {
            #expect(throws: APIError.self) { try AccountCursor.decode(bad) }
        }
    }
}

@Suite struct TimestampTests {
    @Test func formatsMillisecondsExactly() {
        #expect(Date(epochMilliseconds: 1_700_000_000_716).iso8601Milliseconds == "2023-11-14T22:13:20.716Z")
        #expect(Date(epochMilliseconds: 0).iso8601Milliseconds == "1970-01-01T00:00:00.000Z")
        #expect(Date(epochMilliseconds: -1).iso8601Milliseconds == "1969-12-31T23:59:59.999Z")
    }
}
