import Foundation
import RollupTypes

/// Group commit for accepted transactions: each acceptance is queued in
/// memory (cheap, in order), and a writer thread stores everything queued so
/// far in one database transaction, one fsync for many transactions. The API
/// answers 202 only once its transaction's batch is durable, so a crash
/// still loses nothing acknowledged, while acceptance no longer waits for
/// one fsync per transaction.
///
/// While the database is away a batch is retried (``UnavailableRetry``),
/// and its requests wait, rather than fail: their transactions are already
/// in the state keeper's queue, and must not be sealed without being
/// stored. The wait ends when the database is back, when the retry window
/// passes, or at shutdown.
public final class AcceptanceLog: @unchecked Sendable {
    private let store: any RollupStore
    private let retry: UnavailableRetry
    private let condition = NSCondition()
    private var queue = [(Transaction, AccountID?, Int64)]()
    private var enqueued = 0
    private var durable = 0
    private var failures = [Int: String]()
    private var waiters = [(ticket: Int, continuation: CheckedContinuation<Void, Error>)]()
    /// Set by `close()`; the writer stops once the queue is empty.
    private var closing = false
    /// Set by the writer as it stops: later tickets never become durable.
    private var stopped = false

    /// A queued acceptance: durable once its number is.
    public struct Ticket: Sendable {
        let number: Int
    }

    public init(store: any RollupStore, retry: UnavailableRetry = UnavailableRetry()) {
        self.store = store
        self.retry = retry
        let thread = Thread { [weak self] in
            while let self, self.writeBatch() {}
        }
        // The writer lives until `close()`.
        thread.name = "rollup.acceptance-log"
        thread.start()
    }

    /// Queues `transaction` for storage as pending; returns at once.
    public func enqueue(_ transaction: Transaction, account: AccountID?, receivedAt: Int64) -> Ticket {
        condition.lock()
        defer { condition.unlock() }
        queue.append((transaction, account, receivedAt))
        enqueued += 1
        condition.broadcast()
        return Ticket(number: enqueued)
    }

    /// Returns once `ticket`'s batch is stored, or throws its batch's error.
    public func waitUntilDurable(_ ticket: Ticket) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            condition.lock()
            defer { condition.unlock() }
            if ticket.number <= durable {
                if let failure = failures[ticket.number] { continuation.resume(throwing: StorageError.corrupt(failure)) } else { continuation.resume() }
            } else if stopped {
                continuation.resume(throwing: StorageError.corrupt(Self.closedMessage))
            } else {
                waiters.append((ticket.number, continuation))
            }
        }
    }

    /// Blocks until everything queued so far is stored (the committer calls
    /// this before storing a block, so the block's transactions exist).
    public func flush() {
        condition.lock()
        defer { condition.unlock() }
        let target = enqueued
        while durable < target && !stopped { condition.wait() }
    }

    /// Stops the writer once everything queued so far is stored, and
    /// returns when it has stopped (the node's shutdown, after the API
    /// stopped taking transactions). It blocks: call it off the cooperative
    /// pool. A ticket queued later fails instead of waiting.
    public func close() {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    static let closedMessage = "the acceptance log is closed: the node is stopping"

    /// Writes one batch; false once closed with nothing left to write.
    private func writeBatch() -> Bool {
        condition.lock()
        while queue.isEmpty && !closing { condition.wait() }
        if queue.isEmpty {
            stopped = true
            condition.broadcast()
            condition.unlock()
            return false
        }
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        let last = enqueued
        condition.unlock()

        var failure: String?
        do {
            try retry.run(giveUp: { [self] in condition.lock(); defer { condition.unlock() }; return closing }) { try store.insertPending(batch) }
        } catch {
            failure = "storing accepted transactions failed: \(error)"
        }

        condition.lock()
        if let failure { for number in (last - batch.count + 1)...last { failures[number] = failure } }
        durable = last
        let ready = waiters.filter { $0.ticket <= last }
        waiters.removeAll { $0.ticket <= last }
        for waiter in ready { failures.removeValue(forKey: waiter.ticket) }
        condition.broadcast()
        condition.unlock()
        for waiter in ready {
            if let failure { waiter.continuation.resume(throwing: StorageError.corrupt(failure)) } else { waiter.continuation.resume() }
        }
        return true
    }
}
