import Algebra
import BlockVerification
import Foundation
import Groth16
import RollupTypes
import StateKeeper
import Storage

/// The committer: persists each sealed block atomically (the committed
/// state), and moves proved blocks into the verified state strictly in
/// block order, each only once it checked the block as a follower would
/// (``BlockCheck``): from what the database holds, which other machines
/// can write, it recomputes the commitment, requires the old root to be
/// its own verified root, replays the pubdata and published authority
/// (bridge signatures and sequences included) to the new root and the
/// stored account updates, compares the block with the one the state
/// keeper sealed in this run, and verifies the proof. It then writes the
/// accounts its replay computed, never the stored updates. The next block
/// to verify is checked once before its proof comes too, so that a block
/// no prover can prove (say, its type rewritten) halts verification with
/// the reason rather than waiting for a proof forever. A block that fails
/// a check is not verified, and verification stops there (``halt``) until
/// the node restarts.
///
/// Its methods are synchronous and safe to call from any thread (the store
/// serializes writes), so the state keeper can hand it each seal before it
/// goes on (``RollupStateKeeper/setBlockSink(_:)``).
public final class BlockCommitter: Sendable {
    public let store: RollupStore
    /// The chain the blocks belong to.
    public let chain: ChainConfiguration
    let verifyingKeys: [BlockType: PreparedVerifyingKey]
    let acceptanceLog: AcceptanceLog?
    let log: @Sendable (String) -> Void
    /// How storing sealed blocks rides out a database that went away.
    let retry: UnavailableRetry
    /// The verified state, which every block is checked against and then applied to.
    public let verifiedState: VerifiedState
    /// What the state keeper sealed in this run and is not verified yet:
    /// the type, commitment and new root each stored block must still have.
    private let sealed = LockedValue([UInt32: (type: BlockType, commitment: Fr, newRoot: Fr)]())
    /// The last block checked before its proof came (``applyProvedBlocks()``).
    private let checkedAhead = LockedValue<UInt32>(0)
    private let stopped = LockedValue<VerificationHalt?>(nil)

    /// What happened to a submitted proof.
    public enum ProofVerdict: Equatable, Sendable {
        /// It verifies; blocks up to `verifiedThrough` are now verified.
        case accepted(verifiedThrough: UInt32)
        /// It does not verify against the block's commitment; nothing changed.
        case rejected
    }

    /// `acceptanceLog`: where accepted transactions wait for their group
    /// commit; it is flushed before a block is stored, so the block's
    /// transactions are in the database first. `verifiedState`: the node's,
    /// which its API also reads; a new one of `store` when nil.
    public init(
        store: RollupStore, chain: ChainConfiguration, verifyingKeys: [BlockType: VerifyingKey], acceptanceLog: AcceptanceLog? = nil,
        verifiedState: VerifiedState? = nil, log: @escaping @Sendable (String) -> Void = { _ in }, retry: UnavailableRetry? = nil
    ) {
        self.store = store
        self.chain = chain
        self.retry = retry ?? UnavailableRetry { failure, pause in log("the database is unavailable (\(failure)); storing sealed blocks again in \(pause)") }
        let prepared = verifyingKeys.mapValues { PreparedVerifyingKey($0) }
        self.verifiedState = verifiedState ?? VerifiedState(store: store, audit: VerifiedChainAudit(chain: chain, keys: prepared))
        self.acceptanceLog = acceptanceLog
        self.verifyingKeys = prepared
        self.log = log
    }

    /// Why verification stopped, if a stored block failed a check.
    public var halt: VerificationHalt? { stopped.value }

    /// Persists what the state keeper sealed: each block in its own
    /// database transaction, in order, then the late rejections. While the
    /// database is away each step is retried (``UnavailableRetry``): the
    /// keeper has applied these blocks, and stops for good if they cannot
    /// be stored.
    public func record(_ result: SealResult) throws {
        if !result.blocks.isEmpty { acceptanceLog?.flush() }
        for block in result.blocks {
            sealed.withValue { $0[block.number] = (block.type, block.commitment, block.newRoot) }
            var retried = false
            try retry.run {
                // A commit whose answer was lost with the connection may have landed.
                if retried, let last = try store.lastCommittedBlock(), last.number >= block.number { return }
                retried = true
                try store.commit(block)
            }
        }
        try retry.run { try store.markRejected(result.rejected.map { ($0.hash, $0.reason.description) }) }
    }

