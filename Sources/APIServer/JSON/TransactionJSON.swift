import Algebra
import Foundation
import Primitives
import RollupTypes
import Storage

/// A transaction as wallets send it (POST /v1/transactions): the JSON form
/// of a kind its owner signs (``TransactionKind``, docs/PROTOCOL.md), that
/// is `{"type": …, …its fields}`. A field that does not hold is refused by
/// name (400, or 422 for an amount that is not packable).
public struct SubmittedTransaction: Decodable, Sendable {
    public let transaction: Transaction

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        guard TransactionKinds.kind(named: name)?.authority == .owner else {
            let signed = TransactionKinds.all.filter { $0.authority == .owner }.map { "\"\($0.name)\"" }.joined(separator: " or ")
            throw TransactionFieldError.invalid(field: "type", reason: "must be \(signed) (deposits go to /v1/deposits)")
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
    /// The account the node gave it, when the transaction names none.
    public var assignedAccount: Int?

    private enum Field: String, CodingKey { case hash, status, reason, block, account }

    init(_ stored: StoredTransaction) {
        self.init(stored.transaction, hash: stored.hash, status: stored.status)
        if stored.transaction.kind?.primaryAccount == nil { assignedAccount = stored.account.map { Int($0.value) } }
    }

    init(_ transaction: Transaction, hash: String, status: TransactionStatus) {
        self.hash = hash
        self.transaction = transaction
        switch status {
        case .pending: self.status = "pending"
        case .committed(let number): (self.status, block) = ("committed", number)
        case .verified(let number): (self.status, block) = ("verified", number)
        case .rejected(let why): (self.status, reason) = ("rejected", why)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Field.self)
        hash = try container.decode(String.self, forKey: .hash)
        transaction = try Transaction(from: decoder)
        status = try container.decode(String.self, forKey: .status)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        block = try container.decodeIfPresent(UInt32.self, forKey: .block)
        assignedAccount = transaction.kind?.primaryAccount == nil ? try container.decodeIfPresent(Int.self, forKey: .account) : nil
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
    public var accountId: Int?
}
