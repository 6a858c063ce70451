import Algebra
import CoreMetrics
import Foundation
import Groth16
import Logging
import Metrics
import RollupTypes
import ServiceLifecycle
import Storage

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
    /// The wall clock that times its claims, leases and heartbeats, in Unix
    /// milliseconds (they are compared across processes). Tests move it
    /// instead of waiting out a lease.
    public var wallClock: @Sendable () -> Int64 = UnixTime.milliseconds
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
/// others, may share one database.
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

    public func run() async throws {
        try store.registerProver(configuration.name, now: configuration.wallClock(), lease: leaseMilliseconds)
        logger.info("registered", metadata: ["threads": "\(configuration.threads)"])
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: fall through to deregistration.
        } catch {
            try? store.stopProver(configuration.name, now: configuration.wallClock())
            throw error
        }
        try store.stopProver(configuration.name, now: configuration.wallClock())
        logger.info("stopped")
    }

    private func loop() async throws {
        while !Task.isCancelled {
            let now = configuration.wallClock()
            guard let run = try store.claimBlock(prover: configuration.name, now: now, lease: leaseMilliseconds, maxFailures: configuration.maxFailures) else {
                _ = try store.heartbeat(prover: configuration.name, run: nil, now: now)
                try await Task.sleep(for: configuration.poll)
                continue
            }
            try await prove(run)
        }
    }

    /// Proves one claimed block, heartbeating while the proof runs on its own thread.
    func prove(_ run: ProverRun) async throws {
        let started = ContinuousClock.now
        logger.info("claimed", metadata: ["block": "\(run.block)"])
        guard let block = try store.sealedBlock(run.block) else {
            try store.finishRun(run, proof: nil, error: "block \(run.block) has no stored witness", now: configuration.wallClock())
            return
        }
        let heartbeats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.heartbeat)
                if Task.isCancelled { return }
                if (try? store.heartbeat(prover: configuration.name, run: run.id, now: configuration.wallClock())) == false {
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
            try store.finishRun(run, proof: json, error: nil, now: configuration.wallClock())
            proofTime.record(duration: ContinuousClock.now - started)
            proved.increment()
            logger.info("proved", metadata: ["block": "\(run.block)", "seconds": "\((ContinuousClock.now - started).components.seconds)"])
        case .failure(let error):
            try store.finishRun(run, proof: nil, error: String(describing: error), now: configuration.wallClock())
            failed.increment()
            logger.error("proving failed", metadata: ["block": "\(run.block)", "error": "\(error)"])
        }
    }
}
