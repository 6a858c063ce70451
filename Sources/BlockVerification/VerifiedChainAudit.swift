import Algebra
import Foundation
import Groth16
import RollupTypes
import Storage

/// The verified chain as the database holds it, checked before it is
/// believed: whoever can write the database could otherwise hand the node
/// another verified state (accounts and the last new root rewritten
/// together), or forget that a deposit's bridge sequence was spent. From
/// genesis, every verified block must follow the previous one's new root
/// and hash to its commitment; its published authority gives the bridge
/// sequences spent, each once. The blocks after the ``AuditCheckpoint``
/// (all of them on a first start) must also have a proof that verifies
/// under the node's keys with the chain id, and their bridge signatures
/// must sign their deposits; the blocks up to it must give the
/// checkpoint's root and digest, unchanged since they were checked. The
/// verified accounts are then checked against the last new root
/// (``VerifiedState``).
public struct VerifiedChainAudit: Sendable {
    public let chain: ChainConfiguration
    let keys: [BlockType: PreparedVerifyingKey]
    /// Blocks read from the database at a time.
    static let pageSize = 256

    public init(chain: ChainConfiguration, keys: [BlockType: PreparedVerifyingKey]) {
        self.chain = chain
        self.keys = keys
    }

    /// What an audit found.
    public struct Outcome: Sendable {
        /// The last verified block, its root and the digest through it.
        public let checkpoint: AuditCheckpoint
        /// Every bridge sequence a verified block spent.
        public let spentSequences: Set<UInt64>
        /// How many proofs were verified (the blocks after the checkpoint it started from).
        public let proofsVerified: Int
    }

    /// Why the database's verified chain is not believed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A verified block fails a check.
        case block(UInt32, BlockRefusal)
        /// The database has no block where a verified one belongs.
        case missingBlock(UInt32)
        /// A verified block after the checkpoint has no stored proof.
        case missingProof(UInt32)
        /// A bridge sequence is spent by two verified blocks.
        case sequenceSpentTwice(UInt64, block: UInt32)
        /// The blocks up to the checkpoint are not the ones audited before.
        case changedSinceCheckpoint(block: UInt32)
        /// The database verified fewer blocks than this node had audited.
        case checkpointAhead(checkpoint: UInt32, verified: UInt32)

        public var description: String {
            let refusal = "; refusing to trust the database's verified state"
            switch self {
            case .block(let number, let reason): return "verified block \(number) in the database does not hold: \(reason)" + refusal
            case .missingBlock(let number): return "the database has no block \(number), though it verified blocks after it" + refusal
            case .missingProof(let number): return "verified block \(number) in the database has no proof" + refusal
            case .sequenceSpentTwice(let sequence, let number): return "verified block \(number) spends bridge sequence \(sequence), which an earlier block spent" + refusal
            case .changedSinceCheckpoint(let number):
                return "the verified blocks up to \(number) in the database are not those this node checked before (their roots, commitments or authority changed)" + refusal
            case .checkpointAhead(let checkpoint, let verified):
                return "this node had checked verified blocks up to \(checkpoint), but the database verified only up to \(verified)" + refusal
                    + " (if the database was restored from a backup on purpose, delete the data directory's \(VerifiedState.checkpointFileName) to audit the whole chain again)"
            }
        }
    }

    /// Audits `store`'s verified blocks, trusting those up to `checkpoint`
    /// (genesis when nil) only if they still give its root and digest.
    public func run(_ store: RollupStore, from checkpoint: AuditCheckpoint?) throws -> Outcome {
        let genesis = AuditCheckpoint.genesis(chain)
        let trusted = checkpoint ?? genesis
        let last = try store.lastVerifiedBlock()
        guard trusted.block <= last else { throw Failure.checkpointAhead(checkpoint: trusted.block, verified: last) }
        var reached = genesis
        var spent = Set<UInt64>()
        var proofsVerified = 0
        var next: UInt32 = 1
        while next <= last {
            let page = try store.blocks(from: next, limit: min(Self.pageSize, Int(last - next) + 1))
            var unproved = [(record: BlockRecord, inputs: [Fr])]()
            for stored in page where stored.number <= last {
                guard stored.number == next else { throw Failure.missingBlock(next) }
                let record = stored.record
                let inputs: [Fr]
                do { inputs = try BlockCheck.publicInputs(of: record, chain: chain) } catch { throw Failure.block(record.number, error) }
                guard record.oldRoot.decimalString == reached.root else {
                    throw Failure.block(record.number, .oldRootDoesNotFollow(stated: record.oldRoot.decimalString, verified: reached.root))
                }
                let audited = record.number > trusted.block
                let sequences: [UInt64]
                do {
                    sequences = try PubdataReplay.publishedSequences(
                        type: record.type, pubdata: record.pubdata, authority: record.authority, slots: chain.parameters.slots(record.type),
                        domain: audited ? chain.signingDomain : nil)
                } catch {
                    throw Failure.block(record.number, .slot(error.slot, error.failure.description))
                }
                for sequence in sequences where !spent.insert(sequence).inserted { throw Failure.sequenceSpentTwice(sequence, block: record.number) }
                reached = reached.advanced(by: record)
                if record.number == trusted.block, reached != trusted { throw Failure.changedSinceCheckpoint(block: trusted.block) }
                if audited { unproved.append((record, inputs)) }
                next += 1
            }
            guard !page.isEmpty else { throw Failure.missingBlock(next) }
            try verifyProofs(unproved, in: store)
            proofsVerified += unproved.count
        }
        return Outcome(checkpoint: reached, spentSequences: spent, proofsVerified: proofsVerified)
    }

    /// The stored proofs of `blocks`, verified together.
    private func verifyProofs(_ blocks: [(record: BlockRecord, inputs: [Fr])], in store: RollupStore) throws {
        var items = [ProofBatch.Item]()
        for (record, inputs) in blocks {
            guard let text = try store.proof(block: record.number) else { throw Failure.missingProof(record.number) }
            guard let key = keys[record.type] else { throw Failure.block(record.number, .unknownType(record.type.rawValue)) }
            do {
                items.append((try SnarkJSFormat.decodeProof(Data(text.utf8)), inputs, key))
            } catch {
                throw Failure.block(record.number, .proofUnreadable("\(error)"))
            }
        }
        for (index, holds) in ProofBatch.verdicts(items).enumerated() where !holds {
            throw Failure.block(blocks[index].record.number, .proofInvalid)
        }
    }
}
