import Algebra
import Circuits
import R1CS
import Testing

/// The builder's modes agree, the helpers cost what they say, and the
/// checker names the first broken constraint.
struct ConstraintSystemTests {
    /// A small circuit using every helper: out = select(bit, x·y, x + y),
    /// with out public.
    struct HelperCircuit: Circuit {
        var x: Fr?
        var y: Fr?
        var bit: Bool?
        /// Replaces the claimed output, to break the witness.
        var claimedOutput: Fr?

        var name: String { "helpers" }

        static func expected(x: Fr, y: Fr, bit: Bool) -> Fr { bit ? x * y : x + y }

        func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
            let a = try cs.allocate("x", value: x)
            let b = try cs.allocate("y", value: y)
            let condition = try cs.allocateBoolean("bit", value: bit)
            let product = try cs.multiply("x*y", LinearCombination(a), LinearCombination(b))
            let chosen = try cs.namespace("choose") { cs in
                try cs.select("out", condition: condition, LinearCombination(product), a + b)
            }
            var outValue = cs.value(of: chosen)
            if let claimedOutput { outValue = claimedOutput }
            let out = try cs.allocatePublic("out", value: outValue)
            cs.enforceEqual("out matches", LinearCombination(out), LinearCombination(chosen))
        }
    }

    @Test func helperConstraintCountsArePinned() throws {
        // boolean 1 + product 1 + select 1 + equality 1.
        let r1cs = try R1CS(HelperCircuit())
        #expect(r1cs.constraintCount == 4)
        #expect(r1cs.publicCount == 2)  // one, out
        #expect(r1cs.privateCount == 5)  // x, y, bit, x*y, select result
        #expect(r1cs.inputCount == 1)
    }

    @Test(arguments: [true, false])
    func validWitnessSatisfies(bit: Bool) throws {
        let circuit = HelperCircuit(x: 6, y: 7, bit: bit)
        let checker = try ConstraintChecker(circuit)
        #expect(checker.isSatisfied)
        #expect(checker.whichIsUnsatisfied == nil)
        #expect(checker.constraintCount == 4)
        #expect(checker.inputs == [HelperCircuit.expected(x: 6, y: 7, bit: bit)])
        // The recorded matrices agree with the witness.
        let witness = try WitnessAssignment(circuit)
        #expect(try R1CS(HelperCircuit()).firstUnsatisfied(witness.assignment) == nil)
    }

    @Test func tamperedWitnessIsNamed() throws {
        let checker = try ConstraintChecker(HelperCircuit(x: 6, y: 7, bit: true, claimedOutput: 13))
        #expect(!checker.isSatisfied)
        #expect(checker.whichIsUnsatisfied == "out matches")
        let witness = try WitnessAssignment(HelperCircuit(x: 6, y: 7, bit: true, claimedOutput: 13))
        #expect(try R1CS(HelperCircuit()).firstUnsatisfied(witness.assignment) == 3)
    }

    /// A "boolean" given the value 2 breaks the boolean constraint, named
    /// with its namespace path.
    @Test func nonBooleanIsCaught() throws {
        struct TwoAsBoolean: Circuit {
            var name: String { "two" }
            func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
                try cs.namespace("gadget") { cs in
                    let bit = try cs.allocate("b", value: cs.computesValues ? Fr(2) : nil)
                    cs.enforce("b is boolean", LinearCombination(bit), LinearCombination(constant: .one) - bit, .zero)
                }
            }
        }
        let checker = try ConstraintChecker(TwoAsBoolean())
        #expect(checker.whichIsUnsatisfied == "gadget/b is boolean")
    }

    @Test func missingWitnessIsReported() {
        #expect(throws: ConstraintSystemError.missingWitness("x")) { try ConstraintChecker(HelperCircuit(y: 1, bit: true)) }
    }

    @Test func sBoxChainCostsThreeConstraintsPerRound() throws {
        for rounds in [1, 5, 40] {
            let r1cs = try R1CS(SBoxChainCircuit(rounds: rounds, input: nil))
            #expect(r1cs.constraintCount == 3 * rounds + 1)
            let checker = try ConstraintChecker(SBoxChainCircuit(rounds: rounds, input: 11))
            #expect(checker.isSatisfied)
            #expect(checker.inputs == [11, SBoxChainCircuit.output(rounds: rounds, input: 11)])
        }
    }

    @Test func digestIdentifiesTheConstraints() throws {
        let a = try R1CS(SBoxChainCircuit(rounds: 5, input: nil)).digest
        #expect(a == (try R1CS(SBoxChainCircuit(rounds: 5, input: nil)).digest))
        #expect(a != (try R1CS(SBoxChainCircuit(rounds: 6, input: nil)).digest))
        #expect(a.count == 32)
    }
}
