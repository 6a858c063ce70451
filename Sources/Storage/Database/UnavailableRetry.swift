import Foundation

/// How the node's own threads ride out a database that went away (a
/// PostgreSQL restart, a network cut): an operation that fails with a
/// failure whose ``DatabaseFailure/isUnavailable`` is true is tried again,
/// after a pause that doubles up to `maxPause`, until it succeeds, another
/// error ends it, `window` has passed since the first failure, or `giveUp`
/// says so. Every write is one database transaction, so a failed attempt
/// left nothing behind. It blocks its thread: use it on the node's
/// dedicated threads (the acceptance log's writer, the sealing pipeline),
/// never on the cooperative pool.
public struct UnavailableRetry: Sendable {
    /// How long after the first failure the operation is still retried.
    public var window: Duration
    /// The longest pause between attempts.
    public var maxPause: Duration
    /// Told of each failure before its pause.
    public var report: @Sendable (any DatabaseFailure, Duration) -> Void

    public init(window: Duration = .seconds(300), maxPause: Duration = .seconds(5), report: @escaping @Sendable (any DatabaseFailure, Duration) -> Void = { _, _ in }) {
        self.window = window
        self.maxPause = maxPause
        self.report = report
    }

    /// Runs `body` until it succeeds or fails for good (see the type).
    public func run<T>(giveUp: () -> Bool = { false }, _ body: () throws -> T) throws -> T {
        var pause = Duration.milliseconds(100)
        var deadline: ContinuousClock.Instant?
        while true {
            do {
                return try body()
            } catch let failure as any DatabaseFailure where failure.isUnavailable {
                let now = ContinuousClock.now
                let end = deadline ?? now + window
                deadline = end
                guard now + pause < end, !giveUp() else { throw failure }
                report(failure, pause)
                Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
                pause = min(pause * 2, maxPause)
            }
        }
    }
}
