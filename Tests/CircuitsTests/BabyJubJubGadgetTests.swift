import Algebra
import Circuits
import Primitives
import R1CS
import R1CSTesting
import Testing

/// Scalar multiplications in constraints against native BabyJubJub.
struct BabyJubJubGadgetTests {
    static func bits(of scalar: GMPInteger, count: Int) -> [Bool] { (0..<count).map { scalar.testBit($0) } }

    static func randomScalar(bits count: Int) -> GMPInteger {
        Fr.random().integer % (GMPInteger(1) << count)
    }

    static func allocate<CS: ConstraintSystem>(_ bits: [Bool], _ cs: inout CS) throws -> [Variable] {
        try bits.enumerated().map { try cs.allocateBoolean("bit \($0.offset)", value: $0.element) }
    }

    /// The ladder's result, G + k·Q, matches native arithmetic; its cost is 9 per bit.
    @Test func montgomeryLadderMatchesNative() throws {
        let q = EdDSAPrivateKey.generate().publicKey.point.doubled().doubled().doubled()
        let scalar = Self.randomScalar(bits: 254)
        func run<CS: ConstraintSystem>(_ cs: inout CS) throws -> PointExpression {
            let (qx, qy) = q.affine
            let x = try cs.allocate("Qx", value: qx), y = try cs.allocate("Qy", value: qy)
            let bits = try Self.allocate(Self.bits(of: scalar, count: 254), &cs)
            return try MontgomeryGadget.multiply(PointExpression(x: LinearCombination(x), y: LinearCombination(y)), bits: bits, &cs, "ladder")
        }
        var cs = ConstraintChecker()
        let result = try run(&cs)
        #expect(cs.isSatisfied)
        #expect(cs.constraintCount - 254 == 2_286)
        let expected = (MontgomeryGadget.offset + q.multiplied(by: scalar)).affine
        #expect(cs.value(of: result.x) == expected.x && cs.value(of: result.y) == expected.y)

        // Allocations 1–256 are the point and the scalar's bits (a flipped bit is just another scalar); the ladder's follow.
        for allocation in [257, 300, 900, 2_000] {
            var corrupted = CorruptingSystem(inner: ConstraintChecker(), corruptAllocation: allocation)
            _ = try run(&corrupted)
            #expect(!corrupted.inner.isSatisfied, "allocation \(allocation)")
        }
    }

    /// The offset has order exactly 4, so it lies outside the prime subgroup.
    @Test func ladderOffsetHasOrderFour() {
        let offset = MontgomeryGadget.offset
        #expect(offset.isOnCurve)
        #expect(offset.doubled() != .identity)
        #expect(offset.doubled().doubled() == .identity)
    }

    /// A base of low order (an identity 8·A) has no satisfying witness.
    @Test func identityBaseIsUnsatisfiable() throws {
        var cs = ConstraintChecker()
        let x = try cs.allocate("Qx", value: .zero), y = try cs.allocate("Qy", value: .one)
        let bits = try Self.allocate([true, false, true], &cs)
        _ = try MontgomeryGadget.multiply(PointExpression(x: LinearCombination(x), y: LinearCombination(y)), bits: bits, &cs, "ladder")
        #expect(!cs.isSatisfied)
    }

    /// Windowed fixed-base multiplication with an offset matches native; 840 constraints for 253 bits.
    @Test(arguments: [253, 7, 2])
    func fixedBaseMatchesNative(bitCount: Int) throws {
        let scalar = Self.randomScalar(bits: bitCount)
        var cs = ConstraintChecker()
        let bits = try Self.allocate(Self.bits(of: scalar, count: bitCount), &cs)
        let result = try BabyJubJubGadget.multiply(
            constant: BabyJubJubPoint.base8, bits: bits, offset: MontgomeryGadget.offset, &cs, "fixed")
        #expect(cs.isSatisfied)
        if bitCount == 253 { #expect(cs.constraintCount - 253 == 840) }
        let expected = (MontgomeryGadget.offset + BabyJubJubPoint.base8.multiplied(by: scalar)).affine
        #expect(cs.value(of: result.x) == expected.x && cs.value(of: result.y) == expected.y)
    }
}
