import Algebra
import Support
import Testing

/// Group laws, known multiples (from py_ecc), validity checks and the snarkjs
/// encoding, for G1 and G2.
struct CurveTests {
    func checkGroupLaws<C: CurveParameters>(_ curve: C.Type) {
        var g = SeededRandom(seed: 21)
        let generator = JacobianPoint<C>.generator
        let points = (0..<4).map { _ in generator.multiplied(by: .random(using: &g)) }
        let (p, q, r) = (points[0], points[1], points[2])
        #expect((p + q) + r == p + (q + r))
        #expect(p + q == q + p)
        #expect(p + JacobianPoint<C>.infinity == p)
        #expect(p - p == .infinity)
        #expect(p + p == p.doubled())
        #expect(p + p.affine == p.doubled())
        #expect(p + q.affine == p + q)
        #expect((p + q).affine.isOnCurve)
        // Scalar multiplication is a homomorphism from Fr.
        let a = Fr.random(using: &g), b = Fr.random(using: &g)
        #expect(generator.multiplied(by: a + b) == generator.multiplied(by: a) + generator.multiplied(by: b))
        #expect(generator.multiplied(by: a * b) == generator.multiplied(by: a).multiplied(by: b))
        // The generator has order r.
        #expect(generator.multiplied(byLimbs: FrParameters.derived.modulusLimbs).isInfinity)
        #expect(!generator.multiplied(by: -Fr.one).isInfinity)
        #expect(JacobianPoint<C>.batchAffine(points + [.infinity]) == points.map(\.affine) + [.infinity])
    }

    @Test func g1GroupLaws() { checkGroupLaws(G1Curve.self) }
    @Test func g2GroupLaws() { checkGroupLaws(G2Curve.self) }

    @Test func multiplesMatchPyEcc() throws {
        let fixture = try ReferenceFixture.load()
        for entry in fixture.g1Multiples {
            let point = G1Projective.generator.multiplied(by: try Fr(decimal: entry.scalar)).affine
            #expect(point.snarkjs == entry.point + ["1"], "G1 × \(entry.scalar)")
        }
        for entry in fixture.g2Multiples {
            let point = G2Projective.generator.multiplied(by: try Fr(decimal: entry.scalar)).affine
            #expect(point.snarkjs == entry.point + [["1", "0"]], "G2 × \(entry.scalar)")
        }
        #expect(fixture.g1Multiples.count >= 10 && fixture.g2Multiples.count >= 10)
    }

    @Test func snarkjsRoundTrip() throws {
        var g = SeededRandom(seed: 22)
        let p1 = G1Projective.generator.multiplied(by: .random(using: &g)).affine
        let p2 = G2Projective.generator.multiplied(by: .random(using: &g)).affine
        #expect(try G1Affine(snarkjs: p1.snarkjs) == p1)
        #expect(try G2Affine(snarkjs: p2.snarkjs) == p2)
        #expect(try G1Affine(snarkjs: G1Affine.infinity.snarkjs) == .infinity)
        #expect(try G2Affine(snarkjs: G2Affine.infinity.snarkjs) == .infinity)
    }

    @Test func malformedPointsAreRejected() {
        #expect(throws: CurveDecodingError.notOnCurve) { try G1Affine(snarkjs: ["1", "3", "1"]) }
        #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjs: ["1", "2"]) }
        #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjs: ["1", "2", "7"]) }
        #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjs: ["x", "2", "1"]) }
        let g2 = G2Affine.generator.snarkjs
        #expect(throws: CurveDecodingError.notOnCurve) {
            try G2Affine(snarkjs: [g2[0], [g2[1][0], "5"], ["1", "0"]])
        }
        #expect(throws: CurveDecodingError.self) { try G2Affine(snarkjs: [g2[0], g2[1]]) }
    }

    /// A point on the twist that is not in G2: found by trying x = 1, 2, ….
    @Test func g2SubgroupCheckRejectsTwistPointsOutsideG2() throws {
        var x = Fq2(Fq(1), .zero)
        var point: G2Affine?
        while point == nil {
            let rhs = x.squared() * x + G2Curve.b
            if let y = Self.fq2SquareRoot(rhs) { point = G2Affine(x: x, y: y) }
            x = x + .one
        }
        let outside = try #require(point)
        #expect(outside.isOnCurve)
        #expect(!outside.isValidGroupElement)
        #expect(throws: CurveDecodingError.notInSubgroup) { try G2Affine(snarkjs: outside.snarkjs) }
        #expect(G2Affine.generator.isValidGroupElement)
    }

    /// A square root in Fq2 (q ≡ 3 mod 4), used only to find test points.
    static func fq2SquareRoot(_ a: Fq2) -> Fq2? {
        // Norm test, then the complex method: for a = a0 + a1·u with norm n,
        // x0² = (a0 ± √n)/2, x1 = a1 / (2·x0).
        guard let n = (a.c0.squared() + a.c1.squared()).squareRoot() else { return nil }
        let half = Fq(2).inverse()!
        for candidate in [(a.c0 + n) * half, (a.c0 - n) * half] {
            if let x0 = candidate.squareRoot(), !x0.isZero {
                let root = Fq2(x0, a.c1 * (x0.doubled()).inverse()!)
                if root.squared() == a { return root }
            }
        }
        return nil
    }
}
