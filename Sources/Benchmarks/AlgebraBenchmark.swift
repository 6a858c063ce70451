import Algebra
import Support

/// `rollup bench algebra`: field, curve, pairing, MSM and NTT timings, plus
/// the plain-C Fr multiplication baseline measured in the same run.
public struct AlgebraBenchmark: Sendable {
    /// Threads for the parallel rows (MSM, NTT).
    public var threads: Int
    /// 2^18 values of a real transfer block's witness (its wires, repeated
    /// from the start when it has fewer), for the row
    /// `g1_msm_2^18_block_witness` (none: the row is left out).
    public var blockWitnessScalars: [Fr] = []

    public init(threads: Int = Parallelism.available) {
        self.threads = threads
    }

    /// Runs every row, handing each to `report` as soon as it is measured.
    public func run(report: (BenchmarkResult) -> Void) throws {
        var generator = SeededRandom(seed: 2026)
        let x = Fr.random(using: &generator), y = Fr.random(using: &generator)
        let qx = Fq.random(using: &generator), qy = Fq.random(using: &generator)

        let frMul = BenchmarkClock.perOperation(iterations: 2_000_000) { n in
            var acc = x
            for _ in 0..<n { acc = acc * y }
            blackHole(acc)
        }
        report(BenchmarkResult(name: "fr_mul", ns: frMul, extra: [("adx_kernel", FieldKernel.name == "adx" ? 1 : 0)]))
        report(BenchmarkResult(name: "fr_square", ns: BenchmarkClock.perOperation(iterations: 2_000_000) { n in
            var acc = x
            for _ in 0..<n { acc = acc.squared() }
            blackHole(acc)
        }))
        report(BenchmarkResult(name: "fr_inverse", ns: BenchmarkClock.perOperation(iterations: 2_000) { n in
            var acc = x
            for _ in 0..<n { acc = acc.inverse()! + .one }
            blackHole(acc)
        }))
        report(BenchmarkResult(name: "fq_mul", ns: BenchmarkClock.perOperation(iterations: 2_000_000) { n in
            var acc = qx
            for _ in 0..<n { acc = acc * qy }
            blackHole(acc)
        }))
        let f = Pairing.pairing(.generator, .generator)
        let g = f.squared() + .one
        report(BenchmarkResult(name: "fq12_mul", ns: BenchmarkClock.perOperation(iterations: 50_000) { n in
            var acc = f
            for _ in 0..<n { acc = acc * g }
            blackHole(acc)
        }))

        let p = G1Projective.generator.multiplied(by: x)
        let q = G1Projective.generator.multiplied(by: y).affine
        report(BenchmarkResult(name: "g1_mixed_add", ns: BenchmarkClock.perOperation(iterations: 500_000) { n in
            var acc = p
            for _ in 0..<n { acc = acc + q }
            blackHole(acc)
        }))
        report(BenchmarkResult(name: "g1_double", ns: BenchmarkClock.perOperation(iterations: 500_000) { n in
            var acc = p
            for _ in 0..<n { acc = acc.doubled() }
            blackHole(acc)
        }))

        try msmRows(report: report, generator: &generator)

        let domain = try EvaluationDomain(minimumSize: 1 << 18)
        var values = (0..<domain.size).map { _ in Fr.random(using: &generator) }
        report(BenchmarkResult(name: "ntt_2^18", ns: BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
            domain.forward(&values, threads: threads)
        }))

        let p1 = G1Projective.generator.multiplied(by: x).affine
        let q1 = G2Projective.generator.multiplied(by: y).affine
        report(BenchmarkResult(name: "pairing", ns: BenchmarkClock.perOperation(iterations: 20) { n in
            for _ in 0..<n { blackHole(Pairing.pairing(p1, q1)) }
        }))
        report(BenchmarkResult(name: "pairing_check_3", ns: BenchmarkClock.perOperation(iterations: 10) { n in
            for _ in 0..<n {
                // Every G2 point prepared inside the timing: the worst case.
                let pairs = [(p1, G2Prepared(q1)), (-p1, G2Prepared(q1)), (p1, G2Prepared(.generator))]
                blackHole(Pairing.productIsOne(pairs))
            }
        }))

        let baseline = try CBaselineBenchmark.measure(iterations: 20_000_000)
        // Ours again, next to the baseline, so the ratio compares like with like.
        let frMulAgain = BenchmarkClock.perOperation(iterations: 20_000_000) { n in
            var acc = x
            for _ in 0..<n { acc = acc * y }
            blackHole(acc)
        }
        report(BenchmarkResult(name: "c_baseline_fr_mul", ns: baseline))
        report(BenchmarkResult(
            name: "fr_mul_vs_c", ns: frMulAgain, extra: [("baseline_ns", baseline), ("ratio", frMulAgain / baseline)]))
    }

    /// Distinct points cheaply: a random start plus multiples of a random step.
    static func points<C: CurveParameters>(_ curve: C.Type, count: Int, generator: inout SeededRandom) -> [AffinePoint<C>] {
        let step = JacobianPoint<C>.generator.multiplied(by: .random(using: &generator)).affine
        var current = JacobianPoint<C>.generator.multiplied(by: .random(using: &generator))
        var projective = [JacobianPoint<C>]()
        projective.reserveCapacity(count)
        for _ in 0..<count {
            projective.append(current)
            current = current + step
        }
        return JacobianPoint<C>.batchAffine(projective)
    }

    func msmRows(report: (BenchmarkResult) -> Void, generator: inout SeededRandom) throws {
        let g1Points = Self.points(G1Curve.self, count: 1 << 18, generator: &generator)
        let scalars = (0..<(1 << 18)).map { _ in Fr.random(using: &generator) }
        let small = Array(g1Points.prefix(1 << 16)), smallScalars = Array(scalars.prefix(1 << 16))
        report(BenchmarkResult(name: "g1_msm_2^16", ns: BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
            blackHole(MultiScalarMultiplication.compute(points: small, scalars: smallScalars, threads: threads))
        }))
        let full = BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
            blackHole(MultiScalarMultiplication.compute(points: g1Points, scalars: scalars, threads: threads))
        }
        report(BenchmarkResult(name: "g1_msm_2^18", ns: full))
        let single = BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
            blackHole(MultiScalarMultiplication.compute(points: g1Points, scalars: scalars, threads: 1))
        }
        report(BenchmarkResult(
            name: "g1_msm_2^18_1_thread", ns: single,
            extra: [("threads_speedup", single / full), ("threads", Double(threads))]))
        if blockWitnessScalars.count == g1Points.count {
            let witness = BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
                blackHole(MultiScalarMultiplication.compute(points: g1Points, scalars: blockWitnessScalars, threads: threads))
            }
            let trivial = blockWitnessScalars.filter { $0 == .zero || $0 == .one }.count
            report(BenchmarkResult(
                name: "g1_msm_2^18_block_witness", ns: witness,
                extra: [("zero_or_one_share", Double(trivial) / Double(blockWitnessScalars.count)), ("vs_random", witness / full)]))
        }

        let g2Points = Self.points(G2Curve.self, count: 1 << 16, generator: &generator)
        report(BenchmarkResult(name: "g2_msm_2^16", ns: BenchmarkClock.perOperation(iterations: 1, repeats: 3) { _ in
            blackHole(MultiScalarMultiplication.compute(points: g2Points, scalars: smallScalars, threads: threads))
        }))
    }
}
