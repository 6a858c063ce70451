import Primitives

/// What a sample transaction of any kind is made from: an existing account
/// with its key, another existing account, a random amount and fee, and
/// random bytes. Samples fill the blocks of `rollup bench circuits` and of
/// exported sample witnesses (``TransactionKind/sample(_:)``).
public struct SampleTransaction {
    /// The slot's index in its block.
    public let index: Int
    public let account: AccountID
    /// The account as it is now (its key and nonce).
    public let holder: Account
    public let key: EdDSAPrivateKey
    /// Another existing account (a recipient).
    public let other: AccountID
    public let amount: PackedAmount
    public let fee: PackedFee
    /// 32 random bytes (addresses).
    public let randomBytes: [UInt8]
    /// The chain it is signed for.
    public let chain: ChainConfiguration
    /// The bridge's key, which signs sample deposits.
    public let bridge: Ed25519SigningKey
    /// A bridge sequence of its own (deposits).
    public let sequence: UInt64

    public init(
        index: Int, account: AccountID, holder: Account, key: EdDSAPrivateKey, other: AccountID, amount: PackedAmount, fee: PackedFee,
        randomBytes: [UInt8], chain: ChainConfiguration, bridge: Ed25519SigningKey, sequence: UInt64
    ) {
        self.index = index
        self.account = account
        self.holder = holder
        self.key = key
        self.other = other
        self.amount = amount
        self.fee = fee
        self.randomBytes = randomBytes
        self.chain = chain
        self.bridge = bridge
        self.sequence = sequence
    }
}
