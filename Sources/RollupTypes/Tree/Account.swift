import Algebra
import Primitives

/// An account: its owner's public key, a 128-bit balance and a 32-bit nonce.
public struct Account: Equatable, Sendable {
    public var publicKey: EdDSAPublicKey
    public var balance: UInt128
    public var nonce: UInt32

    public init(publicKey: EdDSAPublicKey, balance: UInt128 = 0, nonce: UInt32 = 0) {
        self.publicKey = publicKey
        self.balance = balance
        self.nonce = nonce
    }

    /// The tree leaf Poseidon(Ax, Ay, balance, nonce); an empty slot is 0.
    public var leaf: Fr {
        Poseidon.hash(publicKey.x, publicKey.y, Fr(balance), Fr(UInt64(nonce)))
    }
}
