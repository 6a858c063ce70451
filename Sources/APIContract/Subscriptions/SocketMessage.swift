/// What the node sends on `GET /v1/ws`: an acknowledgement of a
/// subscription request (`"type": "ack"`), an event of a subscribed topic
/// (`"type": "event"`), or an error (`"type": "error"`), one JSON object per
/// text frame (docs/PROTOCOL.md, "Subscriptions").
public struct SocketMessage: Codable, Sendable, Equatable {
    /// A block committed or verified (topic `blocks`; an event carries the
    /// blocks stored since the last, in order).
    public struct BlockEvent: Codable, Sendable, Equatable {
        public var number: UInt32
        public var type: String
        /// "committed" or "verified".
        public var status: String
        /// Its transactions, padding left out.
        public var transactions: Int
        /// How long its proof took, once verified, where the node measured it.
        public var proofMilliseconds: Int64?

        public init(number: UInt32, type: String, status: String, transactions: Int, proofMilliseconds: Int64?) {
            self.number = number
            self.type = type
            self.status = status
            self.transactions = transactions
            self.proofMilliseconds = proofMilliseconds
        }
    }

    /// A transaction's status (topic `transaction`).
    public struct TransactionEvent: Codable, Sendable, Equatable {
        public var hash: String
        /// pending, committed, verified or rejected.
        public var status: String
        public var block: UInt32?
        /// Why it was rejected.
        public var reason: String?

        public init(hash: String, status: String, block: UInt32?, reason: String?) {
            self.hash = hash
            self.status = status
            self.block = block
            self.reason = reason
        }
    }

    /// An account's committed and verified state (topic `account`).
    public struct AccountEvent: Codable, Sendable, Equatable {
        public var id: UInt32
        public var committed: AccountView.State?
        public var verified: AccountView.State?

        public init(id: UInt32, committed: AccountView.State?, verified: AccountView.State?) {
            self.id = id
            self.committed = committed
            self.verified = verified
        }
    }

    /// The node's load (topic `status`).
    public struct StatusEvent: Codable, Sendable, Equatable {
        public var lastCommittedBlock: UInt32
        public var lastVerifiedBlock: UInt32
        public var backlogBlocks: Int
        public var liveProvers: Int
        public var pendingTransactions: Int
        /// Transactions the node accepted since it started (a follower accepts none: absent).
        public var acceptedTransactions: Int?

        public init(
            lastCommittedBlock: UInt32, lastVerifiedBlock: UInt32, backlogBlocks: Int, liveProvers: Int, pendingTransactions: Int, acceptedTransactions: Int?
        ) {
            self.acceptedTransactions = acceptedTransactions
            self.lastCommittedBlock = lastCommittedBlock
            self.lastVerifiedBlock = lastVerifiedBlock
            self.backlogBlocks = backlogBlocks
            self.liveProvers = liveProvers
            self.pendingTransactions = pendingTransactions
        }
    }

    /// "ack", "event" or "error".
    public var type: String
    /// The request's `op`, in an acknowledgement.
    public var op: String?
    /// The topic's name (in an acknowledgement, an event, and an error about a topic).
    public var topic: String?
    /// The transaction's hash or the account's id, for those topics.
    public var hash: String?
    public var account: UInt32?
    /// The request's `id`, if it gave one.
    public var id: String?
    public var blocks: [BlockEvent]?
    public var transaction: TransactionEvent?
    public var state: AccountEvent?
    public var status: StatusEvent?
    public var error: APIErrorBody.Detail?

    init(type: String, topic: SubscriptionTopic?) {
        self.type = type
        self.topic = topic?.name
        switch topic {
        case .transaction(let hash): self.hash = hash
        case .account(let id): account = id
        default: break
        }
    }

    /// The acknowledgement of `op` on `topic`.
    public static func ack(_ op: String, _ topic: SubscriptionTopic, id: String?) -> SocketMessage {
        var message = SocketMessage(type: "ack", topic: topic)
        message.op = op
        message.id = id
        return message
    }

    /// An error with an API error code (docs/PROTOCOL.md lists them).
    public static func error(_ code: String, _ message: String, id: String? = nil) -> SocketMessage {
        var reply = SocketMessage(type: "error", topic: nil)
        reply.error = APIErrorBody.Detail(code: code, message: message)
        reply.id = id
        return reply
    }

    public static func event(_ blocks: [BlockEvent]) -> SocketMessage {
        var message = SocketMessage(type: "event", topic: .blocks)
        message.blocks = blocks
        return message
    }

    public static func event(_ transaction: TransactionEvent) -> SocketMessage {
        var message = SocketMessage(type: "event", topic: .transaction(transaction.hash))
        message.transaction = transaction
        return message
    }

    public static func event(_ state: AccountEvent) -> SocketMessage {
        var message = SocketMessage(type: "event", topic: .account(state.id))
        message.state = state
        return message
    }

    public static func event(_ status: StatusEvent) -> SocketMessage {
        var message = SocketMessage(type: "event", topic: .status)
        message.status = status
        return message
    }

    /// The topic an event or acknowledgement is about.
    public var subject: SubscriptionTopic? {
        switch (topic, hash, account) {
        case ("blocks", _, _): .blocks
        case ("status", _, _): .status
        case ("transaction", let hash?, _): .transaction(hash)
        case ("account", _, let id?): .account(id)
        default: nil
        }
    }
}
