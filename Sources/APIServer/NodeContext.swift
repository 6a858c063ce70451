import APIContract
import Algebra
import Committer
import CoreMetrics
import Foundation
import Groth16
import Metrics
import RollupTypes
import StateKeeper
import Storage

/// What the API's controllers share: the state keeper, the store, the
/// committer, the chain's signing domain and the circuits' verifying keys.
public final class NodeContext: Sendable {
    public let keeper: RollupStateKeeper
    public let store: any NodeStore
    /// Group commit of accepted transactions.
    public let acceptanceLog: AcceptanceLog
    public let committer: BlockCommitter
    /// The chain id that signatures bind, and the bridge's key.
    public let domain: SigningDomain
    public let verifyingKeys: [BlockType: VerifyingKey]
    /// What the chain is (GET /v1/chain).
    public let chain: ChainView
    /// The proving key files, served to provers on other machines.
    public let provingKeyFiles: [BlockType: String]
    /// Prover lease and retry limit, for the status.
    public let proverLease: Duration
    public let maxProofFailures: Int
    /// Submissions are refused with 429 while this many are pending.
    public let maxPending: Int
    /// Fees, the backlog cap and the per-account cap (GET /v1/fees).
    public let admission: AdmissionControl
    /// The node's metrics (GET /metrics).
    public let metrics: NodeMetrics
    /// The subscriptions of GET /v1/ws.
    public let events: EventHub
    /// In L1 mode: where settlement stands (GET /v1/status, GET /metrics).
    public let settlement: SettlementProgress?
    /// Transactions accepted since the node started (the `status` topic).
    let acceptedCount = Tally()
    /// `rollup_transactions_total` by outcome, and `rollup_acceptance_seconds`.
    let accepted: CoreMetrics.Counter
    let refused: CoreMetrics.Counter
    let acceptanceTime: CoreMetrics.Timer

    public init(
        keeper: RollupStateKeeper, store: any NodeStore, committer: BlockCommitter,
        verifyingKeys: [BlockType: VerifyingKey], chain: ChainView, provingKeyFiles: [BlockType: String] = [:], proverLease: Duration = .seconds(60), maxProofFailures: Int = 3, maxPending: Int = 100_000,
        admission limits: AdmissionControl.Limits = .init(), acceptanceLog: AcceptanceLog, metrics: NodeMetrics = NodeMetrics(),
        subscriptions: SubscriptionLimits = SubscriptionLimits(), settlement: SettlementProgress? = nil
    ) {
        self.settlement = settlement
        self.metrics = metrics
        events = EventHub(limits: subscriptions)
        accepted = CoreMetrics.Counter(label: "rollup_transactions_total", dimensions: [("outcome", "accepted")], factory: metrics.factory)
        refused = CoreMetrics.Counter(label: "rollup_transactions_total", dimensions: [("outcome", "refused")], factory: metrics.factory)
        acceptanceTime = CoreMetrics.Timer(label: "rollup_acceptance_seconds", factory: metrics.factory)
        admission = AdmissionControl(
            limits: limits, store: store, keeper: keeper, verifiedState: committer.verifiedState, proverLease: proverLease, maxProofFailures: maxProofFailures,
            metrics: metrics.factory)
        self.acceptanceLog = acceptanceLog
        self.keeper = keeper
        self.store = store
        self.committer = committer
        domain = committer.chain.signingDomain
        self.verifyingKeys = verifyingKeys
        self.chain = chain
        self.provingKeyFiles = provingKeyFiles
        self.proverLease = proverLease
        self.maxProofFailures = maxProofFailures
        self.maxPending = maxPending
    }

