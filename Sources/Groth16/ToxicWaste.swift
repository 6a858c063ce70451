import Algebra
import CSodium

/// The secret scalars of a Groth16 setup: τ, α, β, γ, δ. Whoever knows them
/// can forge proofs. A development setup draws them from libsodium and wipes
/// them after use; this is not a multi-party ceremony.
public struct ToxicWaste: Sendable {
    public var tau: Fr
    public var alpha: Fr
    public var beta: Fr
    public var gamma: Fr
    public var delta: Fr

    public init(tau: Fr, alpha: Fr, beta: Fr, gamma: Fr, delta: Fr) {
        self.tau = tau
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.delta = delta
    }

    /// Fresh non-zero values from `generator` (libsodium's in production).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ToxicWaste {
        func nonZero() -> Fr {
            while true {
                let value = Fr.random(using: &generator)
                if !value.isZero { return value }
            }
        }
        return ToxicWaste(tau: nonZero(), alpha: nonZero(), beta: nonZero(), gamma: nonZero(), delta: nonZero())
    }

    /// Overwrites the secrets in place with zeros (sodium_memzero, which the
    /// compiler may not elide).
    public mutating func wipe() {
        withUnsafeMutableBytes(of: &self) { sodium_memzero($0.baseAddress, $0.count) }
    }
}
