import Algebra
import Primitives

/// A kind that its account's owner signs (``TransactionAuthority/owner``),
/// which a wallet makes for its user: `rollup wallet <name>` takes
/// ``walletFields`` as flags, fills the signer's account, the nonce and the
/// fee itself, decodes the kind from that JSON form and signs it. A kind
/// declares these beside its fields, so a new kind needs no wallet edit.
public protocol OwnerSignedKind: TransactionKind {
    /// What its wallet command does, in a few words: "Send a transfer".
    static var walletAbstract: String { get }
    /// The JSON field naming the account that signs ("from", "account").
    static var signerField: String { get }
    /// What the user gives, in order, as `--flag value`.
    static var walletFields: [WalletField] { get }
    /// The same transaction signed with `key` for chain `chain`.
    func signed(with key: EdDSAPrivateKey, chain: ChainID) -> Self
}

/// One field of a kind's JSON form that a wallet asks its user for.
public struct WalletField: Sendable, Equatable {
    /// How the JSON form holds the value.
    public enum Form: Sendable, Equatable {
        /// A JSON integer (account ids).
        case integer
        /// A JSON string (decimal amounts, 0x-hex).
        case string
    }

    /// The flag, without dashes: "to-l1".
    public let flag: String
    /// The JSON field it fills: "l1Address".
    public let field: String
    public let form: Form
    /// One line of help.
    public let help: String

    public init(flag: String, field: String, form: Form, help: String) {
        self.flag = flag
        self.field = field
        self.form = form
        self.help = help
    }
}
