import Algebra
import Primitives
import Support
import Testing

/// Poseidon against circomlibjs' own test vectors and values from
/// light-poseidon (an independent Rust implementation with circomlib's
/// constants; scripts/gen_primitive_fixtures.py).
struct PoseidonTests {
    @Test func circomlibjsVectors() throws {
        #expect(try Poseidon.hash([1, 2]) == (try Fr(hex: "0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a")))
        #expect(try Poseidon.hash([1, 2, 3, 4]) == (try Fr(hex: "0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465")))
        #expect(Poseidon.hash(1, 2) == (try Poseidon.hash([1, 2])))
    }

    /// The constants the node makes are those of an independent Python copy
    /// of the procedure (scripts/gen_poseidon_constants.py), width by width.
    @Test func constantsAreThoseOfTheReferenceProcedure() throws {
        func digest(_ values: [Fr]) -> String { SHA256.hash(values.flatMap(\.bigEndianBytes)).hexString }
        for width in 2...7 {
            let parameters = try #require(Poseidon.parameters[width])
            let expected = try #require(PoseidonConstantDigests.byWidth[width])
            #expect(parameters.roundConstants.count == (8 + parameters.partialRounds) * width && parameters.mds.count == width * width)
            #expect(digest(parameters.roundConstants) == expected.constants && digest(parameters.mds) == expected.mds, "width \(width)")
        }
    }

    @Test func lightPoseidonVectors() throws {
        for vector in PrimitiveFixtures.poseidon2 {
            #expect(Poseidon.hash(try Fr(decimal: vector.0), try Fr(decimal: vector.1)) == (try Fr(decimal: vector.2)))
        }
        #expect(PrimitiveFixtures.poseidon2.count >= 8)
    }

    @Test func everyWidthHashesAndDiffers() throws {
        var seen = Set<Fr>()
        for count in 1...6 {
            let inputs = (1...count).map { Fr(UInt64($0)) }
            let digest = try Poseidon.hash(inputs)
            seen.insert(digest)
            var changed = inputs
            changed[count - 1] += .one
            #expect(try Poseidon.hash(changed) != digest)
        }
        #expect(seen.count == 6)
    }

    @Test func inputCountIsChecked() {
        #expect(throws: Poseidon.InputError.unsupportedInputCount(0)) { try Poseidon.hash([]) }
        #expect(throws: Poseidon.InputError.unsupportedInputCount(7)) { try Poseidon.hash([Fr](repeating: 1, count: 7)) }
    }
}

/// The optimized permutation equals the textbook one at every width.
struct PoseidonOptimizationTests {
    @Test(arguments: 2...7)
    func optimizedEqualsReference(width: Int) {
        var generator = SeededRandom(seed: UInt64(width))
        let parameters = Poseidon.parameters[width]!
        for _ in 0..<5 {
            let state = (0..<width).map { _ in Fr.random(using: &generator) }
            #expect(Poseidon.permute(state, parameters) == Poseidon.referencePermute(state, parameters))
        }
        let zero = [Fr](repeating: .zero, count: width)
        #expect(Poseidon.permute(zero, parameters) == Poseidon.referencePermute(zero, parameters))
    }
}

/// The allocation-free width-3 path equals the general one.
struct PoseidonWidth3Tests {
    @Test func specializedPathEqualsGeneralPermutation() throws {
        var generator = SeededRandom(seed: 33)
        for _ in 0..<20 {
            let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
            let general = Poseidon.referencePermute([.zero, a, b], Poseidon.parameters[3]!)[0]
            #expect(Poseidon.hash(a, b) == general)
            let c = Fr.random(using: &generator), d = Fr.random(using: &generator)
            #expect(Poseidon.hash(a, b, c, d) == Poseidon.referencePermute([.zero, a, b, c, d], Poseidon.parameters[5]!)[0])
        }
    }
}
