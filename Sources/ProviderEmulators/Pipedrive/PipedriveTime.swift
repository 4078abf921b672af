import FakeProviderKit

/// Pipedrive's times as the deal shape declares them (`records.json`, `times`): API v2 writes RFC
/// 3339 in UTC and reads RFC 3339 only; deals keep whole seconds since 1970.
enum PipedriveTime {
    static func parseRFC3339(_ text: String) -> Int? { TimeText.rfc3339Seconds.parse(text).map { Int($0 / 1000) } }
}
