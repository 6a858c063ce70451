import APIServer
import Ethereum
import Foundation
import Groth16
import Logging
import ServiceLifecycle
import Settlement
import Storage
import Support

/// eth_sender: settles every block the node verified on the rollup
/// contract, in order, up to ``L1Configuration/blocksPerTransaction`` per
/// L1 transaction (`commitAndProveBlocks`; `proveBlocks` for blocks an
/// earlier run committed but did not prove). What is settled is read from
/// the contract itself at each step, and the contract refuses a block
/// whose old root is not its last committed root, so a restart (or a kill
/// at any point) neither settles a block twice nor skips one.
struct L1BlockSender: Service {
    let transactor: L1Transactor
    let deployment: L1Deployment
    let configuration: L1Configuration
    let store: any NodeStore
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
        let last = min(verified, proved + batch)
        let blocks = try store.blocks(from: UInt32(proved + 1), limit: Int(last - proved)).map { stored in
            RollupContract.SettledBlock(
                type: stored.type, oldRoot: stored.oldRoot, newRoot: stored.newRoot, totalFee: stored.totalFee, pubdata: stored.pubdata,
                proof: try proof(stored.number))
        }
        let receipt = try await transactor.send(to: deployment.rollup, data: RollupContract.commitAndProve(blocks), onSent: progress.sent)
        progress.mined(gasUsed: receipt.gasUsed.value)
        progress.contractRead(committed: last, proved: last)
        logger.info("committed and proved blocks on L1", metadata: ["blocks": "\(proved + 1)…\(last)", "gas": "\(receipt.gasUsed.value)"])
        return true
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
