import Dispatch
import Foundation
import Synchronization

/// How many threads parallel algebra (MSM, NTT) may use.
public enum Parallelism {
    /// The number of active processors.
    public static var available: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(0) … body(count − 1)` across threads and waits for all.
    /// With a count of 1 it runs inline. Each call of `body` must touch data
    /// that no other call touches: that is what makes sharing it safe.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let shared = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { shared.value($0) }
        }
    }
}

extension Parallelism {
    /// Runs `body(0) … body(count − 1)` on up to `threads` threads, each
    /// taking the next task as it finishes one, so that tasks of unequal cost
    /// keep every thread busy. The same disjoint-access contract applies.
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for task in 0..<count { body(task) }
            return
        }
        let next = TaskCounter()
        forEach(workers) { _ in
            while true {
                let task = next.take()
                guard task < count else { return }
                body(task)
            }
        }
    }
}

/// The next unclaimed task of a ``Parallelism/forEach(_:threads:_:)``.
private final class TaskCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// A value handed to parallel workers under the disjoint-access contract of
/// ``Parallelism/forEach(_:_:)``.
@usableFromInline
struct UncheckedSendable<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @usableFromInline init(_ value: T) { self.value = value }
}

/// A fixed-size buffer that parallel workers write to at disjoint indices.
/// It is backed by raw memory, so writes to different slots never touch
/// shared state (an Array's copy-on-write check would).
public final class ParallelResults<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>

    public init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// The number of slots.
    @inlinable public var count: Int { storage.count }

    /// One slot; each worker reads and writes only its own.
    @inlinable
    public subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// All slots, in order.
    @inlinable public var values: [Element] { Array(storage) }
}
