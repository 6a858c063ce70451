import Algebra
import Circuits
import Primitives
import R1CS
import R1CSTesting
import RollupTypes
import Support
import Testing

/// Each gadget against its native twin, with its constraint count pinned and
/// a tampered witness refused.
struct GadgetTests {
    @Test func bitsDecomposeAndRangeCheck() throws {
        var cs = ConstraintChecker()
        let x = try cs.allocate("x", value: 13)
        let bits = try BitsGadget.decompose(LinearCombination(x), bits: 4, &cs, "x")
        #expect(cs.isSatisfied)
        #expect(cs.constraintCount == 5)
        #expect(bits.map { cs.value(of: $0) } == [1, 0, 1, 1])
        #expect(cs.value(of: BitsGadget.recompose(bits)) == 13)

        var tooBig = ConstraintChecker()
        let y = try tooBig.allocate("y", value: 16)
        try BitsGadget.enforceRange(LinearCombination(y), bits: 4, &tooBig, "y")
        #expect(tooBig.whichIsUnsatisfied == "y recomposes")
    }

    /// A canonical decomposition refuses the bits of value + r.
    @Test func canonicalBitsRefuseAliases() throws {
        var cs = ConstraintChecker()
        let x = try cs.allocate("x", value: 5)
        let bits = try BitsGadget.canonicalBits(LinearCombination(x), &cs, "x")
        #expect(cs.isSatisfied)
        #expect(cs.constraintCount == 611)
        #expect(bits.count == 254)
        // 5 + r fits in 254 bits and recomposes to 5 modulo r, but is not below r.
        let alias = GMPInteger(5) + GMPInteger(Fr.modulusDecimal, radix: 10)!
        var aliased = ConstraintChecker()
        let y = try aliased.allocate("y", value: 5)
        let aliasBits = try (0..<254).map { try aliased.allocateBoolean("y bit \($0)", value: alias.testBit($0)) }
        aliased.enforceEqual("y recomposes", BitsGadget.recompose(aliasBits), LinearCombination(y))
        try ComparisonGadget.enforceLessThan(aliasBits, constant: GMPInteger(Fr.modulusDecimal, radix: 10)!, &aliased, "y < r")
        #expect(aliased.whichIsUnsatisfied == "y < r is below the constant")
    }

    @Test(arguments: 1...6)
    func poseidonGadgetMatchesNative(inputCount: Int) throws {
        var generator = SeededRandom(seed: UInt64(inputCount))
        let values = (0..<inputCount).map { _ in Fr.random(using: &generator) }
        var cs = ConstraintChecker()
        let inputs = try values.enumerated().map { try LinearCombination(cs.allocate("in \($0)", value: $1)) }
        let output = try PoseidonGadget.hash(inputs, &cs, "poseidon")
        #expect(cs.isSatisfied)
        #expect(cs.value(of: output) == (try Poseidon.hash(values)))
        let t = inputCount + 1
        #expect(cs.constraintCount == 3 * (8 * t + Poseidon.parameters[t]!.partialRounds) - 3)
    }

    /// Poseidon over `inputs`: a value k ≥ 0 is private variable k (so a
    /// variable may repeat), a value −k the constant k; the output must equal
    /// the one public input.
    struct PoseidonCircuit: Circuit {
        let inputs: [Int]
        var name: String { "poseidon \(inputs)" }

