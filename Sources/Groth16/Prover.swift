import Algebra
import R1CS
import Support

/// Groth16 proving. `prove(key:witness:r:s:)` is the deterministic core;
/// the public entry points draw the blinding values r and s from libsodium.
public enum Groth16Prover {
    /// Proves `circuit` (which must carry its witness) with `key`.
    public static func prove<C: Circuit>(
        _ circuit: C, key: ProvingKey, threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws -> (proof: Proof, inputs: [Fr]) {
        progress?("computing the witness", 0)
        let witness = try satisfiedWitness(circuit)
        var generator = SecureRandom()
        let proof = try prove(
            key: key, witness: witness, r: .random(using: &generator), s: .random(using: &generator),
            threads: threads, progress: progress)
        return (proof, witness.inputs)
    }

    /// `circuit`'s witness; if a constraint does not hold, the error names
    /// it by its annotation.
    public static func satisfiedWitness<C: Circuit>(_ circuit: C) throws -> WitnessAssignment {
        let witness = try WitnessAssignment(circuit)
        if let failing = witness.firstUnsatisfied {
            // Synthesize once more with annotations, to name the constraint.
            let checker = try ConstraintChecker(circuit)
            throw Groth16Error.unsatisfied(.unsatisfied(constraint: failing, annotation: checker.whichIsUnsatisfied ?? "?"))
        }
        return witness
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
        // Everything that needs only the witness runs as one pool of tasks:
        // the three interpolations behind h(X) and the windows of the A, B
        // (G2 and G1) and C MSMs, so that no thread waits for another's last
        // task between phases. Only the MSM over h's coefficients comes after.
        progress?("computing h(X) and the MSMs over the witness", 0.1)
        let vk = key.verifyingKey
        let quotient = QAP.Quotient(
            a: witness.aValues, b: witness.bValues, c: witness.cValues, inputs: witness.publicValues, domain: domain)
        let aSum = MultiScalarMultiplication.windows(points: key.aQuery, scalars: assignment, threads: threads)
        let b2Sum = MultiScalarMultiplication.windows(points: key.bG2Query, scalars: assignment, threads: threads)
        let b1Sum = MultiScalarMultiplication.windows(points: key.bG1Query, scalars: assignment, threads: threads)
        let lSum = MultiScalarMultiplication.windows(
            points: key.lQuery, scalars: Array(assignment[key.verifyingKey.ic.count...]), threads: threads)
        ParallelTasks.run([quotient.interpolations, b2Sum.tasks, aSum.tasks, b1Sum.tasks, lSum.tasks], threads: threads)

        progress?("MSM for h(X)", 0.75)
        let h = quotient.coefficients(threads: threads)
        let hSum = MultiScalarMultiplication.compute(points: key.hQuery, scalars: h, threads: threads)

        let a = aSum.sum + vk.alpha + key.deltaG1.jacobian.multiplied(by: r)
        let b2 = b2Sum.sum + vk.beta + vk.delta.jacobian.multiplied(by: s)
        let b1 = b1Sum.sum + key.betaG1 + key.deltaG1.jacobian.multiplied(by: s)
        let c = lSum.sum + hSum + a.multiplied(by: s) + b1.multiplied(by: r) - key.deltaG1.jacobian.multiplied(by: r * s)
        progress?("done", 1.0)
        let points = G1Projective.batchAffine([a, c])
        return Proof(a: points[0], b: b2.affine, c: points[1])
    }
}
