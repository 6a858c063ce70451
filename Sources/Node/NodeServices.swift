import APIServer
import Algebra
import Committer
import Logging
import RollupTypes
import ServiceLifecycle
import StateKeeper
import Support

/// The state keeper's clock: seals deposit and exit blocks on each tick
/// and transfer blocks at their deadline, until shutdown.
struct SealingService: Service {
    let keeper: RollupStateKeeper

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await keeper.runSealing { _ in }  // the keeper hands every seal to the committer itself
        }
    }
}

/// The committer's loop: checks the proofs workers stored and applies
/// proved blocks in order.
struct VerificationService: Service {
    let committer: BlockCommitter
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Verifying proofs, writing the verified state and updating the
                    // verified tree take milliseconds per block: on a thread of their
                    // own, never on the cooperative pool that serves HTTP.
                    let committer = self.committer
                    _ = try await DedicatedThread.run(name: "rollup.verification", priority: .normal) { try committer.applyProvedBlocks() }
                } catch {
                    logger.error("applying proved blocks failed", metadata: ["error": "\(error)"])
                }
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return  // cancelled: shutdown is not a failure
                }
            }
        }
    }
}

/// Stops one of the node's long-lived threads (the acceptance log's writer,
/// the sealing pipeline) at shutdown. Listed before the services that feed
/// it, it stops after them, so what they queued is finished first.
struct ThreadShutdownService: Service {
    let name: String
    let close: @Sendable () -> Void

    func run() async throws {
        try? await gracefulShutdown()
        // close() waits for the thread to drain its queue: not on the cooperative pool.
        try await DedicatedThread.run(name: "rollup.stop-\(name)", priority: .normal, close)
    }
}
