/// The coordination of prover workers through the database (migration
/// 0002): a registry of workers, and runs that lock one block each while
/// their heartbeat is younger than the lease.
public protocol ProverQueue: Sendable {
    /// The clock that leases are timed by, in Unix milliseconds: the
    /// database server's (machines' clocks differ), or this machine's for
    /// SQLite. Workers pass it as `now`.
    func clock() throws -> Int64
    /// Registers (or re-registers) a worker; refuses a name whose worker is
    /// still alive (its heartbeat younger than `lease`).
    func registerProver(_ name: String, now: Int64, lease: Int64) throws
    /// Records that a worker stopped, finishing any open run as abandoned.
    func stopProver(_ name: String, now: Int64) throws
    /// Stops every worker whose name starts with `prefix` at once, lease or
    /// not, abandoning their open runs with `reason`; returns how many runs
    /// it released. A node calls this as it starts, for the in-process
    /// workers of its previous life, which died with it.
    func releaseProvers(namePrefix prefix: String, reason: String, now: Int64) throws -> Int
    /// In one database transaction: the lowest committed block with no
    /// proof and no live run that is neither flagged (`maxFailures` failed
    /// runs from at least two different workers) nor failed `maxFailures`
    /// times by `prover` itself, locked by a new run of `prover`. Stale
    /// runs of that block are abandoned.
    func claimBlock(prover: String, now: Int64, lease: Int64, maxFailures: Int) throws -> ProverRun?
    /// Refreshes a worker's and its run's heartbeat; false when the run is
    /// no longer its (another worker took the block after the lease).
    func heartbeat(prover: String, run: Int64?, now: Int64) throws -> Bool
    /// Finishes a run: with `proof` (snarkjs JSON) stored in the same
    /// database transaction when it proved the block, or failed with
    /// `error`. False, and nothing stored, when the run was no longer open:
    /// another worker took the block after its lease, so a late proof is
    /// refused.
    @discardableResult
    func finishRun(_ run: ProverRun, proof: String?, error: String?, now: Int64) throws -> Bool
    /// What the node's status shows.
    func proverStatus(now: Int64, lease: Int64, maxFailures: Int) throws -> ProverStatus
    /// Clears block `block`'s failed runs, so that they no longer count
    /// towards its flag (`rollup blocks retry`); returns how many it cleared.
    func clearFailures(block: UInt32, now: Int64) throws -> Int
}

/// One claimed block.
public struct ProverRun: Equatable, Sendable {
    public let id: Int64
    public let block: UInt32
    public let prover: String
}

/// The proof queue and its workers.
/// What the queue shows: its depth, the live workers, flagged blocks and
/// recent proof times (GET /v1/status; admission's figures, GET /v1/fees).
public struct ProverStatus: Sendable {
    /// Committed blocks without a proof.
    public var queueDepth: Int
    /// Workers whose heartbeat is within the lease, with the block each
    /// proves, the milliseconds since their last heartbeat and, while they
    /// prove, since they claimed the block.
    public var liveProvers: [LiveProver]
    /// Blocks that two different workers (on PostgreSQL, database roles)
    /// have each failed `maxFailures` times in runs not cleared, and that
    /// wait for an operator (`rollup blocks retry`), with their failed runs
    /// (the first 100 such blocks).
    public var flaggedBlocks: [(block: UInt32, failures: [Failure])]
    /// Proof time of the last proved blocks, in milliseconds.
    public var recentProofTimes: [(block: UInt32, milliseconds: Int64)]
}

extension ProverStatus {
    /// A worker with a live heartbeat.
    public struct LiveProver: Equatable, Sendable {
        public let name: String
        /// The block it has claimed, if any.
        public let block: UInt32?
        /// Milliseconds since its last heartbeat (the lease runs out at the lease's length).
        public let heartbeatAge: Int64
        /// Milliseconds since it claimed `block`.
        public let claimAge: Int64?

        public init(name: String, block: UInt32?, heartbeatAge: Int64, claimAge: Int64?) {
            self.name = name
            self.block = block
            self.heartbeatAge = heartbeatAge
            self.claimAge = claimAge
        }
    }

    /// A failed run: the worker and its error.
    public struct Failure: Equatable, Sendable {
        public let prover: String
        public let reason: String
    }
}

/// Why a worker cannot register.
public enum ProverQueueError: Error, Equatable, CustomStringConvertible {
    case nameInUse(String)

    public var description: String {
        switch self {
        case .nameInUse(let name): return "a live prover is already registered as '\(name)'; pick another --name or wait for its lease to expire"
        }
    }
}
