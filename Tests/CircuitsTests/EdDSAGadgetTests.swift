import Algebra
import Circuits
import Primitives
import R1CS
import Support
import Testing

/// The EdDSA gadget accepts exactly what the native verifier accepts.
struct EdDSAGadgetTests {
    static let key = try! EdDSAPrivateKey(hex: "0001020304050607080900010203040506070809000102030405060708090001")
    static let message = Fr(123_456_789)

    /// Synthesizes the gadget with these witness values.
    static func check(message: Fr, key: EdDSAPublicKey, r8x: Fr, r8y: Fr, s: Fr, enabled: Bool = true) throws -> ConstraintChecker {
        var cs = ConstraintChecker()
        let m = try cs.allocate("m", value: message)
        let ax = try cs.allocate("Ax", value: key.x), ay = try cs.allocate("Ay", value: key.y)
        let rx = try cs.allocate("R8x", value: r8x), ry = try cs.allocate("R8y", value: r8y)
        let sv = try cs.allocate("S", value: s)
        try EdDSAGadget.enforceValid(
            message: LinearCombination(m), publicKey: PointExpression(x: LinearCombination(ax), y: LinearCombination(ay)),
            r8: PointExpression(x: LinearCombination(rx), y: LinearCombination(ry)), s: LinearCombination(sv),
            enabled: LinearCombination(constant: enabled ? .one : .zero), &cs, "eddsa")
        return cs
    }

    static func signature() -> (Fr, Fr, Fr) {
        let signature = key.sign(message)
        let (x, y) = signature.r8Affine
        return (x, y, signature.s)
    }

    @Test func validSignatureSatisfiesWithPinnedCost() throws {
        let (x, y, s) = Self.signature()
        let cs = try Self.check(message: Self.message, key: Self.key.publicKey, r8x: x, r8y: y, s: s)
        #expect(cs.isSatisfied, "\(cs.whichIsUnsatisfied ?? "")")
        #expect(cs.constraintCount == 4_711)
    }

    @Test func circomlibjsVectorSatisfies() throws {
        // circomlibjs test/eddsa.js: the Poseidon signature of bytes 00…09 00 00.
        let message = try Fr(hex: "0x000009080706050403020100")
        let cs = try Self.check(
            message: message, key: Self.key.publicKey,
            r8x: try Fr(decimal: "11384336176656855268977457483345535180380036354188103142384839473266348197733"),
            r8y: try Fr(decimal: "15383486972088797283337779941324724402501462225528836549661220478783371668959"),
            s: try Fr(decimal: "1672775540645840396591609181675628451599263765380031905495115170613215233181"))
        #expect(cs.isSatisfied)
    }

    @Test func forgeriesAreUnsatisfiable() throws {
        let (x, y, s) = Self.signature()
        let other = EdDSAPrivateKey.generate().publicKey
        #expect(!(try Self.check(message: Self.message + .one, key: Self.key.publicKey, r8x: x, r8y: y, s: s)).isSatisfied)
        #expect(!(try Self.check(message: Self.message, key: other, r8x: x, r8y: y, s: s)).isSatisfied)
        #expect(!(try Self.check(message: Self.message, key: Self.key.publicKey, r8x: x, r8y: y, s: s + .one)).isSatisfied)
        // S + l satisfies the curve equation but is not canonical.
        let malleable = try Self.check(message: Self.message, key: Self.key.publicKey, r8x: x, r8y: y, s: s + BabyJubJubPoint.subgroupOrder)
        #expect(malleable.whichIsUnsatisfied == "eddsa S < l is below the constant")
        let offCurve = try Self.check(message: Self.message, key: Self.key.publicKey, r8x: x, r8y: y + .one, s: s)
        #expect(!offCurve.isSatisfied)
    }

    /// A disabled check (a padding slot) accepts a wrong signature but still
    /// needs a well-formed one: R8 on the curve, S canonical.
    @Test func disabledCheckGatesOnlyTheEquation() throws {
        let (x, y, s) = Self.signature()
        #expect(try Self.check(message: Self.message + .one, key: Self.key.publicKey, r8x: x, r8y: y, s: s, enabled: false).isSatisfied)
        #expect(!(try Self.check(message: Self.message, key: Self.key.publicKey, r8x: x, r8y: y + .one, s: s, enabled: false)).isSatisfied)
    }
}
