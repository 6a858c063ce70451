import Foundation
import RollupTypes

/// A transaction as clients send it (POST /v1/transactions): the JSON form
/// of any registered kind (``TransactionKind``, docs/PROTOCOL.md), that is
/// `{"type": …, …its fields}`, with its authority's signature: the owner's
/// for transfers and exits, the bridge's for deposits. A field that does
/// not hold is refused by name (400, or 422 for an amount that is not
/// packable).
public struct SubmittedTransaction: Codable, Sendable {
    public let transaction: Transaction

    public init(_ transaction: Transaction) { self.transaction = transaction }

    public func encode(to encoder: any Encoder) throws { try transaction.encode(to: encoder) }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        guard TransactionKinds.kind(named: name) != nil else {
            let names = TransactionKinds.all.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw TransactionFieldError.invalid(field: "type", reason: "must be one of \(names)")
        }
        transaction = try Transaction(from: decoder)
    }
}

/// A transaction as the API shows it: its JSON form (the kind's fields
/// beside `"type"`), its id, and where it is in its life. A kind that
/// learns its account when sealed (a deposit to a new account) shows the
/// account it was given.
public struct TransactionView: Codable, Sendable, Equatable {
    public var hash: String
    public var transaction: Transaction
    /// pending, committed, verified or rejected.
    public var status: String
    /// Why it was rejected.
    public var reason: String?
    /// The block that holds it, once committed.
    public var block: UInt32?
    /// The account the node gave it, when the transaction names none (a
    /// deposit to a new account). On the wire it is the kind's own
    /// `account` field, so a client reads it there: decoding leaves this nil
    /// and the decoded deposit names the account (its hash is the one of
    /// the deposit as submitted, without it).
    public var assignedAccount: Int?

    private enum Field: String, CodingKey { case hash, status, reason, block, account }

    public init(hash: String, transaction: Transaction, status: String, reason: String?, block: UInt32?, assignedAccount: Int?) {
        self.hash = hash
        self.transaction = transaction
        self.status = status
        self.reason = reason
        self.block = block
        self.assignedAccount = assignedAccount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Field.self)
        hash = try container.decode(String.self, forKey: .hash)
        transaction = try Transaction(from: decoder)
        status = try container.decode(String.self, forKey: .status)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        block = try container.decodeIfPresent(UInt32.self, forKey: .block)
        assignedAccount = nil
    }

    public func encode(to encoder: any Encoder) throws {
        try transaction.encode(to: encoder)
        var container = encoder.container(keyedBy: Field.self)
        try container.encode(hash, forKey: .hash)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(block, forKey: .block)
        try container.encodeIfPresent(assignedAccount, forKey: .account)
    }
}

/// What POST /v1/transactions and /v1/deposits answer (202).
public struct AcceptedView: Codable, Sendable, Equatable {
    public var hash: String
    public var status: String
    /// For a deposit: the account it credits (for a new one, the id it gets).
    public var accountId: Int?

    public init(hash: String, status: String, accountId: Int?) {
        self.hash = hash
        self.status = status
        self.accountId = accountId
    }
}

/// A page of transactions; `next` is the `before` of the following page.
public struct TransactionPage: Codable, Sendable, Equatable {
    public var transactions: [TransactionView]
    public var next: Int64?

    public init(transactions: [TransactionView], next: Int64?) {
        self.transactions = transactions
        self.next = next
    }
}
