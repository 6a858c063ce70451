import RollupTypes

/// A client's message on `GET /v1/ws`: subscribe to a topic or unsubscribe
/// from it, for example `{"op": "subscribe", "topic": "transaction",
/// "hash": "0x…", "id": "7"}`. `id`, if given, comes back in the
/// acknowledgement or error (docs/PROTOCOL.md, "Subscriptions").
public struct SubscriptionRequest: Codable, Sendable, Equatable {
    /// "subscribe" or "unsubscribe".
    public var op: String
    /// "blocks", "status", "transaction" (with `hash`) or "account" (with `account`).
    public var topic: String
    public var hash: String?
    public var account: UInt32?
    /// The client's own label for this request, at most 64 characters.
    public var id: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case op, topic, hash, account, id }

    /// Reads a request, refusing a field it does not have where the decoder
    /// reads requests (``Swift/CodingUserInfoKey/refusesForeignFields``).
    public init(from decoder: any Decoder) throws {
        try JSONFieldReader<CodingKeys>.refuseForeignFields(decoder, envelope: [])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        op = try container.decode(String.self, forKey: .op)
        topic = try container.decode(String.self, forKey: .topic)
        hash = try container.decodeIfPresent(String.self, forKey: .hash)
        account = try container.decodeIfPresent(UInt32.self, forKey: .account)
        id = try container.decodeIfPresent(String.self, forKey: .id)
    }

    public init(op: String, topic: SubscriptionTopic, id: String? = nil) {
        self.op = op
        self.topic = topic.name
        self.id = id
        switch topic {
        case .transaction(let hash): self.hash = hash
        case .account(let account): self.account = account
        case .blocks, .status: break
        }
    }

    /// Why a request cannot be served.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The topic it names, checked: a known name with what it needs and
    /// nothing else, and nothing that cannot exist on a chain of
    /// `accounts` accounts (an account id at or beyond it).
    public func checkedTopic(accounts: UInt64) throws(Invalid) -> SubscriptionTopic {
        guard id.map({ $0.count <= 64 }) ?? true else { throw Invalid(description: "an id is at most 64 characters") }
        let topic: SubscriptionTopic
        switch (self.topic, hash, account) {
        case ("blocks", nil, nil): topic = .blocks
        case ("status", nil, nil): topic = .status
        case ("transaction", let hash?, nil):
            let hex = hash.lowercased()
            guard hex.count == 66, hash.hasPrefix("0x"), hex.dropFirst(2).allSatisfy(\.isHexDigit) else {
                throw Invalid(description: "a transaction hash is 0x and 64 hex digits")
            }
            topic = .transaction(hex)
        case ("account", nil, let account?):
            guard UInt64(account) < accounts else { throw Invalid(description: "account \(account) cannot exist: this chain's account ids are below \(accounts)") }
            topic = .account(account)
        default:
            throw Invalid(description: "topic \"\(self.topic.prefix(32))\" is not one of blocks, status, transaction (with hash) or account (with account)")
        }
        return topic
    }
}
