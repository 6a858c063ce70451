import Algebra
import Primitives

/// A transfer between two existing accounts, signed by the sender.
public struct Transfer: TransactionKind {
    public var from: AccountID
    public var to: AccountID
    public var amount: PackedAmount
    public var fee: PackedFee
    public var nonce: UInt32
    public var signature: EdDSASignature?

    public static let tag = TransactionTag.transfer
    public static let name = "transfer"
    public static let blockType = BlockType.transfer
    public static let authority = TransactionAuthority.owner
    public static let opensAccounts = false
    public static let waitsForFullBlocks = true
    public static let productionSlots = 8
    public static let paysFees = true
    /// The pubdata (14), the nonce (4) and the packed signature (64).
    public static let encodedBytes = 82
    public static let pubdataBytes = 14
    public static let authorityBytes = 0

    public init(from: AccountID, to: AccountID, amount: PackedAmount, fee: PackedFee, nonce: UInt32, signature: EdDSASignature? = nil) {
        self.from = from
        self.to = to
        self.amount = amount
        self.fee = fee
        self.nonce = nonce
        self.signature = signature
    }

    public var paidFee: UInt128 { fee.value }

    public var primaryAccount: AccountID? { from }
    public var counterparty: AccountID? { to }

    /// tag(8) ‖ from(24) ‖ to(24) ‖ amount(40) ‖ fee(16) ‖ nonce(32): 144 bits.
    public var messageWord: Fr {
        var packer = BitPacker()
        packer.append(UInt128(Self.tag.rawValue), bits: 8)
        packer.append(UInt128(from.value), bits: 24)
        packer.append(UInt128(to.value), bits: 24)
        packer.append(UInt128(amount.bits), bits: PackedAmount.width)
        packer.append(UInt128(fee.bits), bits: PackedFee.width)
        packer.append(UInt128(nonce), bits: 32)
        return packer.element
    }

    /// The field element the sender signs on chain `chain`:
    /// Poseidon(chain id, messageWord).
    public func signedMessage(chain: ChainID) -> Fr { Poseidon.hash(chain.element, messageWord) }

    /// The same transfer signed with `key` for chain `chain`.
    public func signed(with key: EdDSAPrivateKey, chain: ChainID) -> Transfer {
        var copy = self
        copy.signature = key.sign(signedMessage(chain: chain))
        return copy
    }

    public var isSigned: Bool { signature != nil }
    public var spentBridgeSequence: UInt64? { nil }
    public var publishedAuthority: [UInt8] { [] }

    public func isAuthorized(owner: Account?, in domain: SigningDomain) -> Bool {
        guard let signature, let owner else { return false }
        return EdDSAVerifier.verify(signedMessage(chain: domain.chainID), signature: signature, key: owner.publicKey)
    }

    /// 14 bytes: tag ‖ from(3) ‖ to(3) ‖ amount(5) ‖ fee(2).
    public var pubdata: [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(UInt128(from.value), count: 3)
            + BigEndian.bytes(UInt128(to.value), count: 3) + BigEndian.bytes(UInt128(amount.bits), count: 5)
            + BigEndian.bytes(UInt128(fee.bits), count: 2)
    }

    public func pubdata(assignedAccount: AccountID) -> [UInt8] { pubdata }

    /// The bytes hashed into the id: the pubdata, the nonce (4) and the packed signature (64).
    public var idPreimage: [UInt8] {
        pubdata + BigEndian.bytes(UInt128(nonce), count: 4) + (signature?.packed ?? [UInt8](repeating: 0, count: 64))
    }

    public init(fields reader: inout ByteReader) throws {
        from = try reader.accountID()
        to = try reader.accountID()
        let amountBits = UInt64(reader.integer(5)), feeBits = UInt64(reader.integer(2))
        amount = try ByteReader.field("amount") { try PackedAmount(bits: amountBits) }
        fee = try ByteReader.field("fee") { try PackedFee(bits: feeBits) }
        nonce = UInt32(reader.integer(4))
        signature = try reader.signature()
    }

    /// `sample.account` pays `sample.other`, signed.
    public static func sample(_ sample: SampleTransaction) -> Transfer {
        Transfer(from: sample.account, to: sample.other, amount: sample.amount, fee: sample.fee, nonce: sample.holder.nonce)
            .signed(with: sample.key, chain: sample.chain.chainID)
    }

    // JSON: {from, to, amount, fee, nonce, signature}, amounts as decimal strings.
    private enum Field: String, CodingKey, CaseIterable { case from, to, amount, fee, nonce, signature }

    public init(from decoder: any Decoder) throws {
        let fields = try JSONFieldReader(decoder, Field.self)
        self.init(
            from: try fields.account(.from), to: try fields.account(.to), amount: try fields.packed(.amount, as: PackedAmount.self),
            fee: try fields.packed(.fee, as: PackedFee.self), nonce: try fields.nonce(.nonce), signature: try fields.signature(.signature))
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = JSONFieldWriter(encoder, Field.self)
        try fields.account(from, .from)
        try fields.account(to, .to)
        try fields.decimal(amount.value, .amount)
        try fields.decimal(fee.value, .fee)
        try fields.integer(nonce, .nonce)
        try fields.bytes(signature?.packed, .signature)
    }
}

extension TransactionTag {
    /// Transfers: 2.
    public static let transfer = TransactionTag(rawValue: 2)
}

extension BlockType {
    /// Blocks of transfers.
    public static let transfer = BlockType(declaring: "transfer")
}

extension Transaction {
    /// `transfer` as any transaction.
    public static func transfer(_ transfer: Transfer) -> Transaction { Transaction(transfer) }
}

extension Transfer: OwnerSignedKind {
    public static let walletAbstract = "Send a transfer"
    public static let signerField = "from"
    public static let walletFields = [
        WalletField(flag: "to", field: "to", form: .integer, help: "The recipient's account id."),
        WalletField(flag: "amount", field: "amount", form: .string, help: "The amount (must be packable: 35-bit mantissa × 10^e)."),
    ]
}
