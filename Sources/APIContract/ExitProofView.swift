import Algebra
import Primitives
import RollupTypes
import Support

/// GET /v1/accounts/{id}/exit-proof: an account's leaf in the verified
/// state and its Merkle path to the last verified root, which anyone can
/// check (docs/PROTOCOL.md, "Exit proofs") and hold up against the block's
/// new root.
public struct ExitProofView: Codable, Sendable, Equatable {
    public var account: Int
    /// The owner's iden3-packed public key, 0x-hex.
    public var publicKey: String
    /// Decimal.
    public var balance: String
    public var nonce: UInt32
    /// Poseidon(Ax, Ay, balance, nonce), decimal.
    public var leaf: String
    /// Per level, bottom first, the three other children in child order, decimal.
    public var siblings: [String]
    /// The root the path leads to: the new root of `block`, decimal.
    public var root: String
    /// The last verified block (0: the genesis state).
    public var block: UInt32

    public init(account: Int, publicKey: String, balance: String, nonce: UInt32, leaf: String, siblings: [String], root: String, block: UInt32) {
        self.account = account
        self.publicKey = publicKey
        self.balance = balance
        self.nonce = nonce
        self.leaf = leaf
        self.siblings = siblings
        self.root = root
        self.block = block
    }

    /// Why an exit proof does not hold.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case leafMismatch(computed: String)
        case rootMismatch(computed: String)

        public var description: String {
            switch self {
            case .malformed(let field): return "the exit proof's \(field) is malformed"
            case .leafMismatch(let computed): return "the account's fields hash to leaf \(computed), not the leaf given"
            case .rootMismatch(let computed): return "the path leads to root \(computed), not the root given"
            }
        }
    }

    /// Checks the proof on its own: the leaf is the hash of the account's
    /// fields, and the path leads from it to the root. Whether the root is
    /// the verified root of `block` is checked against the block (GET /v1/blocks/{block}).
    public func check() throws(Failure) {
        guard let id = try? AccountID(account) else { throw .malformed("account") }
        guard let bytes = [UInt8](hex: publicKey), let key = try? EdDSAPublicKey(packed: bytes) else { throw .malformed("publicKey") }
        guard let value = CanonicalDecimal.parse(balance, as: UInt128.self) else { throw .malformed("balance") }
        guard let leafValue = try? Fr(decimal: leaf), let rootValue = try? Fr(decimal: root) else { throw .malformed("leaf or root") }
        let path = try siblings.map { text throws(Failure) -> Fr in
            guard let sibling = try? Fr(decimal: text) else { throw .malformed("siblings") }
            return sibling
        }
        guard path.count.isMultiple(of: 3), !path.isEmpty else { throw .malformed("siblings (3 per level)") }
        let computed = Account(publicKey: key, balance: value, nonce: nonce).leaf
        guard computed == leafValue else { throw .leafMismatch(computed: computed.decimalString) }
        let reached = MerklePath(index: id.value, siblings: path).root(from: computed)
        guard reached == rootValue else { throw .rootMismatch(computed: reached.decimalString) }
    }
}
