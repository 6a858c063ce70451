import Algebra
import Primitives

/// A transfer between two existing accounts, signed by the sender.
public struct Transfer: Equatable, Sendable {
    public var from: AccountID
    public var to: AccountID
    public var amount: PackedAmount
    public var fee: PackedFee
    public var nonce: UInt32
    public var signature: EdDSASignature?

    public init(from: AccountID, to: AccountID, amount: PackedAmount, fee: PackedFee, nonce: UInt32, signature: EdDSASignature? = nil) {
        self.from = from
        self.to = to
        self.amount = amount
        self.fee = fee
        self.nonce = nonce
        self.signature = signature
    }

    /// tag(8) ‖ from(24) ‖ to(24) ‖ amount(40) ‖ fee(16) ‖ nonce(32): 144 bits.
    public var messageWord: Fr {
        var packer = BitPacker()
        packer.append(UInt128(TransactionTag.transfer.rawValue), bits: 8)
        packer.append(UInt128(from.value), bits: 24)
        packer.append(UInt128(to.value), bits: 24)
        packer.append(UInt128(amount.bits), bits: PackedAmount.width)
        packer.append(UInt128(fee.bits), bits: PackedFee.width)
        packer.append(UInt128(nonce), bits: 32)
        return packer.element
    }

    /// The field element the sender signs: Poseidon(messageWord).
    public var signedMessage: Fr { try! Poseidon.hash([messageWord]) }

    /// The same transfer signed with `key`.
    public func signed(with key: EdDSAPrivateKey) -> Transfer {
        var copy = self
        copy.signature = key.sign(signedMessage)
        return copy
    }

    /// 14 bytes: tag ‖ from(3) ‖ to(3) ‖ amount(5) ‖ fee(2).
    public var pubdata: [UInt8] {
        [TransactionTag.transfer.rawValue] + BigEndian.bytes(UInt128(from.value), count: 3)
            + BigEndian.bytes(UInt128(to.value), count: 3) + BigEndian.bytes(UInt128(amount.bits), count: 5)
            + BigEndian.bytes(UInt128(fee.bits), count: 2)
    }

    /// The bytes hashed into the id: the pubdata, the nonce (4) and the packed signature (64).
    public var idPreimage: [UInt8] {
        pubdata + BigEndian.bytes(UInt128(nonce), count: 4) + (signature?.packed ?? [UInt8](repeating: 0, count: 64))
    }
}
