/// HTTP header names compare case-insensitively in ASCII (RFC 9110 §5.1); this does it on the
/// UTF-8 bytes, without Foundation's locale-aware comparison (which showed in the request path's
/// profile, once per header looked up).
enum HeaderName {
    static func equal(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] {
                    guard x[i] | 0x20 == y[i] | 0x20, (0x61...0x7A).contains(x[i] | 0x20) else { return false }
                }
                return true
            }
        }
    }
}
