import Foundation

/// Bounded waiting for a condition, the one loop the suites poll with.
public enum Poll {
    /// Checks `condition` every `interval` until it holds or `timeout`
    /// passes; whether it held.
    public static func until(
        timeout: Duration = .seconds(120), every interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: interval)
        }
        return try await condition()
    }

    /// The first value `produce` gives within `timeout`, checked every
    /// `interval`; nil if none came.
    public static func value<T>(
        timeout: Duration = .seconds(120), every interval: Duration = .milliseconds(20), _ produce: () async throws -> T?
    ) async throws -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await produce() { return value }
            try await Task.sleep(for: interval)
        }
        return try await produce()
    }

    /// As ``until(timeout:every:_:)``, but blocking a thread of its own
    /// rather than awaiting on the cooperative pool: a poll there can be
    /// starved for seconds by the suites running beside it, and miss a
    /// state that lasts one or two.
    @discardableResult
    public static func onThread(
        timeout: Duration = .seconds(120), every interval: Duration = .milliseconds(10), _ condition: @escaping @Sendable () throws -> Bool
    ) async throws -> Bool {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            Thread {
                continuation.resume(with: Result { try blockingUntil(timeout: timeout, every: interval, condition) })
            }.start()
        }
    }

    /// Checks `condition` on the calling thread, sleeping `interval`
    /// between checks, until it holds or `timeout` passes.
    public static func blockingUntil(timeout: Duration, every interval: Duration = .milliseconds(10), _ condition: () throws -> Bool) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: Double(interval / .microseconds(1)) / 1_000_000)
        }
        return try condition()
    }
}
