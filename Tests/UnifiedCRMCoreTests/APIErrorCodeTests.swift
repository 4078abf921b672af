import Testing
import UnifiedCRMCore

@Suite struct APIErrorCodeTests {
    @Test func codesAreUniqueSnakeCaseAndCarryTheirStatus() {
        let names = APIError.Code.all.map(\.rawValue)
        #expect(Set(names).count == names.count)
        for code in APIError.Code.all {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code)")
            #expect((400...599).contains(code.status), "\(code)")
            #expect(APIError.Code(rawValue: code.rawValue) == code)
        }
        #expect(APIError.Code(rawValue: "no_such_code") == nil)
    }

    @Test func anErrorTakesItsStatusFromItsCode() {
        let error = APIError(.providerTimeout, "slow")
        #expect(error.status == 504)
        #expect(error.body["error"]?["code"] == .string("provider_timeout"))
        #expect(error.body["error"]?["status"] == .integer(504))
        #expect(APIError(.needsReauth, "x").status == 401)
        #expect(APIError(.remoteValidationError, "x").status == 400)
        #expect(APIError(.rateLimited, "x").status == 429)
    }
}
