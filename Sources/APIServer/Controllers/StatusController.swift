import APIContract
import Foundation
import Hummingbird
import RollupTypes
import Storage

/// GET /v1/status and GET /metrics (Prometheus text format).
struct StatusController<Context: RequestContext> {
    let node: NodeContext

    func status() async throws -> StatusView {
        let provers = try node.store.proverStatus(
            now: UnixTime.milliseconds(), lease: Int64(node.proverLease / .milliseconds(1)), maxFailures: node.maxProofFailures)
        let deadline = await node.keeper.fullBlockDeadline
        return StatusView(
            lastCommittedBlock: try node.store.lastCommittedBlock()?.number ?? 0, lastVerifiedBlock: try node.store.lastVerifiedBlock(),
            pendingTransactions: await node.keeper.pendingCount,
            nextTransferBlockIn: deadline.map { max(0, Double(($0 - .now) / .milliseconds(1)) / 1000) },
            proofQueueDepth: provers.queueDepth, provers: provers.liveProvers.map {
                StatusView.Prover(
                    name: $0.name, block: $0.block, heartbeatAgeSeconds: Double($0.heartbeatAge) / 1000, claimAgeSeconds: $0.claimAge.map { Double($0) / 1000 })
            },
            flags: provers.flaggedBlocks.map { StatusView.Flag(block: $0.block, failures: $0.failures.map { StatusView.Failure(prover: $0.prover, reason: $0.reason) }) },
            verificationHalt: node.committer.halt.map { StatusView.Halt(block: $0.block, reason: $0.reason.description) },
            recentProofTimes: provers.recentProofTimes.map { StatusView.ProofTime(block: $0.block, seconds: Double($0.milliseconds) / 1000) },
            suggestedFee: try await node.admission.fees().fees[BlockType.transfer.rawValue]?.suggestedFee ?? "0", settlement: node.settlement?.view)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> StatusView { try await status() }

    /// The node's metrics (``NodeMetrics``), with the state gauges read now.
    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        let status = try await status()
        var state: [(String, Double)] = [
            ("rollup_last_committed_block", Double(status.lastCommittedBlock)),
            ("rollup_last_verified_block", Double(status.lastVerifiedBlock)),
            ("rollup_pending_transactions", Double(status.pendingTransactions)),
            ("rollup_proof_queue_depth", Double(status.proofQueueDepth)),
            ("rollup_live_provers", Double(status.provers.count)),
            ("rollup_busy_provers", Double(status.provers.filter { $0.block != nil }.count)),
            ("rollup_flagged_blocks", Double(status.flaggedBlocks.count)),
            ("rollup_verification_halted", status.verificationHalt == nil ? 0 : 1),
        ]
        if let l1 = status.settlement {
            let pending: Double = l1.pendingTransaction == nil ? 0 : 1
            state += [
                ("rollup_l1_head", Double(l1.l1Head ?? 0)), ("rollup_l1_committed_block", Double(l1.committedOnL1)),
                ("rollup_l1_proved_block", Double(l1.provedOnL1)), ("rollup_l1_pending_transactions", pending),
                ("rollup_l1_gas_spent", Double(l1.gasSpent) ?? 0),
            ]
        }
        let text = node.metrics.render(state)
        return Response.text(text, contentType: "text/plain; version=0.0.4")
    }
}
