import Algebra

/// The Groth16 verifying key: [α]₁, [β]₂, [γ]₂, [δ]₂ and the input
/// commitments IC₀ … IC_ℓ (IC₀ for the constant one).
public struct VerifyingKey: Equatable, Sendable {
    public var alpha: G1Affine
    public var beta: G2Affine
    public var gamma: G2Affine
    public var delta: G2Affine
    public var ic: [G1Affine]

    public init(alpha: G1Affine, beta: G2Affine, gamma: G2Affine, delta: G2Affine, ic: [G1Affine]) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.delta = delta
        self.ic = ic
    }

    /// The number of public inputs (snarkjs' nPublic).
    public var inputCount: Int { ic.count - 1 }
}

/// A verifying key ready for the pairing check: e(α, β) computed once, and
/// the Miller-loop lines of −γ and −δ precomputed.
public struct PreparedVerifyingKey: Sendable {
    public let key: VerifyingKey
    let alphaBeta: Fq12
    let negativeGamma: G2Prepared
    let negativeDelta: G2Prepared
    /// −β prepared, for batches: e(α, β)^(−R) = e(R·α, −β).
    let negativeBeta: G2Prepared

    /// Fixed-base tables of IC₁ … ICₙ, the points the public inputs multiply.
    let inputTables: [FixedBaseTable<G1Curve>]

    public init(_ key: VerifyingKey) {
        self.key = key
        alphaBeta = Pairing.pairing(key.alpha, key.beta)
        negativeGamma = G2Prepared(-key.gamma)
        negativeDelta = G2Prepared(-key.delta)
        negativeBeta = G2Prepared(-key.beta)
        inputTables = key.ic.dropFirst().map { FixedBaseTable(base: $0, windowBits: 6) }
    }
}