    /// Checks `proof` for block `number` against the public inputs the
    /// block's stored data gives; if it verifies, stores it and applies
    /// every block that is now proved, in order.
    public func submitProof(_ proof: Proof, block number: UInt32, prover: String? = nil) throws -> ProofVerdict {
        guard let stored = try store.sealedBlock(number) else { throw StorageError.unknownBlock(number) }
        guard let inputs = try? BlockCheck.publicInputs(of: BlockRecord(stored), chain: chain), try verifies(proof, type: stored.type, inputs: inputs) else {
            log("rejected a proof for block \(number)\(prover.map { " from \($0)" } ?? ""): it does not verify against the block's commitment")
            return .rejected
        }
        try store.storeProof(block: number, proof: String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self), prover: prover)
        return .accepted(verifiedThrough: try applyProvedBlocks())
    }

    /// Checks and applies each block after the last verified one whose
    /// proof is stored, in order, stopping at the first block without a
    /// valid proof. A stored proof that does not verify (written by a
    /// faulty worker) is deleted so the block is proved again; a block that
    /// fails any other check, here or while it waits for its proof, halts
    /// verification (``halt``). Returns the last verified block.
    @discardableResult
    public func applyProvedBlocks() throws -> UInt32 {
        var verified = try verifiedState.head().block
        guard halt == nil else { return verified }
        let stored = try store.lastVerifiedBlock()
        guard stored == verified else {
            stop(VerificationHalt(block: stored, reason: .notAsSealed("the database says block \(stored) is verified, but this node verified up to block \(verified)")))
            return verified
        }
        while true {
            let number = verified + 1
            guard let text = try store.proof(block: number) else {
                try checkAhead(number)
                break
            }
            guard let block = try store.sealedBlock(number) else { throw StorageError.unknownBlock(number) }
            let checked: CheckedBlock, inputs: [Fr]
            do {
                (checked, inputs) = try check(block)
            } catch let refusal as BlockRefusal {
                stop(VerificationHalt(block: number, reason: refusal))
                break
            }
            guard let proof = try? SnarkJSFormat.decodeProof(Data(text.utf8)), try verifies(proof, type: block.type, inputs: inputs) else {
                log("the stored proof of block \(number) does not verify; deleted so that the block is proved again")
                try store.deleteProof(block: number)
                break
            }
            do {
                try verifiedState.apply(checked)
            } catch let refusal as BlockRefusal {
                stop(VerificationHalt(block: number, reason: refusal))
                break
            }
            do {
                try store.markVerified(block: number, writes: checked.writes)
            } catch {
                verifiedState.reload()
                throw error
            }
            verifiedState.recordCheckpoint()
            sealed.withValue { $0[number] = nil }
            verified = number
        }
        return verified
    }

    /// The checks before the proof, on `block` as the database holds it:
    /// its commitment, the keeper's seal (while the node runs), its replay
    /// over the verified state (which must start from the verified root and
    /// whose bridge signatures and sequences must hold), and its stored
    /// account updates against the replay. Returns what the replay found
    /// and the public inputs its proof must verify with; throws a
    /// ``BlockRefusal`` naming the failed check.
    public func check(_ block: SealedBlock) throws -> (checked: CheckedBlock, inputs: [Fr]) {
        let record = BlockRecord(block)
        let inputs = try BlockCheck.publicInputs(of: record, chain: chain)
        try compareWithSeal(block)
        let checked = try BlockCheck.replay(record, chain: chain, on: verifiedState)
        try compareUpdates(block, with: checked)
        return (checked, inputs)
    }

    /// Checks block `number`, the next to verify, before its proof comes:
    /// once per block, when the database holds it.
    private func checkAhead(_ number: UInt32) throws {
        guard checkedAhead.value != number, let block = try store.sealedBlock(number) else { return }
        do {
            _ = try check(block)
            checkedAhead.withValue { $0 = number }
        } catch let refusal as BlockRefusal {
            stop(VerificationHalt(block: number, reason: refusal))
        }
    }

    private func stop(_ halt: VerificationHalt) {
        stopped.withValue { $0 = $0 ?? halt }
        log("\(halt)")
    }

    /// A block sealed in this run must still be what the keeper sealed.
    private func compareWithSeal(_ block: SealedBlock) throws(BlockRefusal) {
        guard let expected = sealed.value[block.number] else { return }
        guard expected.type == block.type, expected.commitment == block.commitment, expected.newRoot == block.newRoot else {
            throw .notAsSealed("the state keeper sealed type \(expected.type.rawValue), commitment \(expected.commitment.decimalString) and new root \(expected.newRoot.decimalString), "
                + "the database holds type \(block.type.rawValue), \(block.commitment.decimalString) and \(block.newRoot.decimalString)")
        }
    }

    /// The stored account updates, the prover's witness, must be the writes of the replay.
    private func compareUpdates(_ block: SealedBlock, with checked: CheckedBlock) throws(BlockRefusal) {
        let stored = (Array(block.updates.joined()) + (block.feeUpdate.map { [$0] } ?? [])).map { ($0.account, $0.after) }
        guard stored.count == checked.writes.count else {
            throw .accountUpdates("\(stored.count) are stored, the replay writes \(checked.writes.count)")
        }
        for (index, (update, write)) in zip(stored, checked.writes).enumerated() where update.0 != write.0 || update.1 != write.1 {
            throw .accountUpdates("update \(index) writes account \(update.0) as \(update.1), the replay writes account \(write.0) as \(write.1)")
        }
    }

    private func verifies(_ proof: Proof, type: BlockType, inputs: [Fr]) throws -> Bool {
        guard let key = verifyingKeys[type] else { throw CommitterError.missingVerifyingKey(type) }
        return (try? Groth16Verifier.verify(proof, inputs: inputs, key: key)) ?? false
    }
}

/// Why the committer stopped verifying: the block whose stored data failed
/// a check, and which check. Nothing of that block was applied; the node
/// verifies nothing more until it restarts.
public struct VerificationHalt: Equatable, Sendable, CustomStringConvertible {
    public let block: UInt32
    public let reason: BlockRefusal

    public var description: String {
        "verification stopped at block \(block): \(reason). Nothing of it was applied; the database may have been changed behind the node's back. "
            + "Find out how, then restart the node"
    }
}

/// Why the committer cannot go on.
public enum CommitterError: Error, Equatable, CustomStringConvertible {
    case missingVerifyingKey(BlockType)

    public var description: String {
        switch self {
        case .missingVerifyingKey(let type): return "no verifying key for \(type) blocks: the node's keys are incomplete"
        }
    }
}
