import Algebra
import BlockSamples
import Circuits
import Primitives
import Prover
import R1CS
import RollupTypes
import Testing

/// The block circuits on sealed blocks: honest and padded blocks satisfy
/// them with the old root, new root, commitment and chain id as public inputs, and every broken
/// rule leaves them unsatisfiable, at the constraint that states the rule.
struct BlockCircuitTests {
    typealias Fixture = BlockFixture

    static func check<Slot: BlockSlot>(_ block: SealedBlock, as type: BlockCircuit<Slot>.Type = TransferCircuit.self) throws -> ConstraintChecker {
        try ConstraintChecker(BlockCircuit<Slot>(block: block, parameters: Fixture.parameters))
    }

    @Test func honestTransferBlockSatisfies() async throws {
        let block = try await Fixture.honestTransferBlock()
        let cs = try Self.check(block)
        #expect(cs.isSatisfied, "\(cs.whichIsUnsatisfied ?? "")")
        #expect(cs.inputs == block.publicInputs)
    }

    /// One transfer and a padding slot; and a padding slot whose commitment
    /// claims a change is refused.
    @Test func paddedTransferBlockSatisfies() async throws {
        let keeper = try Fixture.keeper()
        let block = try await Fixture.transferBlock(keeper, [try Fixture.transfer(1, 2, 100, nonce: 3, key: Fixture.alice)])
        #expect(block.transactions[1] == .noop)
        #expect(try Self.check(block).isSatisfied)

        let honest = try await Fixture.honestTransferBlock()
        let changedByPadding = Fixture.rebuilt(
            honest, transactions: [honest.transactions[0], .noop], updates: [honest.updates[0], []], commitment: honest.commitment)
        // The padding slot passes the root through, so the state the rest of the block claims is not reached.
        #expect(try Self.check(changedByPadding).whichIsUnsatisfied == "fee credit old root matches")
    }

    @Test func signaturesMustBeTheSendersOnTheExactMessage() async throws {
        let block = try await Fixture.honestTransferBlock()
        guard let transfer = block.transactions[0].kind as? Transfer else { Issue.record("not a transfer"); return }
        var wrongS = transfer
        let signature = transfer.signature!
        let (r8x, r8y) = signature.r8Affine
        wrongS.signature = try EdDSASignature(r8x: r8x, r8y: r8y, s: signature.s + .one)
        var otherMessage = transfer
        otherMessage.signature = try Fixture.transfer(1, 2, 101, nonce: 3, key: Fixture.alice).signature
        for tampered in [wrongS, transfer.signed(with: Fixture.bob, chain: Fixture.chainID), otherMessage] {
            let cs = try Self.check(Fixture.replacing(block, slot: 0, with: .transfer(tampered)))
            #expect(cs.whichIsUnsatisfied == "slot 0 signature x matches")
        }
    }

