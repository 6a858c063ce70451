import Algebra
import Support
import Testing

/// Pippenger against the naive sum, across sizes, windows and threads.
struct MSMTests {
    func randomInstance<C: CurveParameters>(_ curve: C.Type, count: Int, seed: UInt64) -> ([AffinePoint<C>], [Fr]) {
        var g = SeededRandom(seed: seed)
        let projective = (0..<count).map { _ in JacobianPoint<C>.generator.multiplied(by: .random(using: &g)) }
        var scalars = (0..<count).map { _ in Fr.random(using: &g) }
        // Edge scalars: zero, one, −1 and a point repeated.
        if count > 4 {
            scalars[0] = .zero
            scalars[1] = .one
            scalars[2] = -.one
        }
        return (JacobianPoint<C>.batchAffine(projective), scalars)
    }

    @Test(arguments: [0, 1, 2, 7, 33, 200, 1500])
    func g1MatchesNaiveSum(count: Int) {
        let (points, scalars) = randomInstance(G1Curve.self, count: count, seed: UInt64(count) + 40)
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 2) == expected)
    }

    /// Enough points for wide windows (G1's 2^14 points and their images:
    /// 2,048 buckets, so full batches of 512 additions, groups of buckets
    /// and 256 lanes of 8 buckets in the weighted sum) and several threads
    /// taking windows from one another. Its 2^15 endomorphism-doubled points
    /// take 2 MiB, so they are on huge pages (``HugePageMemory``).
    @Test func largeInstanceMatchesNaiveSum() {
        let (points, scalars) = randomInstance(G1Curve.self, count: 1 << 14, seed: 44)
        #expect(MultiScalarMultiplication.windowBits(for: 2 * points.count) == 12)
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 3) == expected)
    }

    @Test(arguments: [120, 3000])
    func g2MatchesNaiveSum(count: Int) {
        let (points, scalars) = randomInstance(G2Curve.self, count: count, seed: 41)
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 2) == expected)
    }

    /// A witness-like mix: mostly 0 and 1 (one bucket holds most points, so
    /// its pairwise rounds run long), some infinity points, the rest random.
    @Test(arguments: [0.0, 0.5, 0.95, 1.0])
    func zeroAndOneScalarsMatchNaiveSum(trivialShare: Double) {
        var (points, scalars) = randomInstance(G1Curve.self, count: 2500, seed: 43)
        var generator = SeededRandom(seed: 44)
        for index in scalars.indices where Double.random(in: 0..<1, using: &generator) < trivialShare {
            scalars[index] = Bool.random(using: &generator) ? .zero : .one
        }
        for index in stride(from: 3, to: points.count, by: 97) { points[index] = .infinity }
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 3) == expected)
    }

    @Test func skewedScalarsMatchNaiveSum() {
        let (points, _) = randomInstance(G1Curve.self, count: 3000, seed: 42)
        var scalars = [Fr](repeating: 5, count: 3000)
        for index in stride(from: 0, to: 3000, by: 7) { scalars[index] = -Fr(5) }
        scalars[1] = .zero
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MultiScalarMultiplication.compute(points: points + points, scalars: scalars + scalars.map { -$0 }, threads: 2) == .infinity)
    }

    /// Sums that meet the same point (doublings) or its negative (the
    /// identity) inside a bucket's rounds and the weighted sum.
    @Test func equalPointsDoubleAndOppositePointsCancel() {
        let p = G1Affine.generator, q = G1Projective.generator.multiplied(by: 7).affine
        let points = [G1Affine](repeating: p, count: 64) + [G1Affine](repeating: -p, count: 31) + [q, q, -q]
        let scalars = [Fr](repeating: 3, count: points.count)
        let expected = MultiScalarMultiplication.naive(points: points, scalars: scalars)
        #expect(expected == G1Projective.generator.multiplied(by: 3 * 33 + 3 * 7))
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: 1) == expected)
        let g2 = [G2Affine](repeating: .generator, count: 40) + [G2Affine](repeating: -.generator, count: 40)
        #expect(MultiScalarMultiplication.compute(points: g2, scalars: [Fr](repeating: 9, count: 80)) == .infinity)
    }

    @Test func repeatedAndOppositePoints() {
        let p = G1Affine.generator
        let points = [p, p, -p, p, .infinity]
        let scalars: [Fr] = [5, 6, 11, 1, 9]
        #expect(MultiScalarMultiplication.compute(points: points, scalars: scalars) == G1Projective.generator.multiplied(by: 1))
    }
}
