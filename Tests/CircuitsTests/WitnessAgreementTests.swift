import Algebra
import Circuits
import Primitives
import R1CS
import RollupTypes
import Testing

/// The prover's witness (``WitnessAssignment``, which takes Poseidon's
/// constraints by value) against the constraints that setup records: the
/// same variables, and for every constraint the same A·w, B·w and C·w as
/// the recorded matrices give over the assignment.
struct WitnessAgreementTests {
    typealias Fixture = BlockFixture

    /// Compares `witness` with `r1cs` row by row; returns the number of rows checked.
    static func expectAgreement(_ witness: WitnessAssignment, _ r1cs: R1CS) -> Int {
        let assignment = witness.assignment
        #expect(assignment.count == r1cs.variableCount)
        #expect(witness.aValues.count == r1cs.constraintCount)
        guard assignment.count == r1cs.variableCount, witness.aValues.count == r1cs.constraintCount else { return 0 }
        var mismatches = 0
        for j in 0..<r1cs.constraintCount
        where r1cs.a.dot(row: j, assignment) != witness.aValues[j] || r1cs.b.dot(row: j, assignment) != witness.bValues[j]
            || r1cs.c.dot(row: j, assignment) != witness.cValues[j] {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(witness.firstUnsatisfied == r1cs.firstUnsatisfied(assignment))
        return r1cs.constraintCount
    }

    @Test func transferBlock() async throws {
        let circuit = try TransferCircuit(block: try await Fixture.honestTransferBlock(), parameters: Fixture.parameters)
        let witness = try WitnessAssignment(circuit)
        #expect(witness.firstUnsatisfied == nil)
        #expect(Self.expectAgreement(witness, try R1CS(circuit)) > 0)
    }

    @Test func depositBlock() async throws {
        let keeper = try Fixture.keeper()
        let block = try await Fixture.tickBlock(keeper, [
            .deposit(Deposit(account: nil, publicKey: EdDSAPrivateKey.generate().publicKey, amount: 70, bridgeSequence: 1).signed(by: Fixture.bridge, chain: Fixture.chainID)),
            .deposit(Deposit(account: try AccountID(2), publicKey: Fixture.bob.publicKey, amount: 5, bridgeSequence: 2).signed(by: Fixture.bridge, chain: Fixture.chainID)),
        ])
        let circuit = try DepositCircuit(block: block, parameters: Fixture.parameters)
        let witness = try WitnessAssignment(circuit)
        #expect(witness.firstUnsatisfied == nil)
        #expect(Self.expectAgreement(witness, try R1CS(circuit)) > 0)
    }

    /// An exit that overdraws: the prover's witness fails at the same
    /// constraint as the recorded system, the one the checker names.
    @Test func overdrawingExitBlock() async throws {
        let keeper = try Fixture.keeper()
        let exit = try Exit(account: try AccountID(1), amount: 400, fee: try PackedFee(packing: 3), nonce: 3, l1Address: [UInt8](repeating: 0xAB, count: 20))
        let block = try await Fixture.tickBlock(keeper, [.exit(exit.signed(with: Fixture.alice, chain: Fixture.chainID))])
        var overdraft = exit
        overdraft.amount = 10_000
        let circuit = try ExitCircuit(
            block: Fixture.replacing(block, slot: 0, with: .exit(overdraft.signed(with: Fixture.alice, chain: Fixture.chainID))), parameters: Fixture.parameters)
        let witness = try WitnessAssignment(circuit)
        let checker = try ConstraintChecker(circuit)
        #expect(witness.firstUnsatisfied != nil)
        #expect(witness.firstUnsatisfied.map { checker.annotations[$0] } == "slot 0 balance covers amount and fee recomposes")
        #expect(Self.expectAgreement(witness, try R1CS(circuit)) > 0)
    }
}
