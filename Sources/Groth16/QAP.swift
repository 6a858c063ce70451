import Algebra
import R1CS

/// The quadratic arithmetic program of an R1CS: its constraints plus one
/// row per public variable (A = that variable, B = C = 0), which makes the
/// public inputs' polynomials independent, as snarkjs and arkworks do.
enum QAP {
    /// The evaluation domain for `r1cs`.
    static func domain(for r1cs: R1CS) throws -> EvaluationDomain {
        do {
            return try EvaluationDomain(minimumSize: r1cs.constraintCount + r1cs.publicCount)
        } catch {
            throw Groth16Error.circuitTooLarge(constraints: r1cs.constraintCount)
        }
    }

    /// u_k(τ), v_k(τ), w_k(τ) for every variable k: Σ_j M[j][k]·L_j(τ).
    static func evaluateAt(_ tau: Fr, r1cs: R1CS, domain: EvaluationDomain) -> (u: [Fr], v: [Fr], w: [Fr]) {
        let lagrange = lagrangeCoefficients(at: tau, domain: domain)
        var u = [Fr](repeating: .zero, count: r1cs.variableCount)
        var v = u, w = u
        for j in 0..<r1cs.constraintCount {
            for (column, coefficient) in r1cs.a.row(j) { u[Int(column)] += coefficient * lagrange[j] }
            for (column, coefficient) in r1cs.b.row(j) { v[Int(column)] += coefficient * lagrange[j] }
            for (column, coefficient) in r1cs.c.row(j) { w[Int(column)] += coefficient * lagrange[j] }
        }
        for input in 0..<r1cs.publicCount { u[input] += lagrange[r1cs.constraintCount + input] }
        return (u, v, w)
    }

    /// L_j(τ) = Z(τ)·ω^j / (N·(τ − ω^j)) for the domain's N points.
    static func lagrangeCoefficients(at tau: Fr, domain: EvaluationDomain) -> [Fr] {
        let n = domain.size
        let vanishing = tau.pow(UInt64(n)) - .one
        var powers = [Fr](repeating: .one, count: n)
        for j in stride(from: 1, to: n, by: 1) { powers[j] = powers[j - 1] * domain.generator }
        var denominators = powers.map { tau - $0 }
        Fr.batchInvert(&denominators)
        let scale = vanishing * domain.sizeInverse
        return (0..<n).map { scale * powers[$0] * denominators[$0] }
    }

    /// a(X)·b(X) − c(X), where a, b, c interpolate the per-row values
    /// (public rows included) over the domain, on a coset of it, in two
    /// steps: three independent interpolations, as tasks that can share
    /// threads with other work, then the products. On the domain's own
    /// coset g·ωⁱ, ``coefficients(threads:)`` divides by Z and gives h(X);
    /// on snarkjs's odd coset ω₂ₙ·ωⁱ, ``cosetProducts()`` are the scalars of
    /// a zkey's H points.
    final class Quotient: @unchecked Sendable {
        let domain: EvaluationDomain
        let shift: Fr
        /// a, b and c over the coset, once the interpolations have run.
        private let cosetValues = ParallelResults(repeating: [Fr](), count: 3)
        /// Interpolates a, b or c (task 0, 1, 2) and evaluates it on the coset.
        let interpolations: ParallelTasks

        /// Rows beyond `a`, `b` and `c` are the public rows (`inputs` in A,
        /// zero in B and C), then zeros up to the domain's size.
        init(a: [Fr], b: [Fr], c: [Fr], inputs publicValues: [Fr], domain: EvaluationDomain, shift: Fr? = nil) {
            self.domain = domain
            let shift = shift ?? domain.cosetShift
            self.shift = shift
            let n = domain.size
            func padded(_ values: [Fr], extra: [Fr]) -> [Fr] {
                var out = values + extra
                out.append(contentsOf: repeatElement(Fr.zero, count: n - out.count))
                return out
            }
            let rows = [
                padded(a, extra: publicValues),
                padded(b, extra: [Fr](repeating: .zero, count: publicValues.count)),
                padded(c, extra: [Fr](repeating: .zero, count: publicValues.count)),
            ]
            let cosetValues = cosetValues
            interpolations = ParallelTasks(count: 3) { index in
                var values = rows[index]
                domain.inverse(&values, threads: 1)
                domain.cosetForward(&values, shift: shift, threads: 1)
                cosetValues[index] = values
            }
        }

        /// a·b − c at each point of the coset; the interpolations must have run.
        func cosetProducts() -> [Fr] {
            var av = cosetValues[0]
            let bv = cosetValues[1], cv = cosetValues[2]
            for i in 0..<domain.size { av[i] = av[i] * bv[i] - cv[i] }
            return av
        }

        /// h's coefficients; the interpolations must have run, on the
        /// domain's own coset.
        func coefficients(threads: Int) -> [Fr] {
            precondition(shift == domain.cosetShift, "h(X) is divided out on the domain's coset")
            var values = cosetProducts()
            let zInverse = domain.vanishingOnCoset.inverse()!
            for i in values.indices { values[i] = values[i] * zInverse }
            domain.cosetInverse(&values, threads: threads)
            return Array(values.prefix(domain.size - 1))
        }
    }
}
