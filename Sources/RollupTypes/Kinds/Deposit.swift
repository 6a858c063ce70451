import Algebra
import Primitives

/// A deposit from L1, vouched for by the bridge: credits an existing account
/// or creates one for a public key.
public struct Deposit: TransactionKind {
    /// The account to credit, or nil for a new one (the state keeper assigns
    /// the next free id).
    public var account: AccountID?
    public var publicKey: EdDSAPublicKey
    public var amount: UInt128
    /// The bridge's sequence number of the L1 deposit, unique per deposit.
    public var bridgeSequence: UInt64

    public static let tag = TransactionTag.deposit
    public static let name = "deposit"
    public static let blockType = BlockType.deposit
    public static let authority = TransactionAuthority.bridge
    public static let opensAccounts = true
    public static let waitsForFullBlocks = false
    public static let paysFees = false
    /// tag ‖ account field(3) ‖ amount(16) ‖ packed public key(32) ‖ sequence(8).
    public static let encodedBytes = 60
    public static let pubdataBytes = 52

    public init(account: AccountID?, publicKey: EdDSAPublicKey, amount: UInt128, bridgeSequence: UInt64) {
        self.account = account
        self.publicKey = publicKey
        self.amount = amount
        self.bridgeSequence = bridgeSequence
    }

    public var primaryAccount: AccountID? { account }
    public var counterparty: AccountID? { nil }
    /// The bridge vouches for deposits with its own Ed25519 signature, over the encoding.
    public var signature: EdDSASignature? { nil }
    public var transaction: Transaction { .deposit(self) }

    /// The account field of the encodings: the id, or 2^24 − 1 for "new".
    var accountField: UInt128 { UInt128(account?.value ?? (1 << 24) - 1) }

    /// Poseidon(tag(8) ‖ account(24) ‖ amount(128) ‖ sequence(64), Ax, Ay):
    /// the deposit's message, which the bridge's Ed25519 signature covers.
    public var signedMessage: Fr {
        var packer = BitPacker()
        packer.append(UInt128(Self.tag.rawValue), bits: 8)
        packer.append(accountField, bits: 24)
        packer.append(amount, bits: 128)
        packer.append(UInt128(bridgeSequence), bits: 64)
        return try! Poseidon.hash([packer.element, publicKey.x, publicKey.y])
    }

    /// 52 bytes once the account is known: tag ‖ account(3) ‖ amount(16) ‖ packed public key(32).
    public func pubdata(assignedAccount: AccountID) -> [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(UInt128(assignedAccount.value), count: 3)
            + BigEndian.bytes(amount, count: 16) + publicKey.packed
    }

    /// tag ‖ account field(3) ‖ amount(16) ‖ packed public key(32) ‖ sequence(8).
    public var idPreimage: [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(accountField, count: 3) + BigEndian.bytes(amount, count: 16)
            + publicKey.packed + BigEndian.bytes(UInt128(bridgeSequence), count: 8)
    }

    public init(fields reader: inout ByteReader) throws {
        let accountField = reader.integer(3)
        account = accountField == (1 << 24) - 1 ? nil : try AccountID(Int(accountField))
        amount = reader.integer(16)
        let key = reader.bytes(32)
        publicKey = try ByteReader.field("public key") { try EdDSAPublicKey(packed: key) }
        bridgeSequence = UInt64(reader.integer(8))
    }

    /// Even slots top up `sample.account`; odd ones open an account for a new key.
    public static func sample(_ sample: SampleTransaction) -> Deposit {
        sample.index.isMultiple(of: 2)
            ? Deposit(account: sample.account, publicKey: sample.holder.publicKey, amount: sample.amount.value, bridgeSequence: UInt64(sample.index))
            : Deposit(account: nil, publicKey: EdDSAPrivateKey.generate().publicKey, amount: sample.amount.value, bridgeSequence: UInt64(sample.index))
    }

    // JSON: {account (absent for a new one), publicKey, amount, bridgeSequence}.
    private enum Field: String, CodingKey { case account, publicKey, amount, bridgeSequence }

    public init(from decoder: any Decoder) throws {
        let fields = try JSONFieldReader(decoder, Field.self)
        self.init(
            account: try fields.optionalAccount(.account), publicKey: try fields.publicKey(.publicKey), amount: try fields.decimal(.amount),
            bridgeSequence: try fields.unsigned(.bridgeSequence))
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = JSONFieldWriter(encoder, Field.self)
        try fields.account(account, .account)
        try fields.bytes(publicKey.packed, .publicKey)
        try fields.decimal(amount, .amount)
        try fields.integer(bridgeSequence, .bridgeSequence)
    }
}

extension TransactionTag {
    /// Deposits: 1.
    public static let deposit = TransactionTag(rawValue: 1)
}

extension BlockType {
    /// Blocks of deposits.
    public static let deposit = BlockType(declaring: "deposit")
}
