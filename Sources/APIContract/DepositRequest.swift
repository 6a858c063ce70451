import Algebra
import Primitives
import RollupTypes

/// POST /v1/deposits: a deposit the bridge relays, signed with the bridge's
/// Ed25519 key over the deposit's encoding (docs/PROTOCOL.md: tag 1 ‖
/// account field ‖ amount ‖ packed key ‖ sequence).
public struct DepositRequest: Codable, Sendable {
    /// The owner's iden3-packed public key, 0x-hex (32 bytes).
    public var publicKey: String
    /// Decimal string, below 2^128.
    public var amount: String
    /// The account to top up; absent for a new account.
    public var accountId: Int?
    /// The bridge's sequence number of the L1 deposit, unique per deposit.
    public var sequence: UInt64
    /// The bridge's Ed25519 signature, 0x-hex (64 bytes).
    public var signature: String?

    public init(deposit: Deposit, signature: [UInt8]?) {
        publicKey = "0x" + deposit.publicKey.packed.hexString
        amount = String(deposit.amount)
        accountId = deposit.account.map { Int($0.value) }
        sequence = deposit.bridgeSequence
        self.signature = signature.map { "0x" + $0.hexString }
    }

    /// The deposit the request describes (its signature aside), or the
    /// first field that does not hold.
    public func deposit() throws(TransactionFieldError) -> Deposit {
        guard let bytes = [UInt8](hex: publicKey), let key = try? EdDSAPublicKey(packed: bytes) else {
            throw .invalid(field: "publicKey", reason: "must be a 32-byte iden3-packed BabyJubJub key in the prime subgroup, as 0x-hex")
        }
        var account: AccountID?
        if let accountId {
            guard let id = try? AccountID(accountId) else { throw .invalid(field: "accountId", reason: "must be an account id, 0 … 2^24 − 1") }
            account = id
        }
        guard let value = CanonicalDecimal.parse(amount, as: UInt128.self) else {
            throw .invalid(field: "amount", reason: "must be a decimal integer below 2^128, as a string of digits with no sign, no leading zeros and no spaces")
        }
        return Deposit(account: account, publicKey: key, amount: value, bridgeSequence: sequence)
    }
}
