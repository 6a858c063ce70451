import Foundation

/// The serials of the contract's deposits that the rollup refused for good
/// (a key that is no BabyJubJub point, a new account when the tree is
/// full): eth_watch records them, and eth_sender refunds each to its
/// depositor with `skipDeposits` when the contract's queue reaches it.
/// In memory only: a restart reads every deposit event again and refuses
/// the same deposits again. Serials the contract has consumed are
/// forgotten, so the set holds only deposits still in the queue.
final class RefusedDeposits: @unchecked Sendable {
    private let lock = NSLock()
    private var serials = Set<UInt64>()

    func insert(_ serial: UInt64) { lock.withLock { _ = serials.insert(serial) } }

    /// How many consecutive refused serials start at `first` (at most `limit`).
    func run(from first: UInt64, limit: Int) -> Int {
        lock.withLock {
            var count = 0
            while count < limit, serials.contains(first + UInt64(count)) { count += 1 }
            return count
        }
    }

    /// Forgets the serials below `consumed`: the contract has consumed them.
    func forget(below consumed: UInt64) {
        lock.withLock { serials = serials.filter { $0 >= consumed } }
    }
}
