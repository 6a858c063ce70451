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
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A fixed-size buffer that parallel workers write to at disjoint indices.
final class ParallelResults<Element>: @unchecked Sendable {
    var values: [Element]

    init(repeating value: Element, count: Int) { values = Array(repeating: value, count: count) }
}