    /// Submits through the keeper, which queues the transaction for group
    /// commit as pending before it queues it for a block; answers once the
    /// transaction is durable. Its refusals are ``APIError``s, as a
    /// submission over HTTP gets them (L1 mode admits deposits so).
    public func accept(_ transaction: Transaction, signatureVerified: Bool) async throws -> RollupStateKeeper.Receipt {
        let started = ContinuousClock.now
        let receipt = try await admit(transaction, signatureVerified: signatureVerified)
        acceptanceTime.record(duration: ContinuousClock.now - started)
        acceptedCount.add()
        events.publish(.event(ChainFeed.event(receipt.hash.lowercased(), .pending)))
        return receipt
    }

    /// What GET /v1/ws's events are read from.
    public var feed: ChainFeed {
        ChainFeed(
            store: store, treeDepth: chain.treeDepth,
            account: { [keeper, store] id in
                guard let account = try? AccountID(Int(id)) else { return nil }
                let committed = await keeper.sealedAccount(account)
                let verified = try store.verifiedAccount(account)
                guard committed != nil || verified != nil else { return nil }
                return SocketMessage.AccountEvent(id: id, committed: committed.map(AccountView.State.init), verified: verified.map(AccountView.State.init))
            },
            status: { [self] in
                let load = try await admission.load()
                return SocketMessage.StatusEvent(
                    lastCommittedBlock: try store.lastCommittedBlock()?.number ?? 0, lastVerifiedBlock: try store.lastVerifiedBlock(), backlogBlocks: load.backlog,
                    liveProvers: load.provers, pendingTransactions: await keeper.pendingCount, acceptedTransactions: acceptedCount.value)
            })
    }

    private func admit(_ transaction: Transaction, signatureVerified: Bool) async throws -> RollupStateKeeper.Receipt {
        guard await keeper.pendingCount < maxPending else {
            refused.increment()
            admission.refused("too_many_pending")
            throw APIError(.tooManyRequests, "too_many_pending", "\(maxPending) transactions are pending; retry after the next blocks are sealed")
        }
        let rule: AdmissionRule
        do { rule = try admission.rule() } catch {
            refused.increment()
            throw error
        }
        // A transfer or exit already stored has used its nonce, so the
        // keeper refuses it anyway: the database is asked only then, to name
        // the refusal, and never on the way of a transaction it takes. A
        // bridge-vouched deposit carries no nonce, so it is looked up first; so is every
        // transaction while the database seems away, which answers 503 at
        // once (nothing enters the keeper that could not be stored), and
        // finds out when the database is back.
        let guardedByNonce = transaction.kind.map { type(of: $0).authority == .owner } ?? true
        if !guardedByNonce || !store.isAvailable, try store.transaction(hash: transaction.hash) != nil {
            refused.increment()
            throw APIError(TransactionRejection.duplicate)
        }
        let ticket = TicketBox()
        let log = acceptanceLog
        let receipt: RollupStateKeeper.Receipt
        do {
            (receipt, _) = try await keeper.submit(
                transaction, signatureVerified: signatureVerified, admission: rule
            ) { transaction, receipt in
                ticket.value = log.enqueue(transaction, account: receipt.account, receivedAt: UnixTime.milliseconds())
            }
        } catch {
            refused.increment()
            switch error {
            case .backlogFull(let blocks, _): throw admission.backlogFull(error, blocks: blocks)
            case .feeTooLow: admission.refused("fee_too_low")
            case .tooManyPending: admission.refused("too_many_pending")
            default: break
            }
            if guardedByNonce, let stored = try store.transaction(hash: transaction.hash) {
                if case .rejected = stored.status {} else { throw APIError(TransactionRejection.duplicate) }
            }
            throw APIError(error)
        }
        if let queued = ticket.value {
            do {
                try await log.waitUntilDurable(queued)
            } catch {
                refused.increment()
                throw APIError(.serviceUnavailable, "storage", "the transaction could not be stored (\(error)); its outcome is unknown, check its hash later")
            }
        }
        accepted.increment()
        return receipt
    }
}

/// A count shared across tasks.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

/// The acceptance-log ticket the keeper's persist hook hands back.
final class TicketBox: @unchecked Sendable {
    var value: AcceptanceLog.Ticket?
}
