import Algebra
import Foundation
import Primitives
import RollupTypes
import Storage

/// A signed transfer or exit as wallets send it (POST /v1/transactions).
/// Amounts and fees are decimal strings; the signature is the 64-byte
/// packed EdDSA signature, 0x-hex.
public struct SubmittedTransaction: Codable, Sendable {
    public var type: String
    public var from: Int?
    public var to: Int?
    public var account: Int?
    public var amount: String
    public var fee: String
    public var nonce: Int64
    public var l1Address: String?
    public var signature: String?

    /// The transaction, or a 400/422 naming the first bad field.
    func decoded() throws -> Transaction {
        let signature = try self.signature.map { text -> EdDSASignature in
            guard let bytes = [UInt8](hex: text), let parsed = try? EdDSASignature(packed: bytes) else {
                throw APIError.badRequest("signature must be a 64-byte packed EdDSA signature as 0x-hex")
            }
            return parsed
        }
        guard nonce >= 0, nonce <= Int64(UInt32.max) else { throw APIError.badRequest("nonce must be 0 … 2^32 − 1") }
        let fee = try Self.packed(PackedFee.self, self.fee, "fee")
        switch type {
        case "transfer":
            let amount = try Self.packed(PackedAmount.self, self.amount, "amount")
            return .transfer(Transfer(from: try Self.id(from, "from"), to: try Self.id(to, "to"), amount: amount, fee: fee, nonce: UInt32(nonce), signature: signature))
        case "exit":
            guard let text = l1Address, let address = [UInt8](hex: text), address.count == 20 else {
                throw APIError.badRequest("l1Address must be 20 bytes as 0x-hex")
            }
            return .exit(try Exit(account: try Self.id(account, "account"), amount: try Self.integer(self.amount, "amount"), fee: fee,
                                  nonce: UInt32(nonce), l1Address: address, signature: signature))
        default:
            throw APIError.badRequest("type must be \"transfer\" or \"exit\" (deposits go to /v1/deposits)")
        }
    }

    static func id(_ value: Int?, _ field: String) throws -> AccountID {
        guard let value, let id = try? AccountID(value) else { throw APIError.badRequest("\(field) must be an account id, 0 … 2^24 − 1") }
        return id
    }

    static func integer(_ text: String, _ field: String) throws -> UInt128 {
        guard let value = CanonicalDecimal.parse(text, as: UInt128.self) else {
            throw APIError.badRequest("\(field) must be a decimal integer below 2^128, as a string of digits with no sign, no leading zeros and no spaces")
        }
        return value
    }

    static func packed<F: PackedFloat>(_ type: F.Type, _ text: String, _ field: String) throws -> F {
        let value = try integer(text, field)
        guard let packed = F(exactly: value) else {
            throw APIError(.unprocessableContent, "not_packable", "\(field) \(value) is not packable; the closest packable value below it is \(F.closestPackable(to: value))")
        }
        return packed
    }
}

/// A transaction as the API shows it.
public struct TransactionView: Codable, Sendable, Equatable {
    public var hash: String
    public var type: String
    public var from: Int?
    public var to: Int?
    public var account: Int?
    public var amount: String
    public var fee: String?
    public var nonce: Int64?
    public var l1Address: String?
    public var publicKey: String?
    public var status: String
    public var reason: String?
    public var block: UInt32?

    init(_ stored: StoredTransaction) {
        self.init(stored.transaction, hash: stored.hash, status: stored.status)
        if type == "deposit" { account = account ?? stored.account.map { Int($0.value) } }
    }

    init(_ transaction: Transaction, hash: String, status: TransactionStatus) {
        self.hash = hash
        switch transaction {
        case .transfer(let transfer):
            (type, from, to, amount, fee, nonce) = ("transfer", Int(transfer.from.value), Int(transfer.to.value), String(transfer.amount.value), String(transfer.fee.value), Int64(transfer.nonce))
        case .exit(let exit):
            (type, account, amount, fee, nonce) = ("exit", Int(exit.account.value), String(exit.amount), String(exit.fee.value), Int64(exit.nonce))
            l1Address = "0x" + exit.l1Address.hexString
        case .deposit(let deposit):
            (type, account, amount) = ("deposit", deposit.account.map { Int($0.value) }, String(deposit.amount))
            publicKey = "0x" + deposit.publicKey.packed.hexString
        case .noop:
            (type, amount) = ("noop", "0")
        }
        switch status {
        case .pending: self.status = "pending"
        case .committed(let number): (self.status, block) = ("committed", number)
        case .verified(let number): (self.status, block) = ("verified", number)
        case .rejected(let why): (self.status, reason) = ("rejected", why)
        }
    }
}

/// What POST /v1/transactions and /v1/deposits answer (202).
public struct AcceptedView: Codable, Sendable, Equatable {
    public var hash: String
    public var status: String
    public var accountId: Int?
}
