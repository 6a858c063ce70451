import Committer
import Logging
import ServiceLifecycle
import StateKeeper

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
                    try committer.applyProvedBlocks()
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
