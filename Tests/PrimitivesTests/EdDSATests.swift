import Algebra
import Primitives
import Support
import Testing

/// BLAKE-512, BabyJubJub and EdDSA-Poseidon against circomlibjs' test
/// vectors (test/eddsa.js), plus tampering.
struct EdDSATests {
    static let privateKeyHex = "0001020304050607080900010203040506070809000102030405060708090001"
    /// The bytes 00 … 09 followed by two zero bytes, read little-endian.
    static let message = try! Fr(hex: "0x0000090807060504030201 00".replacingOccurrences(of: " ", with: ""))

    static func hex(_ bytes: [UInt8]) -> String { bytes.hexString }

    @Test func blake512KnownAnswers() {
        // From the BLAKE submission: the one-byte message 0x00 and 144 zero bytes.
        #expect(Self.hex(BLAKE512.hash([0])) == "97961587f6d970faba6d2478045de6d1fabd09b61ae50932054d52bc29d31be4ff9102b9f69e2bbdb83be13d4b9c06091e5fa0b48bd081b634058be0ec49beb3")
        #expect(Self.hex(BLAKE512.hash([UInt8](repeating: 0, count: 144))) == "313717d608e9cf758dcb1eb0f0c3cf9fc150b2d500fb33f51c52afc99d358a2f1374b8a38bba7974e7f6ef79cab16f22ce1e649d6e01ad9589c213045d545dde")
    }

    @Test func circomlibjsKeyAndSignature() throws {
        let key = try EdDSAPrivateKey(hex: Self.privateKeyHex)
        let publicKey = key.publicKey
        #expect(publicKey.x.decimalString == "13277427435165878497778222415993513565335242147425444199013288855685581939618")
        #expect(publicKey.y.decimalString == "13622229784656158136036771217484571176836296686641868549125388198837476602820")

        let signature = key.sign(Self.message)
        let (rx, ry) = signature.r8Affine
        #expect(rx.decimalString == "11384336176656855268977457483345535180380036354188103142384839473266348197733")
        #expect(ry.decimalString == "15383486972088797283337779941324724402501462225528836549661220478783371668959")
        #expect(signature.s.decimalString == "1672775540645840396591609181675628451599263765380031905495115170613215233181")
        #expect(Self.hex(signature.packed) == "dfedb4315d3f2eb4de2d3c510d7a987dcab67089c8ace06308827bf5bcbe02a2"
            + "9d043ece562a8f82bfc0adb640c0107a7d3a27c1c7c1a6179a0da73de5c1b203")
        #expect(try EdDSASignature(packed: signature.packed) == signature)
        #expect(EdDSAVerifier.verify(Self.message, signature: signature, key: publicKey))
    }

    @Test func tamperedSignaturesFail() throws {
        let key = try EdDSAPrivateKey(hex: Self.privateKeyHex)
        let signature = key.sign(Self.message)
        let (rx, ry) = signature.r8Affine
        // Another message, another key, another S.
        #expect(!EdDSAVerifier.verify(Self.message + .one, signature: signature, key: key.publicKey))
        let other = EdDSAPrivateKey.generate()
        #expect(!EdDSAVerifier.verify(Self.message, signature: signature, key: other.publicKey))
        let shifted = try EdDSASignature(r8x: rx, r8y: ry, s: signature.s + .one)
        #expect(!EdDSAVerifier.verify(Self.message, signature: shifted, key: key.publicKey))
        // S + l verifies the same equation but is not canonical: refused.
        let malleable = signature.s + BabyJubJubPoint.subgroupOrder
        #expect(throws: EdDSAError.nonCanonicalS) { try EdDSASignature(r8x: rx, r8y: ry, s: malleable) }
        // R8 off the curve.
        #expect(throws: EdDSAError.self) { try EdDSASignature(r8x: rx, r8y: ry + .one, s: signature.s) }
    }

    /// The windowed scalar multiplication against plain double-and-add:
    /// zero, one, all ones (a carry out of the top window), a 257-bit
    /// scalar (8·h in verification) and random scalars.
    @Test func windowedMultiplicationMatchesDoubleAndAdd() {
        func doubleAndAdd(_ point: BabyJubJubPoint, _ limbs: [UInt64]) -> BabyJubJubPoint {
            var result = BabyJubJubPoint.identity
            for limb in limbs.reversed() {
                for bit in stride(from: 63, through: 0, by: -1) {
                    result = result.doubled()
                    if (limb >> UInt64(bit)) & 1 == 1 { result = result + point }
                }
            }
            return result
        }
        var generator = SeededRandom(seed: 57)
        let point = BabyJubJubPoint.base8.multiplied(byLimbs: [12_345])
        var scalars: [[UInt64]] = [[0, 0, 0, 0], [1, 0, 0, 0], [.max, .max, .max, .max], [.max, 0, .max, 0, 1], [0b1011_1111, 0, 0, 0]]
        for _ in 0..<6 { scalars.append((0..<4).map { _ in generator.next() }) }
        for limbs in scalars {
            #expect(point.multiplied(byLimbs: limbs) == doubleAndAdd(point, limbs), "\(limbs)")
        }
    }

    @Test func lowOrderComponentsAreRefused() throws {
        // (0, −1) has order 2: on the curve, outside the prime subgroup.
        let lowOrder = BabyJubJubPoint(x: .zero, y: -.one)
        #expect(lowOrder.isOnCurve && !lowOrder.isInSubgroup)
        #expect(throws: EdDSAError.publicKeyNotInSubgroup) { try EdDSAPublicKey(x: .zero, y: -.one) }
        // The identity is in the subgroup, but every signature verifies under it.
        #expect(throws: EdDSAError.publicKeyIsIdentity) { try EdDSAPublicKey(x: .zero, y: .one) }
        // R8 + (0, −1) passes the curve check but not verification.
        let key = try EdDSAPrivateKey(hex: Self.privateKeyHex)
        let signature = key.sign(Self.message)
        let (x, y) = (signature.r8 + lowOrder).affine
        let twisted = try EdDSASignature(r8x: x, r8y: y, s: signature.s)
        #expect(!EdDSAVerifier.verify(Self.message, signature: twisted, key: key.publicKey))
    }

    @Test func freshKeysSignAndVerify() throws {
        var generator = SeededRandom(seed: 101)
        for _ in 0..<5 {
            let key = EdDSAPrivateKey.generate()
            let message = Fr.random(using: &generator)
            let signature = key.sign(message)
            #expect(EdDSAVerifier.verify(message, signature: signature, key: key.publicKey))
            #expect(try EdDSAPublicKey(packed: key.publicKey.packed) == key.publicKey)
        }
    }

    @Test func packingRejectsGarbage() {
        #expect(throws: EdDSAError.wrongSignatureLength(63)) { try EdDSASignature(packed: [UInt8](repeating: 0, count: 63)) }
        #expect(throws: EdDSAError.wrongKeyLength(31)) { try EdDSAPrivateKey(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: EdDSAError.self) { try EdDSAPrivateKey(hex: "zz") }
        #expect(throws: EdDSAError.self) { try EdDSAPublicKey(packed: [UInt8](repeating: 0xFF, count: 32)) }
    }
}
