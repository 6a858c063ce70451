import Algebra
import Support

/// Groth16 verification of many proofs at once, with random weights: with
/// rᵢ random 128-bit and nonzero, every proof holds (but with probability
/// about 2⁻¹²⁸) exactly when
///
///     Πᵢ e(rᵢ·Aᵢ, Bᵢ) · Π_keys e(Σ rᵢ·Lᵢ, −γ) · e(Σ rᵢ·Cᵢ, −δ) · e(Σ rᵢ·α, −β) = 1,
///
/// where Lᵢ = IC₀ + Σⱼ xᵢⱼ·ICⱼ and the sums run over each key's proofs. One
/// Miller loop per proof plus three per key, and one final exponentiation,
/// where one by one costs three loops and a final exponentiation each.
/// A false answer does not say which proof fails: check those one by one.
public enum Groth16BatchVerifier {
    /// Whether every proof is valid for its inputs under its key. Throws
    /// only when a proof's input count does not match its key.
    public static func verify(_ items: [(proof: Proof, inputs: [Fr], key: PreparedVerifyingKey)]) throws -> Bool {
        var generator = SecureRandom()
        var groups = [KeyGroup]()
        var pairs = [(G1Affine, G2Prepared)]()
        pairs.reserveCapacity(items.count + 3)
        for (proof, inputs, key) in items {
            guard inputs.count == key.key.ic.count - 1 else {
                throw Groth16Error.wrongInputCount(expected: key.key.ic.count - 1, actual: inputs.count)
            }
            let weight = [generator.next() | 1, generator.next()]
            let r = Fr(UInt128(weight[1]) << 64 | UInt128(weight[0]))
            pairs.append((proof.a.jacobian.multiplied(byLimbs: weight).affine, G2Prepared(proof.b)))
            let index: Int
            if let found = groups.firstIndex(where: { $0.key.key == key.key }) {
                index = found
            } else {
                groups.append(KeyGroup(key: key, inputs: [Fr](repeating: .zero, count: inputs.count)))
                index = groups.count - 1
            }
            groups[index].weights += r
            for (j, input) in inputs.enumerated() { groups[index].inputs[j] += r * input }
            groups[index].c += proof.c.jacobian.multiplied(byLimbs: weight)
        }
        for group in groups {
            var inputs = group.key.key.ic[0].jacobian.multiplied(by: group.weights)
            for (table, weight) in zip(group.key.inputTables, group.inputs) { inputs += table.multiply(weight) }
            pairs.append((inputs.affine, group.key.negativeGamma))
            pairs.append((group.c.affine, group.key.negativeDelta))
            pairs.append((group.key.key.alpha.jacobian.multiplied(by: group.weights).affine, group.key.negativeBeta))
        }
        return Pairing.finalExponentiation(Pairing.millerLoop(pairs)) == Fq12.one
    }

    /// The running sums of the proofs under one key.
    private struct KeyGroup {
        let key: PreparedVerifyingKey
        /// Σ rᵢ·xᵢⱼ for each input j.
        var inputs: [Fr]
        /// Σ rᵢ.
        var weights: Fr = .zero
        /// Σ rᵢ·Cᵢ.
        var c: JacobianPoint<G1Curve> = .infinity
    }
}
