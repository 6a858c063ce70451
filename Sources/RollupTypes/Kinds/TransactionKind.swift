import Algebra
import Primitives

/// One kind of transaction, whole: its tag, the block type it is sealed in,
/// who vouches for it and the message they sign, its encoding (the id
/// preimage), its pubdata and that pubdata's size, and its JSON form (its
/// `Codable` fields, beside `"type": name`).
///
/// The kinds are listed once, in ``TransactionKinds/all``. The state keeper
/// finds each kind's handler, the circuits its slot, and storage, the API
/// and the wallet its fields, through that list and this protocol;
/// ``Transaction`` holds a value of any of them.
public protocol TransactionKind: Codable, Equatable, Sendable {
    /// The tag that starts its signed message, encoding and pubdata.
    static var tag: TransactionTag { get }
    /// Its name in JSON (`"type"`), storage and messages: "transfer".
    static var name: String { get }
    /// The blocks it is sealed in (one block type per kind).
    static var blockType: BlockType { get }
    /// Who vouches for it, and so where clients send it.
    static var authority: TransactionAuthority { get }
    /// Whether its blocks wait to be full, or for the chain's transfer
    /// timeout, before they seal (transfers); otherwise they seal on the
    /// next tick (deposits and exits, which users wait on).
    static var waitsForFullBlocks: Bool { get }
    /// The slots of its blocks on a production chain (``ChainParameters/production``):
    /// what its circuit proves in the time a block may take on two cores.
    static var productionSlots: Int { get }
    /// Whether it pays a fee; its blocks then end by crediting their fees
    /// to the fee account (account 0).
    static var paysFees: Bool { get }
    /// Whether it may open a new account, whose id it learns when sealed:
    /// its blocks then list the account each slot acts on
    /// (``SealedBlock/assignedAccounts``).
    static var opensAccounts: Bool { get }
    /// The bytes of its encoding, tag included.
    static var encodedBytes: Int { get }
    /// The bytes of its slot in a block's pubdata, tag included.
    static var pubdataBytes: Int { get }
    /// The bytes of its slot in a block's published authority: what a
    /// follower needs beside the pubdata to check who vouched for it. 0 for
    /// owner-signed kinds, whose signatures the block's proof covers.
    static var authorityBytes: Int { get }

    /// The account it acts on: the signer's, or the one a deposit credits
    /// if it names one.
    var primaryAccount: AccountID? { get }
    /// The other account it names (a transfer's recipient), if any.
    var counterparty: AccountID? { get }
    /// Whether it carries its authority's signature at all.
    var isSigned: Bool { get }
    /// Whether its authority vouched for it on the chain of `domain`: the
    /// owner's EdDSA-Poseidon signature under `owner`'s key (owner kinds;
    /// `owner` is the account it acts on), or the bridge's Ed25519
    /// signature under the domain's bridge key (bridge kinds). Both sign
    /// messages that bind the chain id.
    func isAuthorized(owner: Account?, in domain: SigningDomain) -> Bool
    /// The fee it pays the operator (0 for kinds that pay none, ``paysFees``).
    var paidFee: UInt128 { get }
    /// The bridge sequence it spends (bridge kinds), unique for the chain's
    /// life; nil for owner kinds, whose nonces keep them from replaying.
    var spentBridgeSequence: UInt64? { get }
    /// Its slot of the block's published authority (``authorityBytes`` bytes).
    var publishedAuthority: [UInt8] { get }
    /// Its encoding, which holds every field; the id is its SHA-256.
    var idPreimage: [UInt8] { get }
    /// Decodes the fields after the tag of an encoding whose length was
    /// checked; every field is validated as on submission.
    init(fields reader: inout ByteReader) throws
    /// Its slot in the pubdata, given the account the state keeper
    /// assigned (a deposit to a new account learns its id only then).
    func pubdata(assignedAccount: AccountID) -> [UInt8]
    /// A valid transaction of this kind made from `sample` (benchmarks and
    /// sample witnesses).
    static func sample(_ sample: SampleTransaction) throws -> Self
}

/// Who vouches for a transaction kind.
public enum TransactionAuthority: Sendable {
    /// The account's owner signs it with EdDSA-Poseidon; wallets submit it
    /// (POST /v1/transactions).
    case owner
    /// The L1 bridge vouches for it with its Ed25519 key (POST /v1/deposits).
    case bridge
}

extension TransactionKind {
    /// The same transaction, as any transaction.
    public var transaction: Transaction { Transaction(self) }

    /// The transaction's id (``Transaction/hash``).
    public var hash: String { transaction.hash }
}
