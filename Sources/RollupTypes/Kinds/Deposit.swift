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
    /// The bridge's sequence number of the L1 deposit, unique for the chain's life.
    public var bridgeSequence: UInt64
    /// The bridge's Ed25519 signature (64 bytes) of ``bridgeMessage(chain:)``.
    public var bridgeSignature: [UInt8]?

    public static let tag = TransactionTag.deposit
    public static let name = "deposit"
    public static let blockType = BlockType.deposit
    public static let authority = TransactionAuthority.bridge
    public static let opensAccounts = true
    public static let waitsForFullBlocks = false
    public static let productionSlots = 8
    public static let paysFees = false
    /// The terms (60 bytes: tag ‖ account field(3) ‖ amount(16) ‖ packed
    /// public key(32) ‖ sequence(8)) and the bridge's signature (64).
    public static let encodedBytes = 124
    public static let pubdataBytes = 52
    /// The sequence (8) and the bridge's signature (64).
    public static let authorityBytes = 72

    public init(account: AccountID?, publicKey: EdDSAPublicKey, amount: UInt128, bridgeSequence: UInt64, bridgeSignature: [UInt8]? = nil) {
        self.account = account
        self.publicKey = publicKey
        self.amount = amount
        self.bridgeSequence = bridgeSequence
        self.bridgeSignature = bridgeSignature
    }

    public var paidFee: UInt128 { 0 }

    public var primaryAccount: AccountID? { account }
    public var counterparty: AccountID? { nil }

    /// The account field of the terms: the id, or ``AccountID/newAccount`` (2^24 − 1).
    var accountField: UInt128 { UInt128((account ?? .newAccount).value) }

    /// tag ‖ account field(3) ‖ amount(16) ‖ packed public key(32) ‖ sequence(8): what the deposit says.
    public var terms: [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(accountField, count: 3) + BigEndian.bytes(amount, count: 16)
            + publicKey.packed + BigEndian.bytes(UInt128(bridgeSequence), count: 8)
    }

    /// What the bridge signs for chain `chain`: the chain id (32 bytes) ‖ the terms (60).
    public func bridgeMessage(chain: ChainID) -> [UInt8] { chain.bytes + terms }

    /// The same deposit signed by `bridge` for chain `chain`.
    public func signed(by bridge: Ed25519SigningKey, chain: ChainID) -> Deposit {
        var copy = self
        copy.bridgeSignature = bridge.sign(bridgeMessage(chain: chain))
        return copy
    }

    public var isSigned: Bool { bridgeSignature != nil }
    public var spentBridgeSequence: UInt64? { bridgeSequence }

    public func isAuthorized(owner: Account?, in domain: SigningDomain) -> Bool {
        guard let bridgeSignature else { return false }
        return Ed25519.verify(bridgeSignature, message: bridgeMessage(chain: domain.chainID), publicKey: domain.bridgeKey)
    }

    /// The sequence (8) ‖ the bridge's signature (64; zeros when unsigned).
    public var publishedAuthority: [UInt8] {
        BigEndian.bytes(UInt128(bridgeSequence), count: 8) + (bridgeSignature ?? [UInt8](repeating: 0, count: 64))
    }

    /// 52 bytes once the account is known: tag ‖ account(3) ‖ amount(16) ‖ packed public key(32).
    public func pubdata(assignedAccount: AccountID) -> [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(UInt128(assignedAccount.value), count: 3)
            + BigEndian.bytes(amount, count: 16) + publicKey.packed
    }

    /// The terms ‖ the bridge's signature (64; zeros when unsigned).
    public var idPreimage: [UInt8] { terms + (bridgeSignature ?? [UInt8](repeating: 0, count: 64)) }

    public init(fields reader: inout ByteReader) throws {
        let accountField = reader.integer(3)
        account = accountField == UInt128(AccountID.newAccount.value) ? nil : try AccountID(Int(accountField))
        amount = reader.integer(16)
        let key = reader.bytes(32)
        publicKey = try ByteReader.field("public key") { try EdDSAPublicKey(packed: key) }
        bridgeSequence = UInt64(reader.integer(8))
        let signature = reader.bytes(64)
        bridgeSignature = signature.allSatisfy { $0 == 0 } ? nil : signature
    }

    /// Even slots top up `sample.account`; odd ones open an account for a
    /// new key; each is signed by the sample's bridge.
    public static func sample(_ sample: SampleTransaction) -> Deposit {
        let sequence = sample.sequence
        let deposit = sample.index.isMultiple(of: 2)
            ? Deposit(account: sample.account, publicKey: sample.holder.publicKey, amount: sample.amount.value, bridgeSequence: sequence)
            : Deposit(account: nil, publicKey: EdDSAPrivateKey.generate().publicKey, amount: sample.amount.value, bridgeSequence: sequence)
        return deposit.signed(by: sample.bridge, chain: sample.chain.chainID)
    }

    // JSON: {account (absent for a new one), publicKey, amount, bridgeSequence, bridgeSignature}.
    private enum Field: String, CodingKey, CaseIterable { case account, publicKey, amount, bridgeSequence, bridgeSignature }

    public init(from decoder: any Decoder) throws {
        let fields = try JSONFieldReader(decoder, Field.self)
        self.init(
            account: try fields.optionalAccount(.account), publicKey: try fields.publicKey(.publicKey), amount: try fields.decimal(.amount),
            bridgeSequence: try fields.unsigned(.bridgeSequence),
            bridgeSignature: try fields.optionalBytes(.bridgeSignature, count: 64, "must be a 64-byte Ed25519 signature as 0x-hex"))
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = JSONFieldWriter(encoder, Field.self)
        try fields.account(account, .account)
        try fields.bytes(publicKey.packed, .publicKey)
        try fields.decimal(amount, .amount)
        try fields.integer(bridgeSequence, .bridgeSequence)
        try fields.bytes(bridgeSignature, .bridgeSignature)
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

extension Transaction {
    /// `deposit` as any transaction.
    public static func deposit(_ deposit: Deposit) -> Transaction { Transaction(deposit) }
}
