import Foundation

/// A fixture item kept with every member as stored (a stage, a field definition), for what a
/// provider reads of it besides the members every provider has.
public protocol StoredMembers {
    var members: [String: RecordValue] { get }
}

extension StoredMembers {
    /// The member at `path` (`"metadata", "probability"`).
    public func member(_ path: String...) -> RecordValue? {
        path.dropFirst().reduce(members[path[0]]) { $0?.object?[$1] }
    }
}
