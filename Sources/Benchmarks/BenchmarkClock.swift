import Dispatch

/// Timing helpers shared by the benchmarks.
public enum BenchmarkClock {
    /// Nanoseconds elapsed while running `body` once.
    public static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start)
    }

    /// The best of `repeats` timings of `body(iterations)`, divided by
    /// `iterations`: nanoseconds per operation, with the noise of a shared
    /// machine mostly filtered out.
    public static func perOperation(iterations: Int, repeats: Int = 5, _ body: (Int) -> Void) -> Double {
        body(max(1, iterations / 10))  // warm-up
        var best = Double.infinity
        for _ in 0..<repeats {
            best = min(best, time { body(iterations) } / Double(iterations))
        }
        return best
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
