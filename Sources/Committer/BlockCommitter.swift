import Algebra
import Foundation
import Groth16
import RollupTypes
import StateKeeper
import Storage

/// The committer: persists each sealed block atomically (the committed
/// state), checks each proof against its circuit's verifying key, and moves
/// proved blocks into the verified state strictly in block order.
///
/// Its methods are synchronous and safe to call from any thread (the store
/// serializes writes), so the state keeper can hand it each seal before it
/// goes on (``RollupStateKeeper/setBlockSink(_:)``).
public final class BlockCommitter: Sendable {
    public let store: RollupStore
    let verifyingKeys: [BlockType: PreparedVerifyingKey]
    let acceptanceLog: AcceptanceLog?
    let log: @Sendable (String) -> Void
    /// How storing sealed blocks rides out a database that went away.
    let retry: UnavailableRetry
    /// The verified state's tree, kept up to date as blocks are verified.
    public let verifiedTree: VerifiedTree?

    /// What happened to a submitted proof.
    public enum ProofVerdict: Equatable, Sendable {
        /// It verifies; blocks up to `verifiedThrough` are now verified.
        case accepted(verifiedThrough: UInt32)
        /// It does not verify against the block's commitment; nothing changed.
        case rejected
    }

    /// `acceptanceLog`: where accepted transactions wait for their group
    /// commit; it is flushed before a block is stored, so the block's
    /// transactions are in the database first.
    public init(
        store: RollupStore, verifyingKeys: [BlockType: VerifyingKey], acceptanceLog: AcceptanceLog? = nil, verifiedTree: VerifiedTree? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }, retry: UnavailableRetry? = nil
    ) {
        self.store = store
        self.retry = retry ?? UnavailableRetry { failure, pause in log("the database is unavailable (\(failure)); storing sealed blocks again in \(pause)") }
        self.verifiedTree = verifiedTree
        self.acceptanceLog = acceptanceLog
        self.verifyingKeys = verifyingKeys.mapValues { PreparedVerifyingKey($0) }
        self.log = log
    }

    /// Persists what the state keeper sealed: each block in its own
    /// database transaction, in order, then the late rejections. While the
    /// database is away each step is retried (``UnavailableRetry``): the
    /// keeper has applied these blocks, and stops for good if they cannot
    /// be stored.
    public func record(_ result: SealResult) throws {
        if !result.blocks.isEmpty { acceptanceLog?.flush() }
        for block in result.blocks {
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

    /// Checks `proof` for block `number`; if it verifies, stores it and
    /// applies every block that is now proved, in order.
    public func submitProof(_ proof: Proof, block number: UInt32, prover: String? = nil) throws -> ProofVerdict {
        guard try verifies(proof, block: number) else {
            log("rejected a proof for block \(number)\(prover.map { " from \($0)" } ?? ""): it does not verify against the block's commitment")
            return .rejected
        }
        try store.storeProof(block: number, proof: String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self), prover: prover)
        return .accepted(verifiedThrough: try applyProvedBlocks())
    }

    /// Verifies the stored proofs after the last verified block, in order,
    /// and applies each block whose proof holds, stopping at the first block
    /// without a valid proof. A stored proof that does not verify (written
    /// by a faulty worker) is deleted so the block is proved again.
    /// Returns the last verified block.
    @discardableResult
    public func applyProvedBlocks() throws -> UInt32 {
        var verified = try store.lastVerifiedBlock()
        while let text = try store.proof(block: verified + 1) {
            let number = verified + 1
            let proof = try? SnarkJSFormat.decodeProof(Data(text.utf8))
            guard let block = try store.sealedBlock(number) else { throw StorageError.unknownBlock(number) }
            guard let proof, try verifies(proof, block: block) else {
                log("the stored proof of block \(number) does not verify; deleted so that the block is proved again")
                try store.deleteProof(block: number)
                break
            }
            try store.markVerified(block: number)
            try verifiedTree?.apply(block)
            verified = number
        }
        return verified
    }

    private func verifies(_ proof: Proof, block number: UInt32) throws -> Bool {
        guard let block = try store.sealedBlock(number) else { throw StorageError.unknownBlock(number) }
        return try verifies(proof, block: block)
    }

    private func verifies(_ proof: Proof, block: SealedBlock) throws -> Bool {
        guard let key = verifyingKeys[block.type] else {
            throw CommitterError.missingVerifyingKey(block.type)
        }
        return (try? Groth16Verifier.verify(proof, inputs: block.publicInputs, key: key)) ?? false
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
