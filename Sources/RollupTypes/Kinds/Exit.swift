import Algebra
import Primitives

/// A withdrawal of part or all of an account's balance to an L1 address,
/// signed by the account's key.
public struct Exit: Equatable, Sendable {
    public var account: AccountID
    public var amount: UInt128
    public var fee: PackedFee
    public var nonce: UInt32
    /// The 20-byte L1 address that receives the amount.
    public var l1Address: [UInt8]
    public var signature: EdDSASignature?

    /// Why exit fields are invalid.
    public struct InvalidAddress: Error, CustomStringConvertible {
        public let count: Int
        public var description: String { "an L1 address is 20 bytes, got \(count)" }
    }

    public init(account: AccountID, amount: UInt128, fee: PackedFee, nonce: UInt32, l1Address: [UInt8], signature: EdDSASignature? = nil) throws {
        guard l1Address.count == 20 else { throw InvalidAddress(count: l1Address.count) }
        self.account = account
        self.amount = amount
        self.fee = fee
        self.nonce = nonce
        self.l1Address = l1Address
        self.signature = signature
    }

    /// Two words: tag(8) ‖ account(24) ‖ fee(16) ‖ nonce(32) ‖ amount(128)
    /// (208 bits), then the L1 address (160 bits).
    public var messageWords: [Fr] {
        var first = BitPacker()
        first.append(UInt128(TransactionTag.exit.rawValue), bits: 8)
        first.append(UInt128(account.value), bits: 24)
        first.append(UInt128(fee.bits), bits: PackedFee.width)
        first.append(UInt128(nonce), bits: 32)
        first.append(amount, bits: 128)
        var second = BitPacker()
        second.append(bytes: l1Address)
        return [first.element, second.element]
    }

    /// The field element the owner signs: Poseidon(word₀, word₁).
    public var signedMessage: Fr { try! Poseidon.hash(messageWords) }

    /// The same exit signed with `key`.
    public func signed(with key: EdDSAPrivateKey) -> Exit {
        var copy = self
        copy.signature = key.sign(signedMessage)
        return copy
    }

    /// 42 bytes: tag ‖ account(3) ‖ amount(16) ‖ fee(2) ‖ L1 address(20).
    public var pubdata: [UInt8] {
        [TransactionTag.exit.rawValue] + BigEndian.bytes(UInt128(account.value), count: 3)
            + BigEndian.bytes(amount, count: 16) + BigEndian.bytes(UInt128(fee.bits), count: 2) + l1Address
    }

    /// The pubdata, the nonce (4) and the packed signature (64).
    public var idPreimage: [UInt8] {
        pubdata + BigEndian.bytes(UInt128(nonce), count: 4) + (signature?.packed ?? [UInt8](repeating: 0, count: 64))
    }
}
