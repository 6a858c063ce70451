import Algebra
import RollupTypes

/// GET /v1/accounts/{id}: the account in the three states.
public struct AccountView: Codable, Sendable, Equatable {
    /// A balance and nonce.
    public struct State: Codable, Sendable, Equatable {
        public var balance: String
        public var nonce: UInt32

        public init(balance: String, nonce: UInt32) {
            self.balance = balance
            self.nonce = nonce
        }

        public init(_ account: Account) {
            balance = String(account.balance)
            nonce = account.nonce
        }
    }

    public var id: Int
    /// iden3-packed, 0x-hex.
    public var publicKey: String
    /// In the last sealed (committed) block; absent until then.
    public var committed: State?
    /// In the last verified block; absent until then.
    public var verified: State?
    /// With every pending transaction applied.
    public var pending: State

    public init(id: Int, publicKey: String, committed: State?, verified: State?, pending: State) {
        self.id = id
        self.publicKey = publicKey
        self.committed = committed
        self.verified = verified
        self.pending = pending
    }
}
