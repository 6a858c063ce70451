import Algebra
import CoreMetrics
import Foundation
import Groth16
import Logging
import Metrics
import RollupTypes
import ServiceLifecycle
import Storage
import Support

/// How a prover worker paces itself.
public struct ProverWorkerConfiguration: Sendable {
    /// The name it registers under in active_provers.
    public var name: String
    /// A lock whose heartbeat is older than this is dead.
    public var lease: Duration = .seconds(60)
    /// How often the worker refreshes its heartbeat.
    public var heartbeat: Duration = .seconds(5)
    /// How long it waits before looking again when no block needs a proof.
    public var poll: Duration = .milliseconds(500)
    /// Failed attempts after which a block is flagged and left alone.
    public var maxFailures = 3
    /// Threads for each proof.
    public var threads = Parallelism.available
    /// The scheduling priority of the proving thread (on Linux). The node's
    /// in-process workers prove at `.idle`, one thread each, so that the
    /// API, which shares their process, always comes first; a prover
    /// process of its own can run at `.normal`. With `threads` above 1 the
    /// extra threads of MSM and NTT come from Dispatch's pool and keep its
    /// priority.
    public var priority = ThreadPriority.normal
    /// The clock that times its claims, leases and heartbeats, in Unix
    /// milliseconds; nil (the default) for the database's
    /// (``ProverQueue/clock()``), which every worker of a fleet shares.
    /// Tests move it instead of waiting out a lease.
    public var wallClock: (@Sendable () -> Int64)?
    /// The longest pause between attempts while the database is away.
    public var maxBackoff: Duration = .seconds(10)
    /// Where proof times (`rollup_proof_seconds`) and outcomes
    /// (`rollup_proofs_total`) go; none by default.
    public var metrics: any MetricsFactory = NOOPMetricsHandler.instance

    public init(name: String) { self.name = name }
}

/// A prover worker: registers, then claims the lowest committed block that
/// needs a proof, proves it from the witness stored with the block, stores
/// the proof and releases the lock, with heartbeats all along. On graceful
/// shutdown (SIGTERM or SIGINT in a service group) it abandons its current
/// run and records that it stopped. Several workers, in this process or in
/// others, on this machine or others, may share one database. While the
/// database is away it stops heartbeating and retries with a growing pause
/// (up to `maxBackoff`); a block it held meanwhile goes to another worker
/// after the lease, and its own late proof is refused.
public final class ProverWorker: Service, Sendable {
    let store: any RollupStore & ProverQueue
    let prover: BlockProver
    public let configuration: ProverWorkerConfiguration
    let logger: Logger
    let proofTime: CoreMetrics.Timer
    let proved: CoreMetrics.Counter
    let failed: CoreMetrics.Counter

    public init(store: any RollupStore & ProverQueue, prover: BlockProver, configuration: ProverWorkerConfiguration, logger: Logger? = nil) {
        self.store = store
        self.prover = prover
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "prover.\(configuration.name)")
        proofTime = CoreMetrics.Timer(label: "rollup_proof_seconds", factory: configuration.metrics)
        proved = CoreMetrics.Counter(label: "rollup_proofs_total", dimensions: [("outcome", "proved")], factory: configuration.metrics)
        failed = CoreMetrics.Counter(label: "rollup_proofs_total", dimensions: [("outcome", "failed")], factory: configuration.metrics)
    }

    var leaseMilliseconds: Int64 { Int64(configuration.lease / .milliseconds(1)) }

    /// The time by the worker's clock: the database's unless a test set one.
    func now() throws -> Int64 {
        try configuration.wallClock?() ?? store.clock()
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await self.retryingWhileUnavailable { try self.store.registerProver(self.configuration.name, now: try self.now(), lease: self.leaseMilliseconds) }
                self.logger.info("registered", metadata: ["threads": "\(self.configuration.threads)"])
                try await self.loop()
            }
        } catch is CancellationError {
            // Shutdown: fall through to deregistration.
        } catch {
            try? store.stopProver(configuration.name, now: now())
            throw error
        }
        try store.stopProver(configuration.name, now: now())
        logger.info("stopped")
    }

    private func loop() async throws {
        while !Task.isCancelled {
            guard let run = try await retryingWhileUnavailable({ () throws -> ProverRun? in
                let now = try self.now()
                let run = try self.store.claimBlock(prover: self.configuration.name, now: now, lease: self.leaseMilliseconds, maxFailures: self.configuration.maxFailures)
                if run == nil { _ = try self.store.heartbeat(prover: self.configuration.name, run: nil, now: now) }
                return run
            }) else {
                try await Task.sleep(for: configuration.poll)
                continue
            }
            try await prove(run)
        }
    }

    /// Runs `body` until it does not fail for want of the database, pausing
    /// between attempts for twice as long each time, up to `maxBackoff`.
    /// Other errors and cancellation end it.
    @discardableResult
    func retryingWhileUnavailable<T>(_ body: () throws -> T) async throws -> T {
        var pause = Duration.milliseconds(250)
        while true {
            do {
                return try body()
            } catch let failure as any DatabaseFailure where failure.isUnavailable {
                logger.warning("the database is unavailable; retrying", metadata: ["in": "\(pause)", "error": "\(failure)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, configuration.maxBackoff)
            }
        }
    }

    /// Proves one claimed block, heartbeating while the proof runs on its own thread.
    func prove(_ run: ProverRun) async throws {
        let started = ContinuousClock.now
        logger.info("claimed", metadata: ["block": "\(run.block)"])
        guard let block = try await retryingWhileUnavailable({ try store.sealedBlock(run.block) }) else {
            try await retryingWhileUnavailable { try store.finishRun(run, proof: nil, error: "block \(run.block) has no stored witness", now: try now()) }
            return
        }
        let heartbeats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.heartbeat)
                if Task.isCancelled { return }
                if (try? store.heartbeat(prover: configuration.name, run: run.id, now: try now())) == false {
                    logger.warning("lost the lease", metadata: ["block": "\(run.block)"])
                }
            }
        }
        defer { heartbeats.cancel() }
        // A proof takes seconds of CPU: on a thread of its own, never on the
        // cooperative pool that the process's HTTP server and services share.
        let prover = self.prover, threads = configuration.threads
        let outcome: Result<Proof, Error>
        do {
            outcome = .success(try await DedicatedThread.run(name: "rollup.\(configuration.name)", priority: configuration.priority) {
                try prover.prove(block, threads: threads)
            })
        } catch {
            outcome = .failure(error)
        }
        // Even when shutdown began meanwhile, a finished proof is stored: the job ends cleanly either way.
        switch outcome {
        case .success(let proof):
            let json = String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self)
            guard try await retryingWhileUnavailable({ try store.finishRun(run, proof: json, error: nil, now: try now()) }) else {
                logger.warning("lost the lease before the proof was stored; another worker proves the block", metadata: ["block": "\(run.block)"])
                return
            }
            proofTime.record(duration: ContinuousClock.now - started)
            proved.increment()
            logger.info("proved", metadata: ["block": "\(run.block)", "seconds": "\((ContinuousClock.now - started).components.seconds)"])
        case .failure(let error):
            try await retryingWhileUnavailable { try store.finishRun(run, proof: nil, error: String(describing: error), now: try now()) }
            failed.increment()
            logger.error("proving failed", metadata: ["block": "\(run.block)", "error": "\(error)"])
        }
    }
}
