import Foundation
import NIOCore

/// Proving-key downloads in progress per client address: at most
/// ``HTTPLimits/maxDownloadsPerAddress`` at once from one address, so that
/// one client cannot hold many of the node's connections with responses of
/// hundreds of megabytes, while a fleet of machines fetching its keys
/// together (one address each, or a few provers behind one) is served.
/// Beyond it the node answers 429 `too_many_downloads` with `Retry-After`,
/// and `rollup prover --keys-from` waits and asks again. A slot belongs to
/// its connection: once that is closed the slot is free, even if the
/// response was never written.
final class DownloadSlots: @unchecked Sendable {
    /// Seconds a refused client is told to wait.
    static let retryAfter = 5
    private let lock = NSLock()
    private var inProgress: [String: [any Channel]] = [:]
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `address` on `channel`, or false when the address
    /// has `limit` on connections still open.
    func take(_ address: String, on channel: any Channel) -> Bool {
        lock.withLock {
            var channels = inProgress[address, default: []].filter(\.isActive)
            defer { inProgress[address] = channels.isEmpty ? nil : channels }
            guard channels.count < limit else { return false }
            channels.append(channel)
            return true
        }
    }

    /// Gives back the slot `take` gave `channel`.
    func give(_ address: String, on channel: any Channel) {
        lock.withLock {
            let channels = inProgress[address, default: []].filter { $0 !== channel && $0.isActive }
            inProgress[address] = channels.isEmpty ? nil : channels
        }
    }
}