    /// The chain id is the fourth public input, and every owner's message
    /// binds it: a transfer or an exit signed for another chain breaks its
    /// slot's signature check, and so does an honest block proved as
    /// another chain's.
    @Test func signaturesBindTheChainID() async throws {
        let other = try ChainConfiguration.genesis(
            parameters: try Fixture.chain().parameters, operatorKey: Fixture.operatorKey.publicKey, bridgePublicKey: Fixture.bridge.publicKey)
        let block = try await Fixture.honestTransferBlock()
        guard let transfer = block.transactions[0].kind as? Transfer else { Issue.record("not a transfer"); return }
        let foreign = transfer.signed(with: Fixture.alice, chain: other.chainID)
        #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .transfer(foreign))).whichIsUnsatisfied == "slot 0 signature x matches")
        #expect(try Self.check(Fixture.rebuilt(block, chainID: other.chainID)).whichIsUnsatisfied == "slot 0 signature x matches")

        let exit = try Exit(account: try AccountID(1), amount: 400, fee: try PackedFee(packing: 3), nonce: 3, l1Address: [UInt8](repeating: 0xAB, count: 20))
        let exits = try await Fixture.tickBlock(try Fixture.keeper(), [.exit(exit.signed(with: Fixture.alice, chain: Fixture.chainID))])
        #expect(try Self.check(exits, as: ExitCircuit.self).isSatisfied)
        #expect(try Self.check(Fixture.replacing(exits, slot: 0, with: .exit(exit.signed(with: Fixture.alice, chain: other.chainID))), as: ExitCircuit.self)
            .whichIsUnsatisfied == "slot 0 signature x matches")
    }

    /// The circuit signs over the account's nonce, so another nonce is another message.
    @Test func noncesMustEqualTheAccounts() async throws {
        let block = try await Fixture.honestTransferBlock()
        for nonce: UInt32 in [2, 4] {
            let tampered = try Fixture.transfer(1, 2, 100, nonce: nonce, key: Fixture.alice)
            #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .transfer(tampered))).whichIsUnsatisfied == "slot 0 signature x matches")
        }
    }

    @Test func overdraftsAndOverflowsAreUnsatisfiable() async throws {
        let block = try await Fixture.honestTransferBlock()
        let overdraft = try Fixture.transfer(1, 2, 10_000, fee: 1, nonce: 3, key: Fixture.alice)
        #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .transfer(overdraft))).whichIsUnsatisfied
                == "slot 0 sender balance covers amount and fee recomposes")
        // Mantissa 2^35 − 1, exponent 31: far above 2^128.
        var overflowing = try Fixture.transfer(1, 2, 100, nonce: 3, key: Fixture.alice)
        overflowing.amount = PackedAmount(uncheckedBits: (1 << 40) - 1)
        #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .transfer(overflowing.signed(with: Fixture.alice, chain: Fixture.chainID)))).whichIsUnsatisfied
                == "slot 0 sender balance covers amount and fee recomposes")

        // A credit past 2^128 − 1: the recipient's, then the fee account's.
        let rich = try Fixture.keeper(alice: 1 << 127 | 1 << 126, bob: 1 << 127)
        let richBlock = try await Fixture.transferBlock(rich, [try Fixture.transfer(1, 2, 10, nonce: 3, key: Fixture.alice)])
        let huge = try Fixture.transfer(1, 2, 17_014_118_347 * 10_000_000_000_000_000_000_000_000_000, nonce: 3, key: Fixture.alice)
        #expect(try Self.check(Fixture.replacing(richBlock, slot: 0, with: .transfer(huge))).whichIsUnsatisfied
                == "slot 0 recipient balance fits 128 bits recomposes")
        // The keeper seals a fee credit up to exactly 2^128 − 1 and refuses
        // more (StateKeeperTests); a block that claims more breaks the circuit.
        let fullFees = try Fixture.keeper(fee: .max - 1)
        let feeBlock = try await Fixture.transferBlock(fullFees, [try Fixture.transfer(1, 2, 10, fee: 1, nonce: 3, key: Fixture.alice)])
        #expect(try Self.check(feeBlock).isSatisfied)
        let credit = try #require(feeBlock.feeUpdate)
        var claimed = try #require(credit.before)
        claimed.balance = .max  // one more than the tree holds: the credit of 1 would carry it past 2^128 − 1
        let overflowingCredit = Fixture.rebuilt(
            feeBlock, feeUpdate: AccountUpdate(account: credit.account, before: claimed, after: credit.after, path: credit.path), commitment: feeBlock.commitment)
        let broken = try Self.check(overflowingCredit).whichIsUnsatisfied
        #expect(broken == "fee credit balance fits 128 bits recomposes")
    }

    @Test func pathsAndRootsMustMatch() async throws {
        let block = try await Fixture.honestTransferBlock()
        var updates = block.updates
        updates[0][0] = Fixture.withTamperedSibling(updates[0][0], index: 4)
        #expect(try Self.check(Fixture.rebuilt(block, updates: updates)).whichIsUnsatisfied == "slot 0 sender old root matches")
        #expect(try Self.check(Fixture.rebuilt(block, oldRoot: block.oldRoot + .one)).whichIsUnsatisfied == "slot 0 sender old root matches")
        updates = block.updates
        updates[1][1] = Fixture.withTamperedSibling(updates[1][1], index: 0)
        #expect(try Self.check(Fixture.rebuilt(block, updates: updates)).whichIsUnsatisfied == "slot 1 recipient old root matches")
    }

    /// The commitment binds the pubdata and the fee, the new root the state
    /// the block reached, fee credit included.
    @Test func publicInputsBindPubdataRootsAndFees() async throws {
        let block = try await Fixture.honestTransferBlock()
        var pubdata = block.pubdata
        pubdata[9] ^= 1  // an amount byte of slot 0
        #expect(try Self.check(Fixture.rebuilt(block, pubdata: pubdata)).whichIsUnsatisfied == "commitment matches")
        #expect(try Self.check(Fixture.rebuilt(block, commitment: block.commitment + .one)).whichIsUnsatisfied == "commitment matches")
        // A new root before the fee credit: the fee not credited.
        let feeUpdate = try #require(block.feeUpdate)
        let uncredited = Fixture.rebuilt(block, newRoot: feeUpdate.path.root(from: feeUpdate.before?.leaf ?? .zero))
        #expect(try Self.check(uncredited).whichIsUnsatisfied == "new root matches")
        // (Another old root fails at the first write: pathsAndRootsMustMatch.)
    }

    @Test func depositBlocksCreateAndTopUpAccounts() async throws {
        let keeper = try Fixture.keeper()
        let carol = EdDSAPrivateKey.generate().publicKey
        let block = try await Fixture.tickBlock(keeper, [
            Fixture.deposit(carol, 70, sequence: 1),
            Fixture.deposit(Fixture.bob.publicKey, 5, sequence: 2, account: try AccountID(2)),
        ])
        let cs = try Self.check(block, as: DepositCircuit.self)
        #expect(cs.isSatisfied, "\(cs.whichIsUnsatisfied ?? "")")
        #expect(cs.inputs == block.publicInputs)

        let padded = try await Fixture.tickBlock(keeper, [Fixture.deposit(carol, 1, sequence: 3)])
        #expect(try Self.check(padded, as: DepositCircuit.self).isSatisfied)

        // Claiming Bob's occupied leaf as a new account is refused.
        var updates = block.updates
        let topUp = updates[1][0]
        updates[1][0] = AccountUpdate(account: topUp.account, before: nil, after: topUp.after, path: topUp.path)
        #expect(try Self.check(Fixture.rebuilt(block, updates: updates), as: DepositCircuit.self).whichIsUnsatisfied
                == "slot 1 holder old root matches")
    }

    @Test func exitBlocksDebitAndPublish() async throws {
        let keeper = try Fixture.keeper()
        let address = [UInt8](repeating: 0xAB, count: 20)
        let exit = try Exit(account: try AccountID(1), amount: 400, fee: try PackedFee(packing: 3), nonce: 3, l1Address: address)
        let block = try await Fixture.tickBlock(keeper, [.exit(exit.signed(with: Fixture.alice, chain: Fixture.chainID))])
        let cs = try Self.check(block, as: ExitCircuit.self)
        #expect(cs.isSatisfied, "\(cs.whichIsUnsatisfied ?? "")")

        var overdraft = exit
        overdraft.amount = 10_000
        #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .exit(overdraft.signed(with: Fixture.alice, chain: Fixture.chainID))), as: ExitCircuit.self)
            .whichIsUnsatisfied == "slot 0 balance covers amount and fee recomposes")
        var otherAddress = exit.signed(with: Fixture.alice, chain: Fixture.chainID)
        otherAddress.l1Address[0] = 0
        #expect(try Self.check(Fixture.replacing(block, slot: 0, with: .exit(otherAddress)), as: ExitCircuit.self)
            .whichIsUnsatisfied == "slot 0 signature x matches")
    }

    /// A chain whose block types have different slot counts, as
    /// production's (8/8/7): the keeper seals an exit block to the exit
    /// size, which the exit circuit of that shape accepts, and the circuit
    /// sized like the chain's transfer blocks refuses.
    @Test func eachTypeIsSealedAtItsOwnSizeForItsCircuit() async throws {
        let chain = try ChainParameters(treeDepth: Fixture.parameters.treeDepth, blockSizes: [.transfer: 2, .deposit: 2, .exit: 3])
        let keeper = try Fixture.keeper(chain: chain)
        let exit = try Exit(account: try AccountID(1), amount: 400, fee: try PackedFee(packing: 3), nonce: 3, l1Address: [UInt8](repeating: 7, count: 20))
        let block = try await Fixture.tickBlock(keeper, [.exit(exit.signed(with: Fixture.alice, chain: try Fixture.chain(chain).chainID))])
        #expect(block.transactions.count == 3)
        let cs = try ConstraintChecker(ExitCircuit(block: block, parameters: BlockCircuitParameters(chain, .exit)))
        #expect(cs.isSatisfied, "\(cs.whichIsUnsatisfied ?? "")")
        #expect(throws: BlockCircuitError.self) { try ExitCircuit(block: block, parameters: BlockCircuitParameters(chain, .transfer)) }
    }

    @Test func blocksOfAnotherShapeAreRefused() async throws {
        let block = try await Fixture.honestTransferBlock()
        #expect(throws: BlockCircuitError.wrongBlockType(expected: .deposit, found: .transfer)) {
            try DepositCircuit(block: block, parameters: Fixture.parameters)
        }
        #expect(throws: BlockCircuitError.self) {
            try TransferCircuit(block: block, parameters: BlockCircuitParameters(treeDepth: 6, capacity: 2))
        }
    }
}

