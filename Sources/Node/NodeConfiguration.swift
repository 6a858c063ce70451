import APIServer
import Algebra
import Foundation
import RollupTypes
import Storage
import Support

/// Everything `rollup node` can be told; production values by default.
public struct NodeConfiguration: Sendable {
    /// Holds the database, the keys and the operator's and bridge's secrets.
    public var dataDirectory = "data"
    /// The database: an SQLite file or a PostgreSQL server; default:
    /// rollup.sqlite in the data directory.
    public var database: DatabaseLocation?
    /// The proving keys' directory; default: keys in the data directory.
    public var keysPath: String?
    public var host = "127.0.0.1"
    public var port = 8080
    /// In-process prover workers (0: provers are external processes).
    public var provers = Parallelism.available
    /// Threads per in-process prover.
    public var proverThreads = 1
    /// How in-process provers are scheduled: idle by default, so that proofs
    /// only use CPU time that the API and sealing leave.
    public var proverPriority = ThreadPriority.idle
    public var proverLease: Duration = .seconds(60)
    public var proverHeartbeat: Duration = .seconds(5)
    public var maxProofFailures = 3
    /// The chain's parameters: its shape is fixed when the database is
    /// created (a restart keeps the stored one), its timeout may change.
    public var chain = ChainParameters.production
    public var tick: Duration = .milliseconds(100)
    /// Submissions are refused with 429 while this many are pending.
    public var maxPending = 100_000
    /// Minimum fees, the backlog cap and the per-account cap (`--min-fee`,
    /// `--max-backlog`, `--max-pending-per-account`).
    public var admission = AdmissionControl.Limits()
    /// Timeouts and caps on HTTP connections.
    public var http = HTTPLimits()
    /// The bounds of GET /v1/ws.
    public var subscriptions = SubscriptionLimits()
    /// How often stored proofs are checked and applied.
    public var verifyInterval: Duration = .milliseconds(250)
    /// Development mode (`rollup node --dev`): missing proving keys are made
    /// by a single-party development setup, and the node may make and keep
    /// the bridge's secret key. Without it, every key file must be there
    /// and the node reads only the bridge's public key.
    public var development = false
    /// L1 mode: deposits from the chain's contracts, every verified block
    /// settled on them (nil: the bridge key alone, as in development).
    public var l1: L1Configuration?

    public init() {}

    /// The database in use.
    public var resolvedDatabase: DatabaseLocation {
        database ?? .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("rollup.sqlite").path)
    }
    /// Where the circuits' proving keys are (TYPE.key or TYPE.zkey); with
    /// `development`, the missing ones are made there by a development setup.
    public var keysDirectory: String { keysPath ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys").path }
}
