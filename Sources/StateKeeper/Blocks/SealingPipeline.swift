import Algebra
import CoreMetrics
import Foundation
import Metrics
import RollupTypes
import Support

/// Assembles prepared blocks on a thread of its own, in order, and hands
/// each result to the block sink: hashing the tree (most of sealing's cost)
/// then runs beside acceptance instead of inside it (the node's mode).
///
/// The thread runs at the lowest scheduling priority (nice 19): under a
/// burst, accepting transactions comes first and sealed blocks catch up
/// once the burst passes; a sustained overload shows up as a growing
/// pending queue, which the API caps with 429.
final class SealingPipeline: @unchecked Sendable {
    private var assembler: BlockAssembler
    private var sink: (@Sendable (SealResult) throws -> Void)?
    private var queue = [Work]()
    private var processed = 0
    /// Set by `close()`; the thread stops once the queue is empty.
    private var closing = false
    /// Set by the thread as it stops.
    private var stopped = false
    private let condition = NSCondition()
    let failure = FailureFlag()

    /// One seal: its prepared blocks and late rejections.
    struct Work: Sendable {
        let blocks: [PreparedBlock]
        let rejected: [(hash: String, reason: TransactionRejection)]
    }

    /// How long each seal's blocks took to hash and store.
    private let sealingTime: CoreMetrics.Timer

    init(assembler: BlockAssembler, sealingTime: CoreMetrics.Timer) {
        self.assembler = assembler
        self.sealingTime = sealingTime
        let thread = Thread { [weak self] in
            ThreadPriority.background.applyToCurrentThread()
            while let self, let work = self.next() { self.process(work) }
        }
        thread.name = "rollup.sealing"
        thread.start()
    }

    func setSink(_ sink: @escaping @Sendable (SealResult) throws -> Void) {
        condition.lock()
        self.sink = sink
        condition.unlock()
    }

    /// Queues `work` in order; returns at once.
    func enqueue(_ work: Work) {
        condition.lock()
        queue.append(work)
        condition.broadcast()
        condition.unlock()
    }

    /// The next work, waiting for it; nil once closed and drained.
    private func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closing { condition.wait() }
        if queue.isEmpty {
            stopped = true
            condition.broadcast()
            return nil
        }
        return queue.removeFirst()
    }

    /// Assembles and hands over everything queued so far, then stops the
    /// thread and returns. It blocks: call it off the cooperative pool.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    private func process(_ work: Work) {
        let started = ContinuousClock.now
        defer { if !work.blocks.isEmpty { sealingTime.record(duration: ContinuousClock.now - started) } }
        var result = SealResult()
        result.blocks = work.blocks.map { assembler.assemble($0) }
        result.rejected = work.rejected
        condition.lock()
        let sink = self.sink
        condition.unlock()
        do {
            try sink?(result)
        } catch {
            failure.set("storing sealed blocks failed (\(error)); restart the node to resume from storage")
        }
        condition.lock()
        processed += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The tree once the first `count` queued seals are assembled.
    func tree(after count: Int) -> AccountTree {
        condition.lock()
        defer { condition.unlock() }
        while processed < count && !stopped { condition.wait() }
        return assembler.tree
    }
}

/// A failure the pipeline reports to the keeper without waiting for it.
final class FailureFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?

    func set(_ text: String) { lock.lock(); if message == nil { message = text }; lock.unlock() }
    var value: String? { lock.lock(); defer { lock.unlock() }; return message }
}
