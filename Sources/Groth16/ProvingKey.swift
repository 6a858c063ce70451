import Algebra
import R1CS

/// What a proving or verifying key was made for, so a key for another
/// circuit is refused before anything is computed with it.
public struct CircuitDescription: Equatable, Sendable {
    /// The circuit's name.
    public var name: String
    public var constraintCount: Int
    /// All variables, the constant one included.
    public var variableCount: Int
    /// Public inputs, not counting the constant one.
    public var inputCount: Int
    /// SHA-256 of the constraint system (``R1CS/digest``).
    public var digest: [UInt8]

    public init(name: String, r1cs: R1CS) {
        self.name = name
        constraintCount = r1cs.constraintCount
        variableCount = r1cs.variableCount
        inputCount = r1cs.inputCount
        digest = r1cs.digest
    }

    public init(name: String, constraintCount: Int, variableCount: Int, inputCount: Int, digest: [UInt8]) {
        self.name = name
        self.constraintCount = constraintCount
        self.variableCount = variableCount
        self.inputCount = inputCount
        self.digest = digest
    }
}

/// The Groth16 proving key: the verifying key, the G1/G2 elements the
/// prover combines, and the description of the circuit it belongs to.
public struct ProvingKey: Equatable, Sendable {
    public var circuit: CircuitDescription
    public var verifyingKey: VerifyingKey
    /// [β]₁ and [δ]₁.
    public var betaG1: G1Affine
    public var deltaG1: G1Affine
    /// [u_k(τ)]₁ for every variable k.
    public var aQuery: [G1Affine]
    /// [v_k(τ)]₁ and [v_k(τ)]₂ for every variable k.
    public var bG1Query: [G1Affine]
    public var bG2Query: [G2Affine]
    /// [τ^i · Z(τ) / δ]₁ for i < domain size − 1.
    public var hQuery: [G1Affine]
    /// [(β·u_k(τ) + α·v_k(τ) + w_k(τ)) / δ]₁ for every private variable k.
    public var lQuery: [G1Affine]

    /// The QAP domain size (a power of two ≥ constraints + public variables).
    public var domainSize: Int { hQuery.count + 1 }
}
