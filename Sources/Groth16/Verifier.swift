import Algebra

/// Groth16 verification: e(A, B) = e(α, β) · e(Σ xᵢ·ICᵢ, γ) · e(C, δ), checked
/// as one product of three Miller loops and one final exponentiation
/// against the precomputed e(α, β).
public enum Groth16Verifier {
    /// Whether `proof` is valid for `inputs` under `key`. Throws only when
    /// the number of inputs does not match the key.
    public static func verify(_ proof: Proof, inputs: [Fr], key: PreparedVerifyingKey) throws -> Bool {
        let ic = key.key.ic
        guard inputs.count == ic.count - 1 else {
            throw Groth16Error.wrongInputCount(expected: ic.count - 1, actual: inputs.count)
        }
        var accumulator = ic[0].jacobian
        for (input, table) in zip(inputs, key.inputTables) {
            accumulator = accumulator + table.multiply(input)
        }
        let f = Pairing.millerLoop([
            (proof.a, G2Prepared(proof.b)),
            (accumulator.affine, key.negativeGamma),
            (proof.c, key.negativeDelta),
        ])
        return Pairing.finalExponentiation(f) == key.alphaBeta
    }
}
