/// A list as NDJSON over every page, one unified record a line.
extension UnifiedService {
    /// Validation and the account lookup happen here, before the response starts; pages are
    /// fetched as the stream is read, so memory stays constant whatever the number of records.
    public func stream(resource name: String, query: UnifiedQuery) async throws -> RecordStream {
        let (pager, remote, cursor) = try await listRequest(resource: name, query: query)
        var streamQuery = query
        if streamQuery.limit == nil { streamQuery.limit = pager.operation.maxLimit }
        return RecordStream(service: self, pager: pager, query: streamQuery, remote: remote, cursor: cursor)
    }

    /// Pages of NDJSON, fetched one at a time by `next()`.
    public struct RecordStream: Sendable {
        let service: UnifiedService
        let pager: ListPager
        var target: Target { pager.target }
        var operation: Operation { pager.operation }
        let query: UnifiedQuery
        let remote: [(String, String)]
        var cursor: [String: String]?
        var catalog: CustomFieldCatalog?

        init(service: UnifiedService, pager: ListPager, query: UnifiedQuery, remote: [(String, String)], cursor: [String: String]) {
            self.service = service
            self.pager = pager
            self.query = query
            self.remote = remote
            self.cursor = cursor
        }

        /// The next page's lines, or nil after the last page.
        public mutating func next() async throws -> [UInt8]? {
            guard let cursor else { return nil }
            let target = self.target, service = self.service
            if catalog == nil { catalog = try await service.customFields(target) }
            let catalog = self.catalog!
            let operation = self.operation, query = self.query, remote = self.remote
            let page = try await pager.page(query: query, cursor: cursor, remote: remote, catalog: catalog)
            self.cursor = page.records.isEmpty ? nil : page.next
            let renderer = RecordRenderer(schema: target.schema, query: query)
            var writer = JSONWriter(capacity: page.records.count * 512)
            for record in page.records {
                renderer.write(record, into: &writer, singleLine: true)
                writer.bytes.append(0x0A)
            }
            return writer.bytes
        }
    }
}
