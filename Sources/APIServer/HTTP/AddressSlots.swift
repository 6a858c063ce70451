import Foundation
import NIOCore

/// Connections that hold something costly, counted per client address: at
/// most `limit` at once from one address. It bounds proving-key downloads
/// (``HTTPLimits/maxDownloadsPerAddress``: one client cannot hold many
/// connections with responses of hundreds of megabytes, while a fleet of
/// machines fetching its keys together is served; beyond it 429
/// `too_many_downloads`, and `rollup prover --keys-from` waits and asks
/// again) and subscription sockets
/// (``SubscriptionLimits/maxSocketsPerAddress``; closed at once with
/// ``SubscriptionLimits/crowdedCloseCode`` beyond).
/// A slot belongs to its connection: once that is closed the slot is free,
/// even if nobody gave it back.
final class AddressSlots: @unchecked Sendable {
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
