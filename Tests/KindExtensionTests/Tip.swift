import Algebra
import Primitives
import RollupTypes

/// A fourth transaction kind, declared outside the node's modules to show
/// that a kind needs only its own files (README, "Adding a transaction
/// kind"): the account's owner pays the operator a fee and nothing else
/// moves. Owner-signed, sealed promptly in blocks of its own type ("tip").
struct Tip: TransactionKind {
    var account: AccountID
    var fee: PackedFee
    var nonce: UInt32
    var signature: EdDSASignature?

    static let tag = TransactionTag(rawValue: 0x7E)
    static let name = "tip"
    static let blockType = BlockType(declaring: "tip")
    static let authority = TransactionAuthority.owner
    static let opensAccounts = false
    static let waitsForFullBlocks = false
    static let productionSlots = 4
    static let paysFees = true
    /// The pubdata (6), the nonce (4) and the packed signature (64).
    static let encodedBytes = 74
    static let pubdataBytes = 6
    static let authorityBytes = 0

    init(account: AccountID, fee: PackedFee, nonce: UInt32, signature: EdDSASignature? = nil) {
        self.account = account
        self.fee = fee
        self.nonce = nonce
        self.signature = signature
    }

    var paidFee: UInt128 { fee.value }
    var primaryAccount: AccountID? { account }
    var counterparty: AccountID? { nil }
    var isSigned: Bool { signature != nil }
    var spentBridgeSequence: UInt64? { nil }
    var publishedAuthority: [UInt8] { [] }

    /// One word: tag(8) ‖ account(24) ‖ fee(16) ‖ nonce(32).
    var messageWord: Fr {
        var word = BitPacker()
        word.append(UInt128(Self.tag.rawValue), bits: 8)
        word.append(UInt128(account.value), bits: 24)
        word.append(UInt128(fee.bits), bits: PackedFee.width)
        word.append(UInt128(nonce), bits: 32)
        return word.element
    }

    /// What the owner signs on chain `chain`: Poseidon(chain id, word).
    func signedMessage(chain: ChainID) -> Fr { try! Poseidon.hash([chain.element, messageWord]) }

    func signed(with key: EdDSAPrivateKey, chain: ChainID) -> Tip {
        var copy = self
        copy.signature = key.sign(signedMessage(chain: chain))
        return copy
    }

    func isAuthorized(owner: Account?, in domain: SigningDomain) -> Bool {
        guard let signature, let owner else { return false }
        return EdDSAVerifier.verify(signedMessage(chain: domain.chainID), signature: signature, key: owner.publicKey)
    }

    /// 6 bytes: tag ‖ account(3) ‖ fee(2).
    func pubdata(assignedAccount: AccountID) -> [UInt8] {
        [Self.tag.rawValue] + BigEndian.bytes(UInt128(account.value), count: 3) + BigEndian.bytes(UInt128(fee.bits), count: 2)
    }

    var idPreimage: [UInt8] {
        pubdata(assignedAccount: account) + BigEndian.bytes(UInt128(nonce), count: 4) + (signature?.packed ?? [UInt8](repeating: 0, count: 64))
    }

    init(fields reader: inout ByteReader) throws {
        account = try reader.accountID()
        let feeBits = UInt64(reader.integer(2))
        fee = try ByteReader.field("fee") { try PackedFee(bits: feeBits) }
        nonce = UInt32(reader.integer(4))
        signature = try reader.signature()
    }

    static func sample(_ sample: SampleTransaction) throws -> Tip {
        Tip(account: sample.account, fee: try PackedFee(packing: max(sample.fee.value, 1)), nonce: sample.holder.nonce)
            .signed(with: sample.key, chain: sample.chain.chainID)
    }

    // JSON: {account, fee, nonce, signature}.
    private enum Field: String, CodingKey, CaseIterable { case account, fee, nonce, signature }

    init(from decoder: any Decoder) throws {
        let fields = try JSONFieldReader(decoder, Field.self)
        self.init(
            account: try fields.account(.account), fee: try fields.packed(.fee, as: PackedFee.self), nonce: try fields.nonce(.nonce),
            signature: try fields.signature(.signature))
    }

    func encode(to encoder: any Encoder) throws {
        var fields = JSONFieldWriter(encoder, Field.self)
        try fields.account(account, .account)
        try fields.decimal(fee.value, .fee)
        try fields.integer(nonce, .nonce)
        try fields.bytes(signature?.packed, .signature)
    }
}

/// `rollup wallet tip [--fee F]`: the wallet fills everything a tip holds.
extension Tip: OwnerSignedKind {
    static let walletAbstract = "Tip the operator"
    static let signerField = "account"
    static let walletFields: [WalletField] = []
}
