/// A mapped record and the provider's original bytes for it (for `remote_data`, passed through as is).
public struct UnifiedRecord: Sendable {
    public var fields: [String: JSONValue]
    public var nativeBytes: ArraySlice<UInt8>?

    public init(fields: [String: JSONValue], nativeBytes: ArraySlice<UInt8>?) {
        self.fields = fields
        self.nativeBytes = nativeBytes
    }
}

/// Writes unified records in the requested shape (`unified` or `normalized`), applying
/// `truto_exclude_fields` and `truto_ignore_remote_data`.
public struct RecordRenderer: Sendable {
    public var schema: UnifiedSchema
    public var query: UnifiedQuery

    public init(schema: UnifiedSchema, query: UnifiedQuery) {
        self.schema = schema
        self.query = query
    }

    var includesRemoteData: Bool { query.format != .normalized && !query.ignoreRemoteData }

    /// Appends one record. `singleLine` (NDJSON) drops the line breaks a provider's pretty-printed
    /// `remote_data` may hold: outside strings they are whitespace, and JSON strings cannot hold raw ones.
    public func write(_ record: UnifiedRecord, into writer: inout JSONWriter, singleLine: Bool = false) {
        var fields = record.fields
        if query.format == .normalized {
            for name in schema.fieldNames where fields[name] == nil { fields[name] = .null }
        }
        var remoteExcludes: [[String]] = []
        for path in query.excludeFields {
            if path.first == "remote_data" { remoteExcludes.append(Array(path.dropFirst())); continue }
            var object = JSONValue.object(fields)
            object.remove(at: path)
            fields = object.objectValue ?? [:]
        }
        let remote: JSONValue? = includesRemoteData && !remoteExcludes.contains([]) ? .null : nil
        writer.bytes.append(UInt8(ascii: "{"))
        var first = true
        for key in fields.keys.sorted() {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.writeString(key)
            writer.bytes.append(UInt8(ascii: ":"))
            writer.write(fields[key]!)
        }
        if remote != nil, let bytes = record.nativeBytes {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            writer.append("\"remote_data\":")
            if remoteExcludes.isEmpty, singleLine, bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                writer.writeRaw(bytes.lazy.filter { $0 != 0x0A && $0 != 0x0D })
            } else if remoteExcludes.isEmpty {
                writer.writeRaw(bytes)
            } else {
                var native = (try? JSONParser.parse(Array(bytes), limits: .providerResponse)) ?? .null
                for path in remoteExcludes { native.remove(at: path) }
                writer.write(native)
            }
        }
        writer.bytes.append(UInt8(ascii: "}"))
    }

    /// A list envelope `{"result": [...] | {...}, "next_cursor": ..., "result_count": N}`.
    public func writeList(_ records: [UnifiedRecord], nextCursor: String?) -> [UInt8] {
        var writer = JSONWriter(capacity: records.count * 512 + 64)
        writer.append("{\"next_cursor\":")
        if let nextCursor { writer.writeString(nextCursor) } else { writer.append("null") }
        writer.append(",\"result\":")
        if let keyBy = query.keyBy {
            writer.bytes.append(UInt8(ascii: "{"))
            var first = true
            for record in records {
                guard let key = record.fields[keyBy]?.scalarText ?? record.fields[keyBy]?["id"]?.scalarText else { continue }
                if !first { writer.bytes.append(UInt8(ascii: ",")) }
                first = false
                writer.writeString(key)
                writer.bytes.append(UInt8(ascii: ":"))
                write(record, into: &writer)
            }
            writer.bytes.append(UInt8(ascii: "}"))
        } else {
            writer.bytes.append(UInt8(ascii: "["))
            for (i, record) in records.enumerated() {
                if i > 0 { writer.bytes.append(UInt8(ascii: ",")) }
                write(record, into: &writer)
            }
            writer.bytes.append(UInt8(ascii: "]"))
        }
        writer.append(",\"result_count\":")
        writer.writeNumber(Double(records.count))
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }

    public func writeSingle(_ record: UnifiedRecord) -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        write(record, into: &writer)
        return writer.bytes
    }
}

extension JSONValue {
    /// Removes the value at a pre-split path (no-op when absent). Arrays apply the rest of the path to each element.
    public mutating func remove(at path: [String]) {
        guard let first = path.first else { return }
        switch self {
        case .object(var object):
            if path.count == 1 {
                object.removeValue(forKey: first)
            } else if var child = object[first] {
                child.remove(at: Array(path.dropFirst()))
                object[first] = child
            }
            self = .object(object)
        case .array(let array):
            self = .array(array.map { var element = $0; element.remove(at: path); return element })
        default:
            return
        }
    }
}
