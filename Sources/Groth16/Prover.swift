import Algebra
import R1CS

/// Groth16 proving. `prove(key:witness:r:s:)` is the deterministic core;
/// the public entry points draw the blinding values r and s from libsodium.
public enum Groth16Prover {
    /// Proves `circuit` (which must carry its witness) with `key`.
    public static func prove<C: Circuit>(
        _ circuit: C, key: ProvingKey, threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws -> (proof: Proof, inputs: [Fr]) {
        progress?("computing the witness", 0)
        let witness = try WitnessAssignment(circuit)
        if let failing = witness.firstUnsatisfied {
            // Synthesize once more with annotations, to name the constraint.
            let checker = try ConstraintChecker(circuit)
            throw Groth16Error.unsatisfied(.unsatisfied(constraint: failing, annotation: checker.whichIsUnsatisfied ?? "?"))
        }
        var generator = SecureRandom()
        let proof = try prove(
            key: key, witness: witness, r: .random(using: &generator), s: .random(using: &generator),
            threads: threads, progress: progress)
        return (proof, witness.inputs)
    }

    /// The proof for a computed witness with blinding values r and s.
    public static func prove(
        key: ProvingKey, witness: WitnessAssignment, r: Fr, s: Fr,
        threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws -> Proof {
        let assignment = witness.assignment
        guard witness.aValues.count == key.circuit.constraintCount, assignment.count == key.circuit.variableCount,
              witness.inputs.count == key.circuit.inputCount
        else {
            throw Groth16Error.wrongCircuit(
                expected: "a circuit of \(witness.aValues.count) constraints and \(assignment.count) variables",
                found: "'\(key.circuit.name)' (\(key.circuit.constraintCount) constraints, \(key.circuit.variableCount) variables)")
        }
        if let failing = witness.firstUnsatisfied {
            throw Groth16Error.unsatisfied(.unsatisfied(constraint: failing, annotation: "constraint #\(failing)"))
        }
        let domain = try EvaluationDomain(minimumSize: key.domainSize)
        progress?("computing h(X)", 0.1)
        let h = QAP.quotient(
            a: witness.aValues, b: witness.bValues, c: witness.cValues, inputs: witness.publicValues,
            domain: domain, threads: threads)

        progress?("MSM for A", 0.25)
        let vk = key.verifyingKey
        let a = MultiScalarMultiplication.compute(points: key.aQuery, scalars: assignment, threads: threads)
            + vk.alpha + key.deltaG1.jacobian.multiplied(by: r)
        progress?("MSM for B", 0.4)
        let b2 = MultiScalarMultiplication.compute(points: key.bG2Query, scalars: assignment, threads: threads)
            + vk.beta + vk.delta.jacobian.multiplied(by: s)
        progress?("MSM for B in G1", 0.65)
        let b1 = MultiScalarMultiplication.compute(points: key.bG1Query, scalars: assignment, threads: threads)
            + key.betaG1 + key.deltaG1.jacobian.multiplied(by: s)
        progress?("MSM for C", 0.75)
        let privateWitness = Array(assignment[key.verifyingKey.ic.count...])
        let l = MultiScalarMultiplication.compute(points: key.lQuery, scalars: privateWitness, threads: threads)
        let hSum = MultiScalarMultiplication.compute(points: key.hQuery, scalars: h, threads: threads)
        let c = l + hSum + a.multiplied(by: s) + b1.multiplied(by: r) - key.deltaG1.jacobian.multiplied(by: r * s)
        progress?("done", 1.0)
        let points = G1Projective.batchAffine([a, c])
        return Proof(a: points[0], b: b2.affine, c: points[1])
    }
}
