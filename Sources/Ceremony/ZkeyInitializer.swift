import Algebra
import Groth16
import R1CS

/// The initial zkey of a phase-2 ceremony, byte for byte as
/// `snarkjs zkey new` (snarkjs's zkey_new.js) makes it from a prepared
/// .ptau and the circuit's .r1cs (``R1CS/iden3Binary``'s wire order).
///
/// - The domain is 2^k with 2^k > constraints + public inputs: each
///   constraint is a row, then one row per public signal (the constant one
///   included) with 1 in A.
/// - [α]₁, [β]₁ and [β]₂ are the ptau's; γ and δ are the generators.
/// - A, B1 and B2 of a signal are its A and B columns against the domain's
///   Lagrange points in τ; IC (public) and C (private) are β·A + α·B + C
///   the same way. H is the Lagrange points [Lᵢ(τ)]₁ of the domain of twice
///   the size at the odd positions 2i + 1.
/// - The circuit hash (section 10) is BLAKE2b-512 over, uncompressed:
///   α₁, β₁, β₂, γ₂, δ₁, δ₂; then for IC, H, C, A, B1 and B2 in that order a
///   big-endian u32 count and the points. H's "points" are
///   [τ^(i+n)]₁ − [τ^i]₁, hashed in chunks of 2¹⁴ each as long as the whole
///   count when that is smaller, as snarkjs does: past 2¹⁴ + 1 points the
///   last chunk runs one point beyond n − 1.
/// - The sections are written in snarkjs's order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10.
public enum ZkeyInitializer {
    /// The power of two of the domain snarkjs gives `r1cs`.
    public static func domainPower(for r1cs: R1CS) -> Int {
        let rows = r1cs.constraintCount + r1cs.inputCount
        return (Int.bitWidth - rows.leadingZeroBitCount - 1) + 1
    }

