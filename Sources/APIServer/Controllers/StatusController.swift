import Foundation
import Hummingbird
import Storage

/// GET /v1/status and GET /metrics (Prometheus text format).
struct StatusController<Context: RequestContext> {
    let node: NodeContext

    func status() async throws -> StatusView {
        let provers = try node.store.proverStatus(
            now: UnixTime.milliseconds(), lease: Int64(node.proverLease / .milliseconds(1)), maxFailures: node.maxProofFailures)
        let deadline = await node.keeper.transferDeadline
        return StatusView(
            lastCommittedBlock: try node.store.lastCommittedBlock()?.number ?? 0, lastVerifiedBlock: try node.store.lastVerifiedBlock(),
            pendingTransactions: await node.keeper.pendingCount,
            nextTransferBlockIn: deadline.map { max(0, Double(($0 - .now) / .milliseconds(1)) / 1000) },
            proofQueueDepth: provers.queueDepth, provers: provers.liveProvers.map { StatusView.Prover(name: $0.name, block: $0.block) },
            flaggedBlocks: provers.flaggedBlocks,
            recentProofTimes: provers.recentProofTimes.map { StatusView.ProofTime(block: $0.block, seconds: Double($0.milliseconds) / 1000) },
            suggestedFee: String(node.suggestedFee))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> StatusView { try await status() }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        let status = try await status()
        let counters = node.counters.snapshot
        var lines = [String]()
        func gauge(_ name: String, _ help: String, _ value: Double, type: String = "gauge") {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) \(type)", "\(name) \(value)"]
        }
        gauge("rollup_last_committed_block", "The highest committed block.", Double(status.lastCommittedBlock))
        gauge("rollup_last_verified_block", "The highest verified block.", Double(status.lastVerifiedBlock))
        gauge("rollup_pending_transactions", "Accepted transactions not yet in a block.", Double(status.pendingTransactions))
        gauge("rollup_proof_queue_depth", "Committed blocks without a proof.", Double(status.proofQueueDepth))
        gauge("rollup_live_provers", "Prover workers whose heartbeat is within the lease.", Double(status.provers.count))
        gauge("rollup_flagged_blocks", "Blocks that failed to prove too often.", Double(status.flaggedBlocks.count))
        gauge("rollup_transactions_accepted_total", "Submissions accepted since start.", Double(counters.accepted), type: "counter")
        gauge("rollup_transactions_refused_total", "Submissions refused since start.", Double(counters.refused), type: "counter")
        lines += ["# HELP rollup_prover_current_block The block each live prover works on (0 when idle).", "# TYPE rollup_prover_current_block gauge"]
        lines += status.provers.map { "rollup_prover_current_block{prover=\"\($0.name)\"} \($0.block ?? 0)" }
        lines += ["# HELP rollup_block_proof_seconds Proof time of recently proved blocks.", "# TYPE rollup_block_proof_seconds gauge"]
        lines += status.recentProofTimes.map { "rollup_block_proof_seconds{block=\"\($0.block)\"} \($0.seconds)" }
        return Response.text(lines.joined(separator: "\n") + "\n", contentType: "text/plain; version=0.0.4")
    }
}

extension StatusView: ResponseEncodable {}
