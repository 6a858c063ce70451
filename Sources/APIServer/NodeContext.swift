import Algebra
import Committer
import Foundation
import Groth16
import RollupTypes
import StateKeeper
import Storage

/// What the API's controllers share: the state keeper, the store, the
/// committer, the bridge's key and the circuits' verifying keys.
public final class NodeContext: Sendable {
    public let keeper: RollupStateKeeper
    public let store: SQLiteStore
    /// Group commit of accepted transactions.
    public let acceptanceLog: AcceptanceLog
    public let committer: BlockCommitter
    /// The Ed25519 key whose signature a deposit needs.
    public let bridgePublicKey: [UInt8]
    public let verifyingKeys: [BlockType: VerifyingKey]
    /// Prover lease and retry limit, for the status.
    public let proverLease: Duration
    public let maxProofFailures: Int
    /// Submissions are refused with 429 while this many are pending.
    public let maxPending: Int
    /// The fee the status suggests to wallets.
    public let suggestedFee: UInt128
    /// Counters for /metrics.
    let counters = Counters()

    /// Accepted and refused submissions since start.
    final class Counters: @unchecked Sendable {
        private let lock = NSLock()
        private var values = (accepted: 0, refused: 0)

        func count(accepted: Bool) {
            lock.lock()
            if accepted { values.accepted += 1 } else { values.refused += 1 }
            lock.unlock()
        }

        var snapshot: (accepted: Int, refused: Int) {
            lock.lock()
            defer { lock.unlock() }
            return values
        }
    }

    public init(
        keeper: RollupStateKeeper, store: SQLiteStore, committer: BlockCommitter, bridgePublicKey: [UInt8],
        verifyingKeys: [BlockType: VerifyingKey], proverLease: Duration = .seconds(60), maxProofFailures: Int = 3, maxPending: Int = 100_000,
        suggestedFee: UInt128 = 1, acceptanceLog: AcceptanceLog
    ) {
        self.suggestedFee = suggestedFee
        self.acceptanceLog = acceptanceLog
        self.keeper = keeper
        self.store = store
        self.committer = committer
        self.bridgePublicKey = bridgePublicKey
        self.verifyingKeys = verifyingKeys
        self.proverLease = proverLease
        self.maxProofFailures = maxProofFailures
        self.maxPending = maxPending
    }

    /// Submits through the keeper, which queues the transaction for group
    /// commit as pending before it queues it for a block; answers once the
    /// transaction is durable.
    func accept(_ transaction: Transaction, signatureVerified: Bool) async throws -> RollupStateKeeper.Receipt {
        guard await keeper.pendingCount < maxPending else {
            counters.count(accepted: false)
            throw APIError(.tooManyRequests, "too_many_pending", "\(maxPending) transactions are pending; retry after the next blocks are sealed")
        }
        if try store.transaction(hash: transaction.hash) != nil {
            counters.count(accepted: false)
            throw APIError(TransactionRejection.duplicate)
        }
        let ticket = TicketBox()
        let log = acceptanceLog
        let receipt: RollupStateKeeper.Receipt
        do {
            (receipt, _) = try await keeper.submit(transaction, signatureVerified: signatureVerified) { transaction, receipt in
                ticket.value = log.enqueue(transaction, account: receipt.account, receivedAt: UnixTime.milliseconds())
            }
        } catch {
            counters.count(accepted: false)
            throw APIError(error)
        }
        if let queued = ticket.value {
            do {
                try await log.waitUntilDurable(queued)
            } catch {
                counters.count(accepted: false)
                throw APIError(.serviceUnavailable, "storage", "the transaction could not be stored (\(error)); its outcome is unknown, check its hash later")
            }
        }
        counters.count(accepted: true)
        return receipt
    }
}

/// The acceptance-log ticket the keeper's persist hook hands back.
final class TicketBox: @unchecked Sendable {
    var value: AcceptanceLog.Ticket?
}
