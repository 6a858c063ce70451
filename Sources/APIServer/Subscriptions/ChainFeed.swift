import APIContract
import Storage

/// Where the events of `GET /v1/ws` are read from: the store (blocks,
/// transactions and proof times), and what a node and a follower each know
/// of accounts and load.
public struct ChainFeed: Sendable {
    public var store: any NodeStore
    /// The account tree's capacity (2^depth): an id at or beyond it cannot
    /// exist, and a subscription to it is refused (`bad_topic`).
    public var accounts: UInt64
    /// An account's committed and verified state; nil for no such account.
    public var account: @Sendable (UInt32) async throws -> SocketMessage.AccountEvent?
    /// The load now (topic `status`).
    public var status: @Sendable () async throws -> SocketMessage.StatusEvent

    public init(
        store: any NodeStore, treeDepth: Int, account: @escaping @Sendable (UInt32) async throws -> SocketMessage.AccountEvent?,
        status: @escaping @Sendable () async throws -> SocketMessage.StatusEvent
    ) {
        self.store = store
        accounts = UInt64(1) << UInt64(treeDepth)
        self.account = account
        self.status = status
    }

    /// A stored transaction's status as an event; nil if the store has no such transaction.
    func transaction(_ hash: String) throws -> SocketMessage.TransactionEvent? {
        guard let stored = try store.transaction(hash: hash) else { return nil }
        return Self.event(hash, stored.status)
    }

    static func event(_ hash: String, _ status: TransactionStatus) -> SocketMessage.TransactionEvent {
        let wire = TransactionStatusWire(status)
        return SocketMessage.TransactionEvent(hash: hash, status: wire.status, block: wire.block, reason: wire.reason)
    }
}