    /// The initial zkey: no contributions, δ = 1.
    public static func zkey(ptau: PowersOfTau, r1cs: R1CS, threads: Int = Parallelism.available) throws(CeremonyError) -> SnarkJSZkey {
        let power = domainPower(for: r1cs)
        let n = 1 << power
        guard power <= ptau.power else { throw .ptauTooSmall(ptau: ptau.power, needed: power) }
        guard ptau.isPreparedForPhaseTwo else { throw .ptauNotPrepared }
        let publicCount = r1cs.inputCount, m = r1cs.constraintCount, variables = r1cs.variableCount
        let chunk = 1 << 14
        let hashedHPoints = n < 2 ? 0 : (n - 2) / chunk * chunk + min(n - 1, chunk)
        guard hashedHPoints + n <= 2 * ptau.largestDomain - 1 else { throw .ptauTooSmall(ptau: ptau.power, needed: power + 1) }

        let lagrange = PowersOfTau.lagrangeRange(domain: n)
        let tauG1 = try ptau.g1(.lagrangeTauG1, lagrange), tauG2 = try ptau.g2(.lagrangeTauG2, lagrange)
        let alphaTauG1 = try ptau.g1(.lagrangeAlphaTauG1, lagrange), betaTauG1 = try ptau.g1(.lagrangeBetaTauG1, lagrange)
        let alpha1 = try ptau.g1(.alphaTauG1, 0..<1)[0], beta1 = try ptau.g1(.betaTauG1, 0..<1)[0]
        let beta2 = try ptau.g2(.betaG2, 0..<1)[0]

        var a = [[(point: G1Affine, coefficient: Fr)]](repeating: [], count: variables)
        var b1 = a, combined = a
        var b2 = [[(point: G2Affine, coefficient: Fr)]](repeating: [], count: variables)
        var coefficients = [SnarkJSZkey.Coefficient]()
        for row in 0..<m {
            for (wire, coefficient) in r1cs.a.row(row).sorted(by: { $0.0 < $1.0 }) {
                let signal = Int(wire)
                a[signal].append((tauG1[row], coefficient))
                combined[signal].append((betaTauG1[row], coefficient))
                coefficients.append(.init(matrix: 0, constraint: UInt32(row), signal: UInt32(signal), value: coefficient))
            }
            for (wire, coefficient) in r1cs.b.row(row).sorted(by: { $0.0 < $1.0 }) {
                let signal = Int(wire)
                b1[signal].append((tauG1[row], coefficient))
                b2[signal].append((tauG2[row], coefficient))
                combined[signal].append((alphaTauG1[row], coefficient))
                coefficients.append(.init(matrix: 1, constraint: UInt32(row), signal: UInt32(signal), value: coefficient))
            }
            for (wire, coefficient) in r1cs.c.row(row).sorted(by: { $0.0 < $1.0 }) {
                combined[Int(wire)].append((tauG1[row], coefficient))
            }
        }
        for signal in 0...publicCount {
            a[signal].append((tauG1[m + signal], .one))
            combined[signal].append((betaTauG1[m + signal], .one))
            coefficients.append(.init(matrix: 0, constraint: UInt32(m + signal), signal: UInt32(signal), value: .one))
        }

        func compose<C>(_ terms: [[(point: AffinePoint<C>, coefficient: Fr)]]) -> [AffinePoint<C>] {
            let sums = ParallelResults(repeating: JacobianPoint<C>.infinity, count: terms.count)
            Parallelism.forEach((terms.count + 255) / 256, threads: threads) { chunk in
                for index in (chunk * 256)..<min(terms.count, chunk * 256 + 256) { sums[index] = SparseCombination.sum(terms[index]) }
            }
            return JacobianPoint<C>.batchAffine(sums.values)
        }
        let aPoints = compose(a), b1Points = compose(b1), b2Points = compose(b2)
        let combinedPoints = compose(combined)
        let ic = Array(combinedPoints[0...publicCount]), c = Array(combinedPoints[(publicCount + 1)...])
        let doubled = try ptau.g1(.lagrangeTauG1, PowersOfTau.lagrangeRange(domain: 2 * n))
        let h = (0..<n).map { doubled[2 * $0 + 1] }

        var hasher = Blake2b512()
        hasher.update(SnarkJSPointCoding.uncompressed(alpha1))
        hasher.update(SnarkJSPointCoding.uncompressed(beta1))
        hasher.update(SnarkJSPointCoding.uncompressed(beta2))
        hasher.update(SnarkJSPointCoding.uncompressed(G2Affine.generator))
        hasher.update(SnarkJSPointCoding.uncompressed(G1Affine.generator))
        hasher.update(SnarkJSPointCoding.uncompressed(G2Affine.generator))
        func hashCount(_ count: Int) { hasher.update((0..<4).map { UInt8(truncatingIfNeeded: UInt32(count) >> (24 - 8 * UInt32($0))) }) }
        func hashPoints(_ points: [G1Affine]) { hashCount(points.count); for point in points { hasher.update(SnarkJSPointCoding.uncompressed(point)) } }
        hashPoints(ic)
        hashCount(n - 1)
        let powers = try ptau.g1(.tauG1, 0..<(hashedHPoints + n))
        let differences = ParallelResults(repeating: G1Projective.infinity, count: hashedHPoints)
        Parallelism.forEach((hashedHPoints + 1023) / 1024, threads: threads) { chunk in
            for i in (chunk * 1024)..<min(hashedHPoints, chunk * 1024 + 1024) { differences[i] = powers[i + n].jacobian + (-powers[i]) }
        }
        for point in G1Projective.batchAffine(differences.values) { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        hashPoints(c)
        hashPoints(aPoints)
        hashPoints(b1Points)
        hashCount(b2Points.count)
        for point in b2Points { hasher.update(SnarkJSPointCoding.uncompressed(point)) }

        let verifyingKey = VerifyingKey(alpha: alpha1, beta: beta2, gamma: .generator, delta: .generator, ic: ic)
        return SnarkJSZkey(
            variableCount: variables, publicCount: publicCount, domainSize: n, verifyingKey: verifyingKey,
            beta1: beta1, delta1: .generator, coefficients: coefficients, a: aPoints, b1: b1Points, b2: b2Points, c: c, h: h,
            contributions: PhaseTwoParameters(circuitHash: hasher.digest(), contributions: []).encoded,
            sectionOrder: [1, 2, 4, 3, 9, 8, 5, 6, 7, 10])
    }
}
