/// A dictionary of at most `capacity` entries that forgets the least recently used one when full.
/// Reads and writes are O(1): entries sit in a doubly linked list threaded through an array.
/// Not thread-safe; wrap it in a lock.
struct LRUDictionary<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var newer: Int?
        var older: Int?
    }

    let capacity: Int
    private var nodes: [Node] = []
    private var indexByKey: [Key: Int] = [:]
    private var newest: Int?
    private var oldest: Int?

    init(capacity: Int) {
        precondition(capacity > 0, "An LRU dictionary needs room for at least one entry.")
        self.capacity = capacity
    }

    var count: Int { indexByKey.count }

    /// The value for `key`, which becomes the most recently used.
    mutating func value(forKey key: Key) -> Value? {
        guard let index = indexByKey[key] else { return nil }
        moveToNewest(index)
        return nodes[index].value
    }

    /// Stores `value` as the most recently used, evicting the least recently used entry when full.
    mutating func set(_ value: Value, forKey key: Key) {
        if let index = indexByKey[key] {
            nodes[index].value = value
            moveToNewest(index)
            return
        }
        let index: Int
        if indexByKey.count == capacity, let evicted = oldest {
            // Reuse the evicted slot so `nodes` never grows past `capacity`.
            unlink(evicted)
            indexByKey[nodes[evicted].key] = nil
            nodes[evicted] = Node(key: key, value: value)
            index = evicted
        } else {
            nodes.append(Node(key: key, value: value))
            index = nodes.count - 1
        }
        indexByKey[key] = index
        linkAsNewest(index)
    }

    /// Forgets `key`. Its slot is filled by moving the last node into it.
    mutating func removeValue(forKey key: Key) {
        guard let index = indexByKey.removeValue(forKey: key) else { return }
        unlink(index)
        let last = nodes.count - 1
        if index != last {
            let moved = nodes[last]
            nodes[index] = moved
            indexByKey[moved.key] = index
            if let newer = moved.newer { nodes[newer].older = index } else { newest = index }
            if let older = moved.older { nodes[older].newer = index } else { oldest = index }
        }
        nodes.removeLast()
    }

    private mutating func moveToNewest(_ index: Int) {
        guard newest != index else { return }
        unlink(index)
        linkAsNewest(index)
    }

    private mutating func unlink(_ index: Int) {
        let node = nodes[index]
        if let newer = node.newer { nodes[newer].older = node.older } else { newest = node.older }
        if let older = node.older { nodes[older].newer = node.newer } else { oldest = node.newer }
        nodes[index].newer = nil
        nodes[index].older = nil
    }

    private mutating func linkAsNewest(_ index: Int) {
        nodes[index].older = newest
        nodes[index].newer = nil
        if let newest { nodes[newest].newer = index }
        newest = index
        if oldest == nil { oldest = index }
    }
}
