/// The ids of the last accepted transactions, so that an exact duplicate is
/// refused even before storage holds it (storage answers for older ones).
/// A ring of `capacity` ids: the oldest is forgotten first.
struct RecentHashes: Sendable {
    private var members = Set<String>()
    private var order = [String]()
    private var next = 0
    let capacity: Int

    init(capacity: Int = 100_000) {
        precondition(capacity > 0, "a ring holds at least one id")
        self.capacity = capacity
    }

    func contains(_ hash: String) -> Bool { members.contains(hash) }

    mutating func insert(_ hash: String) {
        members.insert(hash)
        if order.count < capacity {
            order.append(hash)
        } else {
            members.remove(order[next])
            order[next] = hash
            next = (next + 1) % capacity
        }
    }
}
