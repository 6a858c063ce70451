import APIContract
import BlockVerification
import CoreMetrics
import Foundation
import RollupTypes
import StateKeeper
import Storage

/// Admission that proving can keep up with (docs/PROTOCOL.md, "Fees and
/// admission"). The backlog is the blocks not yet verified: those committed
/// and those the pending transactions will fill. The keeper refuses, as it
/// admits (``AdmissionRule``), a transfer or exit while the backlog is at
/// its cap (503 `backlog_full`, with `Retry-After` from the recent proof
/// times) or whose fee is below the base fee that ``FeeSchedule`` gives
/// for the backlog and the live provers (422 `fee_too_low`), and a
/// transaction whose account has too many pending (429
/// `too_many_pending`); deposits pass, bound by the bridge. A transaction
/// once accepted is never dropped when the base fee rises. Each refusal is
/// counted in `rollup_admission_refusals_total{reason}`.
public final class AdmissionControl: @unchecked Sendable {
    /// What the operator sets (`rollup node --min-fee`, `--max-backlog`,
    /// `--max-pending-per-account`).
    public struct Limits: Sendable, Equatable {
        public var fees = FeeSchedule()
        /// Blocks not yet verified (committed, or to be filled by pending
        /// transactions) at which transfers and exits are refused.
        public var maxBacklog = 32
        /// Pending transactions one account may have (429 `too_many_pending` beyond).
        public var maxPendingPerAccount = 64

        public init() {}
    }

    /// What GET /v1/fees reports: the backlog, the live provers, the mean
    /// proof time, and the expected seconds to verification by paying type.
    public struct Load: Sendable, Equatable {
        public var backlog: Int
        public var provers: Int
        public var proofSeconds: Double
        public var expectedSeconds: [BlockType: Double]
    }

    /// The provers' figures.
    struct ProverFigures {
        var provers: Int
        var proofSeconds: Double
        /// Seconds per verified block lately, by the block's type (``BlockSeconds``).
        var blockSeconds: [BlockType: Double]
        /// The same over all types; the mean proof time over the live
        /// provers until two blocks are verified.
        var meanBlockSeconds: Double

        /// Seconds per verified block of `type` lately, or the mean over all types.
        func seconds(_ type: BlockType?) -> Double { type.flatMap { blockSeconds[$0] } ?? meanBlockSeconds }
    }

    /// The proof time assumed until one is measured.
    public static let defaultProofSeconds = 5.0
    /// How long the provers' figures (a database query) are reused.
    static let proverFiguresAge: Duration = .seconds(1)

    public let limits: Limits
    private let store: any NodeStore
    private let keeper: RollupStateKeeper
    private let verifiedState: VerifiedState
    private let proverLease: Duration
    private let maxProofFailures: Int
    private let lock = NSLock()
    private var cachedFigures: (at: ContinuousClock.Instant, figures: ProverFigures)?
    /// The types of the sealed blocks after the verified head, as read from storage.
    private var sealedTypes = [UInt32: BlockType]()
    private let refusals: [String: CoreMetrics.Counter]

    init(
        limits: Limits, store: any NodeStore, keeper: RollupStateKeeper, verifiedState: VerifiedState, proverLease: Duration, maxProofFailures: Int,
        metrics: any MetricsFactory
    ) {
        self.limits = limits
        self.store = store
        self.keeper = keeper
        self.verifiedState = verifiedState
        self.proverLease = proverLease
        self.maxProofFailures = maxProofFailures
        refusals = Dictionary(uniqueKeysWithValues: ["fee_too_low", "backlog_full", "too_many_pending"].map {
            ($0, CoreMetrics.Counter(label: "rollup_admission_refusals_total", dimensions: [("reason", $0)], factory: metrics))
        })
    }

    /// The provers' figures: from storage at most once a second.
    func proverFigures() throws -> ProverFigures {
        let cached: ProverFigures? = lock.withLock {
            guard let cached = cachedFigures, ContinuousClock.now - cached.at < Self.proverFiguresAge else { return nil }
            return cached.figures
        }
        if let cached { return cached }
        let status = try store.proverStatus(now: UnixTime.milliseconds(), lease: Int64(proverLease / .milliseconds(1)), maxFailures: maxProofFailures)
        let times = status.recentProofTimes.map { Double($0.milliseconds) / 1000 }
        let proofSeconds = times.isEmpty ? Self.defaultProofSeconds : times.reduce(0, +) / Double(times.count)
        let seconds = try BlockSeconds.recent(store)
        let figures = ProverFigures(
            provers: status.liveProvers.count, proofSeconds: proofSeconds, blockSeconds: seconds.byType,
            meanBlockSeconds: seconds.mean ?? proofSeconds / Double(max(1, status.liveProvers.count)))
        lock.withLock { cachedFigures = (.now, figures) }
        return figures
    }

