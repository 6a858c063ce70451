import Algebra
import R1CS
import Support

/// Groth16 proofs with a snarkjs .zkey, in snarkjs's convention
/// (groth16_prove.js), so that they verify under the zkey's key:
///
/// - A·w and B·w are evaluated on the domain (with snarkjs's extra row per
///   public signal), and C·w as their product there;
/// - the three are interpolated and evaluated on the odd coset ω₂ₙ·ωₙⁱ,
///   where Z(X) = Xⁿ − 1 is −2; the zkey's H points are the Lagrange
///   points of those coset positions over δ, so the scalars of the H sum
///   are A·B − C there, with no division by Z;
/// - then [A]₁ = α + Σ wᵢAᵢ + rδ, [B]₂ = β + Σ wᵢBᵢ + sδ, and
///   [C]₁ = Σ private wᵢCᵢ + Σ (AB − C)ᵢHᵢ + s[A]₁ + r[B]₁ − rsδ.
///
/// As in ``Groth16Prover``, the interpolations and the MSMs over the
/// witness run as one pool of tasks; the H sum follows.
public enum ZkeyProver {
    /// Why a witness cannot be proved with a zkey.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wrongWitness(expected: Int, got: Int)
        case firstValueNotOne
        case wrongShape(String)

        public var description: String {
            switch self {
            case .wrongWitness(let expected, let got): return "the zkey's circuit has \(expected) signals, the witness \(got)"
            case .firstValueNotOne: return "a witness starts with the constant 1"
            case .wrongShape(let detail): return "the witness is not of the zkey's circuit: \(detail)"
            }
        }
    }

    /// A proof of `witness` ([1, public…, private…], as a .wtns holds it)
    /// with fresh blinding. The rows are evaluated from the zkey's own
    /// coefficients.
    public static func prove(_ zkey: SnarkJSZkey, witness: [Fr], threads: Int = Parallelism.available) throws -> Proof {
        var generator = SecureRandom()
        return try prove(zkey, witness: witness, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
    }

    /// The proof of a `[Fr]` witness with blinding values r and s.
    public static func prove(_ zkey: SnarkJSZkey, witness: [Fr], r: Fr, s: Fr, threads: Int = Parallelism.available) throws -> Proof {
        guard witness.count == zkey.variableCount else { throw Failure.wrongWitness(expected: zkey.variableCount, got: witness.count) }
        guard witness[0] == .one else { throw Failure.firstValueNotOne }
        var a = [Fr](repeating: .zero, count: zkey.domainSize), b = a
        for entry in zkey.coefficients {
            let term = entry.value * witness[Int(entry.signal)]
            if entry.matrix == 0 { a[Int(entry.constraint)] += term } else { b[Int(entry.constraint)] += term }
        }
        let domain = try EvaluationDomain(minimumSize: zkey.domainSize)
        let rows = QAP.Quotient(a: a, b: b, c: zip(a, b).map { $0 * $1 }, inputs: [], domain: domain, shift: try oddShift(domain))
        return prove(zkey, rows: rows, assignment: witness, r: r, s: s, threads: threads)
    }

    /// The proof of a computed witness of the zkey's circuit, whose rows
    /// (A·w, B·w, C·w per constraint) it already holds. The zkey must be
    /// for that circuit (``SnarkJSZkey/check(against:)``): its
    /// coefficients are not read here.
    public static func prove(
        _ zkey: SnarkJSZkey, witness: WitnessAssignment, r: Fr, s: Fr, threads: Int = Parallelism.available
    ) throws -> Proof {
        let assignment = witness.assignment
        guard assignment.count == zkey.variableCount else { throw Failure.wrongWitness(expected: zkey.variableCount, got: assignment.count) }
        guard witness.publicValues.count == zkey.publicCount + 1, witness.aValues.count + witness.publicValues.count <= zkey.domainSize else {
            throw Failure.wrongShape("\(witness.inputs.count) public inputs and \(witness.aValues.count) constraints, "
                + "for a key of \(zkey.publicCount) public signals and a domain of \(zkey.domainSize)")
        }
        if let failing = witness.firstUnsatisfied {
            throw Groth16Error.unsatisfied(.unsatisfied(constraint: failing, annotation: "constraint #\(failing)"))
        }
        let domain = try EvaluationDomain(minimumSize: zkey.domainSize)
        let rows = QAP.Quotient(
            a: witness.aValues, b: witness.bValues, c: witness.cValues, inputs: witness.publicValues, domain: domain, shift: try oddShift(domain))
        return prove(zkey, rows: rows, assignment: assignment, r: r, s: s, threads: threads)
    }

    /// ω₂ₙ, which moves the domain onto its odd coset.
    private static func oddShift(_ domain: EvaluationDomain) throws -> Fr {
        try EvaluationDomain(minimumSize: 2 * domain.size).generator
    }

    private static func prove(_ zkey: SnarkJSZkey, rows: QAP.Quotient, assignment: [Fr], r: Fr, s: Fr, threads: Int) -> Proof {
        let vk = zkey.verifyingKey
        let aSum = MultiScalarMultiplication.windows(points: zkey.a, scalars: assignment, threads: threads)
        let b2Sum = MultiScalarMultiplication.windows(points: zkey.b2, scalars: assignment, threads: threads)
        let b1Sum = MultiScalarMultiplication.windows(points: zkey.b1, scalars: assignment, threads: threads)
        let cSum = MultiScalarMultiplication.windows(points: zkey.c, scalars: Array(assignment[(zkey.publicCount + 1)...]), threads: threads)
        ParallelTasks.run([rows.interpolations, b2Sum.tasks, aSum.tasks, b1Sum.tasks, cSum.tasks], threads: threads)
        let hSum = MultiScalarMultiplication.compute(points: zkey.h, scalars: rows.cosetProducts(), threads: threads)

        let proofA = aSum.sum + vk.alpha + zkey.delta1.jacobian.multiplied(by: r)
        let proofB = b2Sum.sum + vk.beta + vk.delta.jacobian.multiplied(by: s)
        let b1 = b1Sum.sum + zkey.beta1 + zkey.delta1.jacobian.multiplied(by: s)
        let proofC = cSum.sum + hSum + proofA.multiplied(by: s) + b1.multiplied(by: r) - zkey.delta1.jacobian.multiplied(by: r * s)
        let points = G1Projective.batchAffine([proofA, proofC])
        return Proof(a: points[0], b: proofB.affine, c: points[1])
    }
}
