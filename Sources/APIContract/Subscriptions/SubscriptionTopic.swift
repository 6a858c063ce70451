/// What a WebSocket client of `GET /v1/ws` can subscribe to
/// (docs/PROTOCOL.md, "Subscriptions").
public enum SubscriptionTopic: Hashable, Sendable, CustomStringConvertible {
    /// Each block as it is committed and as it is verified.
    case blocks
    /// The backlog, live provers and pending count, at most once a second.
    case status
    /// Each status change of the transaction with this hash (0x-hex, lower case).
    case transaction(String)
    /// Each change of this account's committed or verified balance or nonce.
    case account(UInt32)

    /// The topic's name on the wire.
    public var name: String {
        switch self {
        case .blocks: "blocks"
        case .status: "status"
        case .transaction: "transaction"
        case .account: "account"
        }
    }

    public var description: String {
        switch self {
        case .blocks, .status: name
        case .transaction(let hash): "transaction \(hash)"
        case .account(let id): "account \(id)"
        }
    }
}
