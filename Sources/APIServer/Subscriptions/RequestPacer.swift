/// Paces one connection's subscription requests: a burst of `burst`, then
/// `perSecond` a second. A request beyond that waits for its turn before it
/// is read, so a client that floods subscribe and unsubscribe costs the
/// node a bounded number of storage reads a second, and TCP holds the rest.
struct RequestPacer {
    let perSecond: Int
    let burst: Int
    private var tokens: Double
    private var refilled: ContinuousClock.Instant

    init(perSecond: Int, burst: Int) {
        precondition(perSecond > 0 && burst > 0, "a pacer lets some requests through")
        self.perSecond = perSecond
        self.burst = burst
        tokens = Double(burst)
        refilled = .now
    }

    /// Returns when the next request may be served.
    mutating func awaitTurn() async throws {
        refill()
        if tokens < 1 {
            let wait = (1 - tokens) / Double(perSecond)
            try await Task.sleep(for: .seconds(wait))
            refill()
        }
        tokens -= 1
    }

    private mutating func refill() {
        let now = ContinuousClock.now
        let elapsed = now - refilled
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(burst), tokens + seconds * Double(perSecond))
        refilled = now
    }
}
