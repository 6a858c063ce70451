import Algebra
import Primitives

/// A deposit from L1, vouched for by the bridge: credits an existing account
/// or creates one for a public key.
public struct Deposit: Equatable, Sendable {
    /// The account to credit, or nil for a new one (the state keeper assigns
    /// the next free id).
    public var account: AccountID?
    public var publicKey: EdDSAPublicKey
    public var amount: UInt128
    /// The bridge's sequence number of the L1 deposit, unique per deposit.
    public var bridgeSequence: UInt64

    public init(account: AccountID?, publicKey: EdDSAPublicKey, amount: UInt128, bridgeSequence: UInt64) {
        self.account = account
        self.publicKey = publicKey
        self.amount = amount
        self.bridgeSequence = bridgeSequence
    }

    /// The account field of the encodings: the id, or 2^24 − 1 for "new".
    var accountField: UInt128 { UInt128(account?.value ?? (1 << 24) - 1) }

    /// Poseidon(tag(8) ‖ account(24) ‖ amount(128) ‖ sequence(64), Ax, Ay):
    /// the deposit's message, which the bridge's Ed25519 signature covers.
    public var signedMessage: Fr {
        var packer = BitPacker()
        packer.append(UInt128(TransactionTag.deposit.rawValue), bits: 8)
        packer.append(accountField, bits: 24)
        packer.append(amount, bits: 128)
        packer.append(UInt128(bridgeSequence), bits: 64)
        return try! Poseidon.hash([packer.element, publicKey.x, publicKey.y])
    }

    /// 52 bytes once the account is known: tag ‖ account(3) ‖ amount(16) ‖ packed public key(32).
    public func pubdata(assignedAccount: AccountID) -> [UInt8] {
        [TransactionTag.deposit.rawValue] + BigEndian.bytes(UInt128(assignedAccount.value), count: 3)
            + BigEndian.bytes(amount, count: 16) + publicKey.packed
    }

    /// tag ‖ account field(3) ‖ amount(16) ‖ packed public key(32) ‖ sequence(8).
    public var idPreimage: [UInt8] {
        [TransactionTag.deposit.rawValue] + BigEndian.bytes(accountField, count: 3) + BigEndian.bytes(amount, count: 16)
            + publicKey.packed + BigEndian.bytes(UInt128(bridgeSequence), count: 8)
    }
}
