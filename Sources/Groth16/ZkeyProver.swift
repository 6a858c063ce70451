import Algebra

/// Groth16 proofs with a snarkjs .zkey, in snarkjs's convention
/// (groth16_prove.js), so that they verify under the zkey's key:
///
/// - A·w and B·w are evaluated on the domain from the zkey's coefficients
///   (which include snarkjs's extra row per public signal), and C·w as
///   their product there;
/// - the three are interpolated and evaluated on the odd coset ω₂ₙ·ωₙⁱ,
///   where Z(X) = Xⁿ − 1 is −2; the zkey's H points are the Lagrange
///   points of those coset positions over δ, so the scalars of the H sum
///   are A·B − C there, with no division by Z;
/// - then [A]₁ = α + Σ wᵢAᵢ + rδ, [B]₂ = β + Σ wᵢBᵢ + sδ, and
///   [C]₁ = Σ private wᵢCᵢ + Σ (AB − C)ᵢHᵢ + s[A]₁ + r[B]₁ − rsδ.
public enum ZkeyProver {
    /// Why a witness cannot be proved with a zkey.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wrongWitness(expected: Int, got: Int)
        case firstValueNotOne

        public var description: String {
            switch self {
            case .wrongWitness(let expected, let got): return "the zkey's circuit has \(expected) signals, the witness \(got)"
            case .firstValueNotOne: return "a witness starts with the constant 1"
            }
        }
    }

    /// A proof of `witness` ([1, public…, private…]) with fresh blinding.
    public static func prove(_ zkey: SnarkJSZkey, witness: [Fr], threads: Int = Parallelism.available) throws -> Proof {
        var generator = SecureRandom()
        return try prove(zkey, witness: witness, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
    }

    /// The proof with blinding values r and s.
    public static func prove(_ zkey: SnarkJSZkey, witness: [Fr], r: Fr, s: Fr, threads: Int = Parallelism.available) throws -> Proof {
        guard witness.count == zkey.variableCount else { throw Failure.wrongWitness(expected: zkey.variableCount, got: witness.count) }
        guard witness[0] == .one else { throw Failure.firstValueNotOne }
        let n = zkey.domainSize
        var a = [Fr](repeating: .zero, count: n), b = a
        for entry in zkey.coefficients {
            let term = entry.value * witness[Int(entry.signal)]
            if entry.matrix == 0 { a[Int(entry.constraint)] += term } else { b[Int(entry.constraint)] += term }
        }
        let c = zip(a, b).map { $0 * $1 }
        let domain = try EvaluationDomain(minimumSize: n)
        let oddShift = try EvaluationDomain(minimumSize: 2 * n).generator
        /// The values' interpolant evaluated at ω₂ₙ·ωₙⁱ.
        func onOddCoset(_ values: [Fr]) -> [Fr] {
            var values = values
            domain.inverse(&values, threads: threads)
            var power = Fr.one
            for j in 0..<n {
                values[j] = values[j] * power
                power = power * oddShift
            }
            domain.forward(&values, threads: threads)
            return values
        }
        let (aOdd, bOdd, cOdd) = (onOddCoset(a), onOddCoset(b), onOddCoset(c))
        let quotient = (0..<n).map { aOdd[$0] * bOdd[$0] - cOdd[$0] }

        let vk = zkey.verifyingKey
        let privateWitness = Array(witness[(zkey.publicCount + 1)...])
        let aSum = MultiScalarMultiplication.compute(points: zkey.a, scalars: witness, threads: threads)
        let b1Sum = MultiScalarMultiplication.compute(points: zkey.b1, scalars: witness, threads: threads)
        let b2Sum = MultiScalarMultiplication.compute(points: zkey.b2, scalars: witness, threads: threads)
        let cSum = MultiScalarMultiplication.compute(points: zkey.c, scalars: privateWitness, threads: threads)
        let hSum = MultiScalarMultiplication.compute(points: zkey.h, scalars: quotient, threads: threads)

        let proofA = aSum + vk.alpha + zkey.delta1.jacobian.multiplied(by: r)
        let proofB = b2Sum + vk.beta + vk.delta.jacobian.multiplied(by: s)
        let b1 = b1Sum + zkey.beta1 + zkey.delta1.jacobian.multiplied(by: s)
        let proofC = cSum + hSum + proofA.multiplied(by: s) + b1.multiplied(by: r) - zkey.delta1.jacobian.multiplied(by: r * s)
        let points = G1Projective.batchAffine([proofA, proofC])
        return Proof(a: points[0], b: proofB.affine, c: points[1])
    }
}