        func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
            let variables = try (0...max(0, inputs.max()!)).map { try cs.allocate("v\($0)", value: cs.computesValues ? Fr(UInt64(10 + $0)) : nil) }
            let lcs = inputs.map { $0 >= 0 ? LinearCombination(variables[$0]) : LinearCombination(constant: Fr(UInt64(-$0))) }
            let output = try PoseidonGadget.hash(lcs, &cs, "p")
            let expected = try cs.allocatePublic("hash", value: cs.value(of: output))
            cs.enforceEqual("hash matches", output, LinearCombination(expected))
        }
    }

    /// The prover's witness computes Poseidon by values, setup by linear
    /// combinations: both must give the same variables and constraints.
    @Test(arguments: [[0, 1], [0, 0, 1, 2], [-1, 0], [-1, -2, -3], [0, 1, 2, 3, -4]])
    func poseidonByValuesAgreesWithTheRecordedConstraints(inputs: [Int]) throws {
        let circuit = PoseidonCircuit(inputs: inputs)
        let witness = try WitnessAssignment(circuit)
        let values = inputs.map { Fr(UInt64($0 >= 0 ? 10 + $0 : -$0)) }
        #expect(witness.inputs == [try Poseidon.hash(values)])
        #expect(witness.firstUnsatisfied == nil)
        let r1cs = try R1CS(circuit)
        let sBoxes = inputs.allSatisfy { $0 < 0 } ? 0 : 3 * (8 * (inputs.count + 1) + Poseidon.parameters[inputs.count + 1]!.partialRounds) - 3 * inputs.filter { $0 < 0 }.count - 3
        #expect(r1cs.constraintCount == sBoxes + 1)
        #expect(WitnessAgreementTests.expectAgreement(witness, r1cs) == r1cs.constraintCount)
    }

    /// A tampered S-box output in the prover's witness breaks the same
    /// constraint as in the recorded system.
    @Test func tamperedPoseidonWitnessByValuesIsRefused() throws {
        let circuit = PoseidonCircuit(inputs: [0, 1])
        var cs = CorruptingSystem(inner: WitnessAssignment(), corruptAllocation: 40)
        try circuit.synthesize(into: &cs)
        var checker = CorruptingSystem(inner: ConstraintChecker(), corruptAllocation: 40)
        try circuit.synthesize(into: &checker)
        #expect(cs.inner.firstUnsatisfied != nil)
        #expect(cs.inner.firstUnsatisfied.map { checker.inner.annotations[$0] } == checker.inner.whichIsUnsatisfied)
        #expect(checker.inner.whichIsUnsatisfied?.hasPrefix("p round") == true)
        #expect(WitnessAgreementTests.expectAgreement(cs.inner, try R1CS(circuit)) > 0)
    }

    @Test func poseidonCostsArePinned() throws {
        var two = ConstraintRecorder()
        _ = try PoseidonGadget.hash([LinearCombination(try two.allocate("a", value: nil)), LinearCombination(try two.allocate("b", value: nil))], &two, "p")
        #expect(two.constraintCount == 240)  // circomlib's Poseidon(2)
        var four = ConstraintRecorder()
        let inputs = try (0..<4).map { LinearCombination(try four.allocate("in \($0)", value: nil)) }
        _ = try PoseidonGadget.hash(inputs, &four, "p")
        #expect(four.constraintCount == 297)
    }

    @Test func tamperedPoseidonWitnessIsRefused() throws {
        var cs = CorruptingSystem(inner: ConstraintChecker(), corruptAllocation: 40)
        let a = try cs.allocate("a", value: 1), b = try cs.allocate("b", value: 2)
        _ = try PoseidonGadget.hash([LinearCombination(a), LinearCombination(b)], &cs, "poseidon")
        #expect(!cs.inner.isSatisfied)
        #expect(cs.inner.whichIsUnsatisfied?.hasPrefix("poseidon round") == true)
    }

    /// A depth-4 tree: the gadget's root equals the tree's, and costs
    /// 4 · 241 constraints plus the index decomposition.
    @Test func merklePathGadgetMatchesTheTree() throws {
        let key = EdDSAPrivateKey.generate().publicKey
        var tree = AccountTree(depth: 6)
        for id in [0, 3, 9, 14, 37, 62] { try tree.set(try AccountID(id), Account(publicKey: key, balance: UInt128(id * 10), nonce: 1)) }
        // Every position at every level: digits 0 = (0, 0, 0), 9 = (1, 2, 0), 37 = (1, 1, 2), 62 = (2, 3, 3).
        for id in try [0, 9, 37, 62].map({ try AccountID($0) }) {
            let path = tree.path(id)
            func synthesize(sibling tamper: Int?) throws -> ConstraintChecker {
                var cs = ConstraintChecker()
                let root = try cs.allocatePublic("root", value: tree.root)
                let leaf = try cs.allocate("leaf", value: tree.account(id)!.leaf)
                let index = try cs.allocate("index", value: Fr(UInt64(id.value)))
                let bits = try BitsGadget.decompose(LinearCombination(index), bits: 6, &cs, "index")
                let siblings = try path.siblings.enumerated().map { position, sibling in
                    try cs.allocate("sibling \(position)", value: position == tamper ? sibling + .one : sibling)
                }
                let computed = try MerklePathGadget.root(
                    leaf: LinearCombination(leaf), indexBits: bits.map { LinearCombination($0) }, siblings: siblings, &cs, "path")
                cs.enforceEqual("root matches", computed, LinearCombination(root))
                return cs
            }
            let honest = try synthesize(sibling: nil)
            #expect(honest.isSatisfied, "account \(id)")
            #expect(honest.constraintCount == 7 + 3 * 302 + 1)
            #expect(try synthesize(sibling: 4).whichIsUnsatisfied == "root matches")
        }
    }

    @Test func merkleCostAtDepth24() throws {
        var cs = ConstraintRecorder()
        let leaf = try cs.allocate("leaf", value: nil)
        let bits = try (0..<24).map { try cs.allocateBoolean("bit \($0)", value: nil) }
        let siblings = try (0..<36).map { try cs.allocate("sibling \($0)", value: nil) }
        let before = cs.constraintCount
        _ = try MerklePathGadget.root(leaf: LinearCombination(leaf), indexBits: bits.map { LinearCombination($0) }, siblings: siblings, &cs, "path")
        #expect(cs.constraintCount - before == 3_624)
    }
}
