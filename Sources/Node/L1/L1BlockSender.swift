import APIServer
import BlockVerification
import Ethereum
import Foundation
import Groth16
import Logging
import ServiceLifecycle
import Settlement
import RollupTypes
import Storage
import Support

/// eth_sender: settles every block the node verified on the rollup
/// contract, in order, up to ``L1Configuration/blocksPerTransaction`` per
/// L1 transaction (`commitAndProveBlocks`; `proveBlocks` for blocks an
/// earlier run committed but did not prove). What is settled is read from
/// the contract itself at each step, and the contract refuses a block
/// whose old root is not its last committed root, so a restart (or a kill
/// at any point) neither settles a block twice nor skips one.
///
/// Deposits that eth_watch refused for good (``RefusedDeposits``) are
/// refunded with `skipDeposits` when the contract's queue reaches them,
/// before the next deposit block. The serials a deposit block consumes are
/// read from its published authority, whose bridge signatures are checked:
/// the database is outside the process, and it cannot make the sender
/// refund a deposit that a block holds.
struct L1BlockSender: Service {
    let transactor: L1Transactor
    let deployment: L1Deployment
    let configuration: L1Configuration
    let store: any NodeStore
    /// The chain's signing domain: the bridge signatures of deposit blocks.
    let domain: SigningDomain
    let refused: RefusedDeposits
    let progress: SettlementProgress
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await settleNext() {}
                } catch {
                    progress.failed("settling blocks: \(error)")
                    logger.warning("settling blocks on L1 failed; trying again", metadata: ["error": "\(error)"])
                }
                do { try await Task.sleep(for: configuration.pollInterval) } catch { return }
            }
        }
    }

    /// Sends one L1 transaction if a verified block waits; whether it did.
    func settleNext() async throws -> Bool {
        let committed = try await read("committedBlocks")
        let proved = try await read("verifiedBlocks")
        progress.contractRead(committed: committed, proved: proved)
        let verified = UInt64(try store.lastVerifiedBlock())
        let batch = UInt64(configuration.blocksPerTransaction)
        if committed > proved {
            let last = min(committed, proved + batch, verified)
            guard last > proved else { return false }
            let proofs = try (proved + 1...last).map { try proof(UInt32($0)) }
            let receipt = try await transactor.send(to: deployment.rollup, data: RollupContract.prove(proofs), onSent: progress.sent)
            progress.mined(gasUsed: receipt.gasUsed.value)
            progress.contractRead(committed: committed, proved: last)
            logger.info("proved blocks on L1", metadata: ["blocks": "\(proved + 1)…\(last)", "gas": "\(receipt.gasUsed.value)"])
            return true
        }
        guard verified > proved else { return false }
        let consumed = try await read("depositsConsumed")
        refused.forget(below: consumed)
        let skips = refused.run(from: consumed, limit: RollupContract.maxSkips)
        if skips > 0 {
            let receipt = try await transactor.send(to: deployment.rollup, data: RollupContract.skipDeposits(skips), onSent: progress.sent)
            progress.mined(gasUsed: receipt.gasUsed.value)
            logger.warning("refunded deposits no block can hold on L1", metadata: ["serials": "\(consumed)…\(consumed + UInt64(skips) - 1)"])
            return true
        }
        let end = min(verified, proved + batch)
        var expected = consumed
        var blocks = [RollupContract.SettledBlock]()
        for stored in try store.blocks(from: UInt32(proved + 1), limit: Int(end - proved)) {
            if stored.type == .deposit {
                let serials = try depositSerials(stored)
                if let first = serials.first, first != expected {
                    // A refund comes first: the next transaction starts with this block.
                    guard blocks.isEmpty else { break }
                    throw L1Failure.depositGap(block: stored.number, expected: expected, found: first)
                }
                expected += UInt64(serials.count)
            }
            blocks.append(RollupContract.SettledBlock(
                type: stored.type, oldRoot: stored.oldRoot, newRoot: stored.newRoot, totalFee: stored.totalFee, pubdata: stored.pubdata,
                proof: try proof(stored.number)))
        }
        let last = proved + UInt64(blocks.count)
        let receipt = try await transactor.send(to: deployment.rollup, data: RollupContract.commitAndProve(blocks), onSent: progress.sent)
        progress.mined(gasUsed: receipt.gasUsed.value)
        progress.contractRead(committed: last, proved: last)
        logger.info("committed and proved blocks on L1", metadata: ["blocks": "\(proved + 1)…\(last)", "gas": "\(receipt.gasUsed.value)"])
        return true
    }

    /// The serials a deposit block consumes, in slot order, from its
    /// published authority, each signed by the bridge for this chain.
    private func depositSerials(_ block: StoredBlock) throws -> [UInt64] {
        do {
            return try PubdataReplay.publishedSequences(
                type: .deposit, pubdata: block.pubdata, authority: block.authority, slots: block.pubdata.count / Deposit.pubdataBytes, domain: domain)
        } catch {
            throw L1Failure.forgedBlock(block: block.number, detail: "slot \(error.slot): \(error.failure)")
        }
    }

    private func proof(_ block: UInt32) throws -> Proof {
        guard let json = try store.proof(block: block) else { throw L1Failure.missingProof(block: block) }
        return try SnarkJSFormat.decodeProof(Data(json.utf8))
    }

    private func read(_ name: String) async throws -> UInt64 {
        let word = try await transactor.call(deployment.rollup, data: RollupContract.read(name))
        guard let value = ABI.uint(word).flatMap(UInt64.init(exactly:)) else { throw L1Failure.malformedEvent("\(name)() answered \(word.count) bytes, not a block count") }
        return value
    }
}
