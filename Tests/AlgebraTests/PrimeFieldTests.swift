import Algebra
import Support
import Testing

/// Every prime-field operation, property-tested against GMP's mpz for both
/// BN254 fields.
struct PrimeFieldTests {
    static let iterations = 300

    /// Random elements, plus the edge values 0, 1, 2 and q − 1.
    static func samples<P>(_ type: PrimeFieldElement<P>.Type, seed: UInt64) -> [PrimeFieldElement<P>] {
        var generator = SeededRandom(seed: seed)
        let edges: [PrimeFieldElement<P>] = [.zero, .one, PrimeFieldElement<P>(2), -.one]
        return edges + (0..<iterations).map { _ in .random(using: &generator) }
    }

    static func modulus<P>(_ type: PrimeFieldElement<P>.Type) -> GMPInteger {
        GMPInteger(PrimeFieldElement<P>.modulusDecimal, radix: 10)!
    }

    func checkArithmeticAgainstGMP<P>(_ type: PrimeFieldElement<P>.Type) {
        let q = Self.modulus(type)
        let a = Self.samples(type, seed: 1), b = Self.samples(type, seed: 2)
        for (x, y) in zip(a, b) {
            let gx = x.integer, gy = y.integer
            #expect((x + y).integer == (gx + gy) % q)
            #expect((x - y).integer == (gx - gy) % q)
            #expect((-x).integer == (GMPInteger(0) - gx) % q)
            #expect((x * y).integer == (gx * gy) % q)
            #expect(x.squared().integer == (gx * gx) % q)
            #expect(x.doubled().integer == (gx + gx) % q)
            if x.isZero {
                #expect(x.inverse() == nil)
            } else {
                #expect(x.inverse()!.integer == gx.inverse(modulus: q)!)
            }
            let exponent = y.canonicalLimbs
            #expect(x.pow(exponent).integer == gx.power(GMPInteger(limbs: exponent), modulus: q))
            #expect(x.legendre == gx.legendre(q))
        }
    }

    @Test func frArithmeticMatchesGMP() { checkArithmeticAgainstGMP(Fr.self) }
    @Test func fqArithmeticMatchesGMP() { checkArithmeticAgainstGMP(Fq.self) }

    func checkSquareRoots<P>(_ type: PrimeFieldElement<P>.Type) {
        for x in Self.samples(type, seed: 3).prefix(60) {
            let square = x.squared()
            let root = square.squareRoot()
            #expect(root != nil && root!.squared() == square)
            if x.legendre == -1 { #expect(x.squareRoot() == nil) }
        }
    }

    @Test func frSquareRoots() { checkSquareRoots(Fr.self) }
    @Test func fqSquareRoots() { checkSquareRoots(Fq.self) }

    @Test func batchInversionMatchesSingleInversions() {
        var values = Self.samples(Fr.self, seed: 4)
        let expected = values.map { $0.inverse() ?? .zero }
        Fr.batchInvert(&values)
        #expect(values == expected)
    }

    @Test func fieldLaws() {
        let a = Self.samples(Fq.self, seed: 5), b = Self.samples(Fq.self, seed: 6), c = Self.samples(Fq.self, seed: 7)
        for i in a.indices {
            #expect((a[i] * b[i]) * c[i] == a[i] * (b[i] * c[i]))
            #expect(a[i] * (b[i] + c[i]) == a[i] * b[i] + a[i] * c[i])
            #expect(a[i] + b[i] == b[i] + a[i])
            #expect(a[i] - a[i] == .zero)
            if !a[i].isZero { #expect(a[i] * a[i].inverse()! == .one) }
        }
    }

    func checkEncodings<P>(_ type: PrimeFieldElement<P>.Type) throws {
        for x in Self.samples(type, seed: 8).prefix(100) {
            #expect(try PrimeFieldElement<P>(decimal: x.decimalString) == x)
            #expect(try PrimeFieldElement<P>(hex: x.hexString) == x)
            #expect(try PrimeFieldElement<P>(bigEndianBytes: x.bigEndianBytes) == x)
            #expect(x.hexString.count == 66)
            #expect(GMPInteger(String(x.hexString.dropFirst(2)), radix: 16)! == x.integer)
        }
    }

    @Test func frEncodingsRoundTrip() throws { try checkEncodings(Fr.self) }
    @Test func fqEncodingsRoundTrip() throws { try checkEncodings(Fq.self) }

    @Test func knownEncodings() throws {
        #expect(try Fr(decimal: "0") == .zero)
        #expect(Fr(1).hexString == "0x" + String(repeating: "0", count: 63) + "1")
        #expect((-Fr.one).decimalString == "21888242871839275222246405745257275088548364400416034343698204186575808495616")
        #expect(Fr(256).bigEndianBytes == [UInt8](repeating: 0, count: 30) + [1, 0])
    }

    @Test func nonCanonicalInputIsRejected() {
        let r = Fr.modulusDecimal
        #expect(throws: FieldEncodingError.notBelowModulus(value: r, modulus: r)) { try Fr(decimal: r) }
        for bad in ["", "-1", "+1", "12a", " 1", "0x10", "1.5"] {
            #expect(throws: FieldEncodingError.notAnInteger(bad)) { try Fr(decimal: bad) }
        }
        #expect(throws: FieldEncodingError.notAnInteger("0xzz")) { try Fr(hex: "0xzz") }
        #expect(throws: FieldEncodingError.wrongByteCount(expected: 32, actual: 31)) {
            try Fr(bigEndianBytes: [UInt8](repeating: 0, count: 31))
        }
        #expect(throws: FieldEncodingError.self) { try Fr(bigEndianBytes: [UInt8](repeating: 0xff, count: 32)) }
    }

    @Test func randomSamplesAreCanonicalAndVaried() {
        let q = Self.modulus(Fr.self)
        var seen = Set<Fr>()
        for _ in 0..<200 {
            let x = Fr.random()
            #expect(x.integer < q)
            seen.insert(x)
        }
        #expect(seen.count == 200)
    }
}
