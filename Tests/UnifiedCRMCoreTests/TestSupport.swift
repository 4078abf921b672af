import Foundation
import UnifiedCRMCore

extension JSONValue {
    /// Parses JSON text in tests (`.null` if malformed, which then fails the test's expectations).
    static func from(_ text: String) -> JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
}