/// The production circuits' sizes, pinned (depth 24; 8 slots, 7 for exits).
struct ProductionCircuitSizeTests {
    @Test func blockCircuitSizesArePinned() throws {
        let sizes = try CircuitInventory.blockCircuits(.production)
        #expect(sizes.map(\.publicInputs) == [4, 4, 4])
        #expect(sizes.map(\.name) == ["transfer-v3-d24-c8", "deposit-v3-d24-c8", "exit-v3-d24-c7"])
        // circomlib equivalents (8 slots each): 366,328, 352,599 and 349,240.
        // An exit block of 8 slots has 272,026.
        #expect(sizes.map(\.constraints) == [254_345, 258_975, 258_231])
    }

    /// Each production circuit, with its public rows (one per public input
    /// and the constant's), fits the 2^18 domain that sizes the proof's
    /// FFTs and H query.
    @Test func everyProductionCircuitFitsTheSameDomain() throws {
        let sizes = try CircuitInventory.blockCircuits(.production)
        #expect(sizes.count == BlockType.allCases.count)
        for size in sizes { #expect(size.constraints + size.publicInputs + 1 <= 1 << 18, "\(size.name)") }
    }

    @Test func gadgetCostsArePinned() throws {
        let costs = try CircuitInventory.gadgets(treeDepth: 24)
        #expect(costs.map(\.name) == [
            "poseidon_2", "account_leaf", "eddsa_poseidon_verify", "merkle_path_depth_24", "packed_amount_decode",
            "packed_fee_decode", "sha256_block", "transfer_slot", "deposit_slot", "exit_slot",
        ])
        #expect(costs.map(\.constraints) == [240, 297, 4_711, 3_624, 175, 22, 26_037, 21_052, 9_361, 13_317])
    }
}

/// Every registered kind reaches its slot through the registry: a sample
/// block of each type, sealed by a real keeper, satisfies its circuit, and
/// the circuit is named for the kind's block type.
struct KindSlotTests {
    @Test(arguments: BlockType.allCases)
    func everyKindHasASlot(type: BlockType) async throws {
        let parameters = BlockCircuitParameters(treeDepth: 4, capacity: 2)
        let block = try await SampleBlock.seal(type, parameters: parameters, real: 2).block
        let circuit = try BlockCircuits.circuit(for: block, parameters)
        #expect(circuit.name == "\(type.rawValue)-v3-d4-c2")
        let checker = try ConstraintChecker(circuit)
        #expect(checker.whichIsUnsatisfied == nil)
        #expect(checker.constraintCount > 0)
    }
}
