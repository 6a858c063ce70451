import Algebra
import BlockVerification
import Circuits
import Committer
import Foundation
import Groth16
import Primitives
import Prover
import RollupTypes
import TestSupport
import StateKeeper
import Storage
import StorageTesting
import Testing

/// What a machine that can write the node's database (a prover host, or
/// anyone on its network path) tries, from the security review of
/// December 2026: each attack mints, and each must change nothing.
struct DatabaseWriterAttackTests {
    typealias Fixture = StoreFixture
    static let parameters = BlockCircuitParameters(treeDepth: 4, capacity: 2)
    static let minted: UInt128 = 1_000_000_000_000_000
    /// The deposit circuit's key, made once.
    static let key = try! BlockProver.developmentKey(.deposit, parameters)

    /// A committer of the chain's deposit blocks on `store`, as a node that
    /// just started.
    static func committer(_ store: DatabaseStore) -> BlockCommitter {
        BlockCommitter(store: store, chain: Fixture.chain, verifyingKeys: [.deposit: key.verifyingKey], log: { _ in })
    }

    /// A new database holding deposit block 1 (Alice's 1,000), sealed by a
    /// keeper that hands its blocks to `committer` (made on the store).
    static func depositBlock(
        _ backend: TestDatabase
    ) async throws -> (database: DatabaseLocation, store: DatabaseStore, committer: BlockCommitter, block: SealedBlock) {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        let committer = Self.committer(store)
        let (keeper, _) = try await Fixture.node(store, committer: committer)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        _ = await keeper.tick()
        return (database, store, committer, try #require(try store.sealedBlock(1)))
    }

    static func prove(_ block: SealedBlock) throws -> Proof {
        try BlockProver(keys: [.deposit: key], parameters: parameters).prove(block)
    }

    /// Way 1: pending rows inserted behind the API's back are checked again
    /// when the node restarts, signatures included, and dropped: a deposit
    /// without the bridge's signature, one signed by another key, a
    /// transfer signed for another chain.
    @Test(arguments: TestDatabase.available) func pendingRowsWithoutValidSignaturesAreDroppedAtRestart(_ backend: TestDatabase) async throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        let (keeper, _) = try await Fixture.node(store)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        _ = await keeper.tick()
        let mallory = EdDSAPrivateKey.generate()
        let unsigned = Fixture.unsignedDeposit(mallory, Self.minted, sequence: 2)
        let forged = Transaction.deposit(
            Deposit(account: nil, publicKey: mallory.publicKey, amount: Self.minted, bridgeSequence: 3).signed(by: .generate(), chain: Fixture.chain.chainID))
        let otherChain = try ChainConfiguration.genesis(
            parameters: Fixture.chain.parameters, operatorKey: Fixture.operatorKey.publicKey, bridgePublicKey: Fixture.bridge.publicKey)
        let replayed = Transaction.transfer(Transfer(
            from: try AccountID(1), to: try AccountID(0), amount: try PackedAmount(packing: 999), fee: try PackedFee(packing: 0), nonce: 0)
            .signed(with: Fixture.alice, chain: otherChain.chainID))
        for row in [unsigned, forged, replayed] { try store.insertPending(row, account: nil, receivedAt: 0) }

        let restarted = try DatabaseStore(database)
        let committer = BlockCommitter(store: restarted, chain: Fixture.chain, verifyingKeys: [:])
        let (after, report) = try await StateRestorer.restore(store: restarted, configuration: Fixture.configuration, committer: committer)
        #expect(report.dropped.map(\.hash) == [unsigned.hash, forged.hash, replayed.hash])
        #expect(report.dropped.map(\.reason) == [
            TransactionRejection.missingBridgeSignature.description, TransactionRejection.badBridgeSignature.description,
            TransactionRejection.badSignature.description,
        ])
        _ = await after.tick(now: .now + .seconds(3600))
        #expect(await after.sealedAccount(try AccountID(2)) == nil)
        #expect(await after.sealedAccount(try AccountID(1))?.balance == 1_000)
        #expect(try restarted.lastCommittedBlock()?.number == 1)
        #expect(try restarted.pendingRows().isEmpty)
        #expect(try restarted.transaction(hash: unsigned.hash)?.status == .rejected(reason: TransactionRejection.missingBridgeSignature.description))
    }

    /// Way 2: an unverified deposit block rewritten consistently (amount,
    /// pubdata, account updates, new root, commitment and the deposit's
    /// stored body), with a valid proof of the rewritten block made with the
    /// public proving key. The committer refuses it, and no balance changes.
    @Test(arguments: TestDatabase.available) func aRewrittenDepositBlockWithAValidProofIsRefused(_ backend: TestDatabase) async throws {
        let (database, store, committer, block) = try await Self.depositBlock(backend)

        // The attacker seals the same deposit for 10^15 on a keeper of its own
        // (the chain's configuration is public), which checks no signature;
        // it keeps the bridge's real signature, of the deposit of 1,000.
        let honest = try #require(block.transactions.first?.kind as? Deposit)
        var minted = honest
        minted.amount = Self.minted
        let forger = try RollupStateKeeper(configuration: Fixture.configuration)
        _ = try await forger.submit(.deposit(minted), signatureVerified: true)
        let forged = try #require(await forger.tick().blocks.first)
        try Fixture.overwrite(block: forged, in: database)
        let rewritten = try #require(try store.sealedBlock(1))
        #expect(rewritten.pubdata == forged.pubdata && rewritten.newRoot == forged.newRoot)
        try store.storeProof(block: 1, proof: String(decoding: try SnarkJSFormat.encode(try Self.prove(rewritten)), as: UTF8.self), prover: "mallory")

        // A committer that never saw the seal (the node restarted) finds the
        // bridge's signature does not sign 10^15; this one, that the block is
        // not what its keeper sealed.
        let restarted = Self.committer(store)
        #expect(try restarted.applyProvedBlocks() == 0)
        #expect(restarted.halt?.block == 1 && restarted.halt?.reason == .slot(0, ReplayFailure.badBridgeSignature(sequence: 1).description))
        #expect(try committer.applyProvedBlocks() == 0)
        guard case .notAsSealed = committer.halt?.reason else { Issue.record("\(String(describing: committer.halt))"); return }
        #expect(try store.lastVerifiedBlock() == 0)
        #expect(try store.verifiedAccount(try AccountID(1)) == nil)
        // Verification stays stopped: nothing after it is verified either.
        #expect(try committer.applyProvedBlocks() == 0)
    }

    /// Way 2 with less effort: only the stored account updates rewritten
    /// to credit 10^15 (what verifying used to copy into the verified
    /// accounts), the block and its honest proof untouched.
    @Test(arguments: TestDatabase.available) func rewrittenAccountUpdatesAreNotApplied(_ backend: TestDatabase) async throws {
        let (database, store, committer, block) = try await Self.depositBlock(backend)
        let proof = try Self.prove(block)
        var minted = block.updates[0][0].after
        minted.balance = Self.minted
        try database.connect().run("UPDATE account_updates SET after = ? WHERE block_number = 1 AND position = 0", [.blob(Fixture.storedBytes(minted))])

        #expect(try committer.submitProof(proof, block: 1) == .accepted(verifiedThrough: 0))
        guard case .accountUpdates = committer.halt?.reason else { Issue.record("\(String(describing: committer.halt))"); return }
        #expect(try store.verifiedAccount(try AccountID(1)) == nil)
    }

    /// A block stored out of line with the verified state: its old root is
    /// not the verified root; or the database claims a block is verified
    /// that this node never verified.
    @Test(arguments: TestDatabase.available) func blocksThatDoNotFollowTheVerifiedStateAreRefused(_ backend: TestDatabase) async throws {
        let (database, store, _, block) = try await Self.depositBlock(backend)
        try store.storeProof(block: 1, proof: String(decoding: try SnarkJSFormat.encode(try Self.prove(block)), as: UTF8.self), prover: nil)
        let connection = try database.connect()
        try connection.run("UPDATE blocks SET old_root = '7' WHERE number = 1")
        let committer = Self.committer(store)
        #expect(try committer.applyProvedBlocks() == 0)
        guard case .oldRootDoesNotFollow = committer.halt?.reason else { Issue.record("\(String(describing: committer.halt))"); return }

        let genesis = Fixture.chain.parameters.genesisRoot(operatorKey: Fixture.operatorKey.publicKey)
        try connection.run("UPDATE blocks SET old_root = ? WHERE number = 1", [.text(genesis.decimalString)])
        let another = Self.committer(store)
        _ = try another.verifiedState.head()  // the verified state, loaded when the node starts
        try connection.run("UPDATE blocks SET verified_at = 1 WHERE number = 1")
        #expect(try another.applyProvedBlocks() == 0)
        guard case .notAsSealed(let detail) = another.halt?.reason else { Issue.record("\(String(describing: another.halt))"); return }
        #expect(detail.contains("says block 1 is verified"))
    }

    /// Block 1 (Alice's deposit of 1,000) proved and verified, as a node
    /// that then stopped leaves it.
    static func verifiedDepositBlock(_ backend: TestDatabase) async throws -> (database: DatabaseLocation, store: DatabaseStore) {
        let (database, store, committer, block) = try await Self.depositBlock(backend)
        #expect(try committer.submitProof(try Self.prove(block), block: 1) == .accepted(verifiedThrough: 1))
        return (database, store)
    }

    /// The node started again on `database`, as `rollup node` restores it.
    static func restart(_ database: DatabaseLocation) async throws -> (keeper: RollupStateKeeper, committer: BlockCommitter, report: StateRestorer.Report) {
        let store = try DatabaseStore(database)
        let committer = Self.committer(store)
        let (keeper, report) = try await StateRestorer.restore(store: store, configuration: Fixture.configuration, committer: committer)
        return (keeper, committer, report)
    }

    /// Review of December 2026, finding 1: the verified accounts rewritten
    /// while the node is stopped, with the last verified block's new root
    /// set to the root they give (the refusal to start used to name it).
    /// Or an unproved block marked verified with such accounts. The node
    /// audits its verified chain when it starts and refuses both.
    @Test(arguments: TestDatabase.available) func aVerifiedStateRewrittenAtRestIsRefusedAtStart(_ backend: TestDatabase) async throws {
        let (database, store) = try await Self.verifiedDepositBlock(backend)
        let connection = try database.connect()
        try connection.run("UPDATE accounts SET balance = ? WHERE id = 1", [.text(String(Self.minted))])
        let forged = try AccountTree(depth: 4, accounts: try store.verifiedAccounts()).root
        try connection.run("UPDATE blocks SET new_root = ? WHERE number = 1", [.text(forged.decimalString)])
        do {
            let restarted = try await Self.restart(database)
            Issue.record("the node started on a forged verified state: Alice holds \(String(describing: try restarted.committer.verifiedState.account(try AccountID(1))))")
        } catch {
            #expect("\(error)".contains("verified block 1 in the database does not hold: its proof does not verify"), "\(error)")
        }

        let (unproved, unprovedStore, _, _) = try await Self.depositBlock(backend)
        try unprovedStore.markVerified(block: 1, writes: [(try AccountID(1), Account(publicKey: Fixture.alice.publicKey, balance: Self.minted))])
        let root = try AccountTree(depth: 4, accounts: try unprovedStore.verifiedAccounts()).root
        try unproved.connect().run("UPDATE blocks SET new_root = ? WHERE number = 1", [.text(root.decimalString)])
        do {
            let restarted = try await Self.restart(unproved)
            Issue.record("the node started on an unproved verified block: Alice holds \(String(describing: try restarted.committer.verifiedState.account(try AccountID(1))))")
        } catch {
            #expect("\(error)".contains("verified block 1 in the database has no proof"), "\(error)")
        }
    }

    /// Review of December 2026, finding 2: the database forgets that a
    /// verified deposit's bridge sequence was spent (its bridge_sequences
    /// row and its transaction deleted), and the same signed deposit is
    /// sent again. The spent sequences come from the verified blocks'
    /// published authority, so it is refused; so is a pending copy of it
    /// stored under another id.
    @Test(arguments: TestDatabase.available) func aSpentSequenceTheDatabaseForgetsStaysSpent(_ backend: TestDatabase) async throws {
        let (database, store) = try await Self.verifiedDepositBlock(backend)
        let deposit = Fixture.deposit(Fixture.alice, 1_000, sequence: 1)
        let connection = try database.connect()
        try connection.run("DELETE FROM bridge_sequences")
        try connection.run("DELETE FROM transactions WHERE hash = ?", [.text(deposit.hash)])
        let restarted = try await Self.restart(database)
        await #expect(throws: TransactionRejection.duplicateDeposit(sequence: 1)) { try await Fixture.accept(deposit, restarted.keeper, store) }

        // A pending copy under another id, and a row whose body does not decode: dropped, naming why.
        let copy = "0x" + String(repeating: "ab", count: 32)
        let truncated = "0x" + String(repeating: "cd", count: 32)
        for (hash, body) in [(copy, deposit.encoded), (truncated, Array(deposit.encoded.prefix(60)))] {
            try connection.run(
                "INSERT INTO transactions (hash, sequence, type, body, account_id, recipient_id, status, received_at) VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM transactions), 'deposit', ?, NULL, NULL, 'pending', 0)",
                [.text(hash), .blob(body)])
        }
        let again = try await Self.restart(database)
        #expect(again.report.dropped.map(\.hash) == [copy, truncated])
        #expect(again.report.dropped.first?.reason.contains("stored under another id") == true && again.report.dropped.last?.reason.contains("does not decode") == true,
                "\(again.report.dropped)")
        #expect(await again.keeper.pendingCount == 0)
        #expect(try again.committer.verifiedState.account(try AccountID(1))?.balance == 1_000 && again.committer.verifiedState.account(try AccountID(2)) == nil)
    }

    /// The audit's checkpoint, kept outside the database, lets a restart
    /// skip the proofs it verified; a verified block changed after it was
    /// audited (its published authority, which no proof covers) is then
    /// refused, as are verified blocks the database forgot.
    @Test(arguments: TestDatabase.available) func verifiedBlocksChangedSinceTheirAuditAreRefused(_ backend: TestDatabase) async throws {
        let (database, store) = try await Self.verifiedDepositBlock(backend)
        let file = try ScratchDirectory.make("audit-checkpoint").appendingPathComponent(VerifiedState.checkpointFileName).path
        let audit = VerifiedChainAudit(chain: Fixture.chain, keys: [.deposit: PreparedVerifyingKey(Self.key.verifyingKey)])
        #expect(try VerifiedState(store: store, audit: audit, checkpointFile: file).head().block == 1)
        let checkpoint = try #require(AuditCheckpoint.read(file))
        let root = try store.lastCommittedBlock()?.newRoot.decimalString
        #expect(checkpoint.block == 1 && checkpoint.root == root)
        #expect(try audit.run(store, from: nil).proofsVerified == 1)
        #expect(try audit.run(store, from: checkpoint).proofsVerified == 0)

        var authority = try #require(try store.blocks(from: 1, limit: 1).first?.authority)
        authority[20] ^= 1
        let connection = try database.connect()
        try connection.run("UPDATE blocks SET authority = ? WHERE number = 1", [.blob(authority)])
        #expect(throws: VerifiedChainAudit.Failure.changedSinceCheckpoint(block: 1)) { try audit.run(store, from: checkpoint) }
        #expect(throws: VerifiedChainAudit.Failure.block(1, .slot(0, ReplayFailure.badBridgeSignature(sequence: 1).description))) {
            try audit.run(store, from: nil)
        }
        try connection.run("UPDATE blocks SET verified_at = NULL")
        #expect(throws: VerifiedChainAudit.Failure.checkpointAhead(checkpoint: 1, verified: 0)) { try audit.run(store, from: checkpoint) }
    }

    /// Review of December 2026 (second round), finding 6: a committed,
    /// unproved block's type rewritten to another of the chain's types. No
    /// prover can prove it, so verification used to wait for a proof that
    /// never came, and /v1/status showed no halt. The committer checks the
    /// next block before its proof comes and halts, naming it; a restarted
    /// node replays its committed blocks and refuses to start.
    @Test(arguments: TestDatabase.available) func aCommittedBlockGivenAnotherTypeIsRefused(_ backend: TestDatabase) async throws {
        let (database, _, committer, _) = try await Self.depositBlock(backend)
        try database.connect().run("UPDATE blocks SET type = 'exit' WHERE number = 1")
        #expect(try committer.applyProvedBlocks() == 0)
        guard case .pubdataLength = committer.halt?.reason, committer.halt?.block == 1 else {
            Issue.record("verification goes on waiting for a proof of block 1: \(String(describing: committer.halt))")
            return
        }
        do {
            let restarted = try await Self.restart(database)
            Issue.record("the node started on a retyped block 1, its verification at \(try restarted.committer.verifiedState.head().block)")
        } catch {
            #expect("\(error)".contains("committed block 1 in the database does not hold") && "\(error)".contains("refusing to start"), "\(error)")
        }
    }
}