    /// The types of the sealed blocks `numbers`: from storage once each,
    /// nil for one the committer has not stored yet.
    private func types(of numbers: ClosedRange<UInt32>?) throws -> [BlockType?] {
        guard let numbers else { return [] }
        let missing = lock.withLock {
            sealedTypes = sealedTypes.filter { numbers.contains($0.key) }
            return numbers.first { sealedTypes[$0] == nil }
        }
        if let missing {
            let stored = try store.blocks(from: missing, limit: Int(numbers.upperBound - missing) + 1)
            lock.withLock { for block in stored { sealedTypes[block.number] = block.type } }
        }
        return lock.withLock { numbers.map { sealedTypes[$0] } }
    }

    /// The rule the keeper admits by now; it needs no call to the keeper.
    func rule() throws -> AdmissionRule {
        AdmissionRule(
            verifiedBlock: try verifiedState.head().block, maxBacklog: limits.maxBacklog, maxPendingPerAccount: limits.maxPendingPerAccount,
            fees: limits.fees, liveProvers: try proverFigures().provers)
    }

    /// What the provers' recent pace is stretched by to price a backlog:
    /// that pace is a forecast, and the machines that prove slow down (a
    /// busy neighbour, a hotter core). A wallet told a time keeps to it
    /// while the provers slow by up to a quarter as it waits; measured in
    /// `rollup bench throughput` (`throughput_suggested_fee_probe`).
    public static let paceAllowance = 1.25

    /// The load now: the verified head and the provers' figures, and the
    /// backlog from the keeper. A transaction of a paying type sent now is
    /// expected to be verified once its block is sealed (at the latest by
    /// the keeper's deadline for its open block) and the provers have got
    /// through the blocks ahead of it, and then its own block's time: the
    /// later of the two, plus one block of its type, each block at the
    /// recent seconds per verified block of its type, the backlog's
    /// stretched by ``paceAllowance``.
    public func load() async throws -> Load {
        let verified = try verifiedState.head().block
        let figures = try proverFigures()
        let backlog = await keeper.backlog(verified: verified)
        let now = ContinuousClock.now
        let sealed = try types(of: backlog.sealed).map(figures.seconds).reduce(0, +)
        let ahead = Self.paceAllowance * backlog.pending.reduce(sealed) { total, entry in total + Double(entry.value) * figures.seconds(entry.key) }
        let expected = Dictionary(uniqueKeysWithValues: FeeSchedule.payingTypes.map { type in
            let sealWait = backlog.sealDeadline[type].map { max(0, Double(($0 - now) / .milliseconds(1)) / 1000) } ?? 0
            return (type, max(sealWait, ahead) + figures.seconds(type))
        })
        return Load(backlog: backlog.blocks, provers: figures.provers, proofSeconds: figures.proofSeconds, expectedSeconds: expected)
    }

    /// The 503 `backlog_full` answer to the keeper's refusal, counted,
    /// with `Retry-After`: the time the provers take to verify the blocks
    /// over the cap, at the recent seconds per verified block.
    func backlogFull(_ rejection: TransactionRejection, blocks: Int) -> APIError {
        refused("backlog_full")
        let blockSeconds = (try? proverFigures().meanBlockSeconds) ?? Self.defaultProofSeconds
        let excess = Double(max(1, blocks - limits.maxBacklog + 1))
        let retryAfter = max(1, Int((excess * blockSeconds).rounded(.up)))
        return APIError(.serviceUnavailable, "backlog_full", "\(rejection.description); retry in about \(retryAfter) s", retryAfter: retryAfter)
    }

    /// Counts a refusal with `reason` (an API error code).
    func refused(_ reason: String) {
        refusals[reason]?.increment()
    }

    /// GET /v1/fees.
    public func fees() async throws -> FeesView {
        let load = try await load()
        let fees = Dictionary(uniqueKeysWithValues: FeeSchedule.payingTypes.map { type in
            (type.rawValue, FeesView.Fees(
                minimum: String(limits.fees.minimum(type)), baseFee: String(limits.fees.baseFee(type, backlog: load.backlog, provers: load.provers)),
                suggestedFee: String(limits.fees.suggestedFee(type, backlog: load.backlog, provers: load.provers)),
                expectedSecondsToVerification: load.expectedSeconds[type] ?? 0))
        })
        return FeesView(
            fees: fees, backlogBlocks: load.backlog, targetBacklogBlocks: FeeSchedule.target(provers: load.provers), maxBacklogBlocks: limits.maxBacklog,
            liveProvers: load.provers, proofSeconds: load.proofSeconds,
            expectedSecondsToVerification: load.expectedSeconds.values.max() ?? 0, source: "node")
    }
}
