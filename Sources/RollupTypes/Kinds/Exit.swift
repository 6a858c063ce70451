import Algebra
import Primitives

/// A withdrawal of part or all of an account's balance to an L1 address,
/// signed by the account's key.
public struct Exit: TransactionKind {
    public var account: AccountID
    public var amount: UInt128
    public var fee: PackedFee
    public var nonce: UInt32
    /// The 20-byte L1 address that receives the amount.
    public var l1Address: [UInt8]
    public var signature: EdDSASignature?

    public static let tag = TransactionTag.exit
    public static let name = "exit"
    public static let blockType = BlockType.exit
    public static let authority = TransactionAuthority.owner
    public static let opensAccounts = false
    public static let waitsForFullBlocks = false
    public static let productionSlots = 7
    public static let paysFees = true
    /// The pubdata (42), the nonce (4) and the packed signature (64).
    public static let encodedBytes = 110
    public static let pubdataBytes = 42
    public static let authorityBytes = 0

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

    public var paidFee: UInt128 { fee.value }

    public var primaryAccount: AccountID? { account }
    public var counterparty: AccountID? { nil }

    /// Two words: tag(8) ‖ account(24) ‖ fee(16) ‖ nonce(32) ‖ amount(128)
    /// (208 bits), then the L1 address (160 bits).
    public var messageWords: [Fr] {
        var first = BitPacker()
        first.append(UInt128(Self.tag.rawValue), bits: 8)
        first.append(UInt128(account.value), bits: 24)
        first.append(UInt128(fee.bits), bits: PackedFee.width)
        first.append(UInt128(nonce), bits: 32)
        first.append(amount, bits: 128)
        var second = BitPacker()
        second.append(bytes: l1Address)
        return [first.element, second.element]
    }

    /// The field element the owner signs on chain `chain`:
    /// Poseidon(chain id, word₀, word₁).
    public func signedMessage(chain: ChainID) -> Fr { try! Poseidon.hash([chain.element] + messageWords) }

    /// The same exit signed with `key` for chain `chain`.
    public func signed(with key: EdDSAPrivateKey, chain: ChainID) -> Exit {
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

    /// 42 bytes: tag ‖ account(3) ‖ amount(16) ‖ fee(2) ‖ L1 address(20).
    public var pubdata: [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(UInt128(account.value), count: 3)
            + BigEndian.bytes(amount, count: 16) + BigEndian.bytes(UInt128(fee.bits), count: 2) + l1Address
    }

    public func pubdata(assignedAccount: AccountID) -> [UInt8] { pubdata }

    /// The pubdata, the nonce (4) and the packed signature (64).
    public var idPreimage: [UInt8] {
        pubdata + BigEndian.bytes(UInt128(nonce), count: 4) + (signature?.packed ?? [UInt8](repeating: 0, count: 64))
    }

    public init(fields reader: inout ByteReader) throws {
        account = try reader.accountID()
        amount = reader.integer(16)
        let feeBits = UInt64(reader.integer(2))
        fee = try ByteReader.field("fee") { try PackedFee(bits: feeBits) }
        l1Address = reader.bytes(20)
        nonce = UInt32(reader.integer(4))
        signature = try reader.signature()
    }

    /// `sample.account` exits to a random address, signed.
    public static func sample(_ sample: SampleTransaction) throws -> Exit {
        try Exit(
            account: sample.account, amount: sample.amount.value, fee: sample.fee, nonce: sample.holder.nonce,
            l1Address: Array(sample.randomBytes.prefix(20))
        ).signed(with: sample.key, chain: sample.chain.chainID)
    }

    // JSON: {account, amount, fee, nonce, l1Address, signature}.
    private enum Field: String, CodingKey, CaseIterable { case account, amount, fee, nonce, l1Address, signature }

    public init(from decoder: any Decoder) throws {
        let fields = try JSONFieldReader(decoder, Field.self)
        try self.init(
            account: try fields.account(.account), amount: try fields.decimal(.amount), fee: try fields.packed(.fee, as: PackedFee.self),
            nonce: try fields.nonce(.nonce), l1Address: try fields.bytes(.l1Address, count: 20, "must be 20 bytes as 0x-hex"),
            signature: try fields.signature(.signature))
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = JSONFieldWriter(encoder, Field.self)
        try fields.account(account, .account)
        try fields.decimal(amount, .amount)
        try fields.decimal(fee.value, .fee)
        try fields.integer(nonce, .nonce)
        try fields.bytes(l1Address, .l1Address)
        try fields.bytes(signature?.packed, .signature)
    }
}

extension TransactionTag {
    /// Exits: 3.
    public static let exit = TransactionTag(rawValue: 3)
}

extension BlockType {
    /// Blocks of exits.
    public static let exit = BlockType(declaring: "exit")
}

extension Transaction {
    /// `exit` as any transaction.
    public static func exit(_ exit: Exit) -> Transaction { Transaction(exit) }
}

extension Exit: OwnerSignedKind {
    public static let walletAbstract = "Withdraw to an L1 address"
    public static let signerField = "account"
    public static let walletFields = [
        WalletField(flag: "amount", field: "amount", form: .string, help: "The amount (a decimal integer)."),
        WalletField(flag: "to-l1", field: "l1Address", form: .string, help: "The 20-byte L1 address, 0x-hex."),
    ]
}
