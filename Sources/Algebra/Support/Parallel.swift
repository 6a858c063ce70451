import Dispatch
import Foundation

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
