import Algebra
import Primitives
import RollupTypes
import Support

/// POST /v1/deposits: a deposit the bridge relays, signed with the bridge's
/// Ed25519 key over the chain id and the deposit's terms (docs/PROTOCOL.md,
/// "Deposit": chain id (32) ‖ tag 1 ‖ account field ‖ amount ‖ packed key ‖
/// sequence).
public struct DepositRequest: Codable, Sendable {
    /// The owner's iden3-packed public key, 0x-hex (32 bytes).
    public var publicKey: String
    /// Decimal string, below 2^128.
    public var amount: String
    /// The account to top up; absent for a new account.
    public var accountId: Int?
    /// The bridge's sequence number of the L1 deposit, unique for the chain's life.
    public var sequence: UInt64
    /// The bridge's Ed25519 signature, 0x-hex (64 bytes).
    public var signature: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case publicKey, amount, accountId, sequence, signature }

    /// Reads the request, refusing a field it does not have.
    public init(from decoder: any Decoder) throws {
        try JSONFieldReader<CodingKeys>.refuseForeignFields(decoder, envelope: [])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        publicKey = try container.decode(String.self, forKey: .publicKey)
        amount = try container.decode(String.self, forKey: .amount)
        accountId = try container.decodeIfPresent(Int.self, forKey: .accountId)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        signature = try container.decodeIfPresent(String.self, forKey: .signature)
    }

    /// The request for `deposit`, with its bridge signature if it has one.
    public init(deposit: Deposit) {
        publicKey = "0x" + deposit.publicKey.packed.hexString
        amount = String(deposit.amount)
        accountId = deposit.account.map { Int($0.value) }
        sequence = deposit.bridgeSequence
        signature = deposit.bridgeSignature.map { "0x" + $0.hexString }
    }

    /// The deposit the request describes, its signature aside, or the
    /// first field that does not hold.
    public func terms() throws(TransactionFieldError) -> Deposit {
        let key = try TransactionFields.publicKey(publicKey, field: "publicKey")
        var account: AccountID?
        if let accountId {
            account = try TransactionFields.account(accountId, field: "accountId")
            guard account != .newAccount else {
                throw TransactionFieldError.invalid(field: "accountId", reason: "2^24 − 1 is never an account: leave accountId out for a new account")
            }
        }
        return Deposit(account: account, publicKey: key, amount: try TransactionFields.decimal(amount, field: "amount"), bridgeSequence: sequence)
    }
}
