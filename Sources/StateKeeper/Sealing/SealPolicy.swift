import RollupTypes

/// When blocks seal and what goes into them: blocks of kinds that wait for
/// full blocks (transfers) when a block's worth is pending or the oldest has
/// waited the chain's transfer timeout (then padded), the others (deposits
/// and exits) on every tick; and, within a type, arrival order,
/// except that a transaction waits while an earlier one of another type
/// touching one of its accounts is pending.
struct SealPolicy: Sendable {
    let chain: ChainParameters

    /// The order in which a tick seals: the types that seal on every tick
    /// first, then those that wait for full blocks.
    static var sealingOrder: [BlockType] {
        let kinds = TransactionKinds.all
        return (kinds.filter { !$0.waitsForFullBlocks } + kinds.filter { $0.waitsForFullBlocks }).map { $0.blockType }
    }

    /// Whether a partial block of `type` seals at `now` (a full one always does).
    func sealsPartial(_ type: BlockType, oldest: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Bool {
        guard TransactionKinds.kind(of: type).waitsForFullBlocks else { return true }
        return oldest.map { now >= $0 + chain.fullBlockTimeout } ?? false
    }

    /// Whether admitting a transaction fills a block that waits to be full
    /// (sealed at once, without pipelined sealing).
    func fillsABlock(_ type: BlockType, pending: Int) -> Bool {
        TransactionKinds.kind(of: type).waitsForFullBlocks && pending >= chain.slots(type)
    }

    /// Up to a block of `type` that can be sealed now, in arrival order,
    /// and the rest. A transaction waits while an earlier one of another
    /// type touching one of its accounts is pending (a transfer, then an
    /// exit of the same account, must be sealed in that order), and so does
    /// every later one of its type touching its accounts.
    func sealable(_ type: BlockType, in pending: [BlockType: [PendingPool.Entry]]) -> (batch: [PendingPool.Entry], rest: [PendingPool.Entry]) {
        let limit = chain.slots(type)
        var earliestElsewhere = [AccountID: Int]()
        for (otherType, entries) in pending where otherType != type {
            for entry in entries {
                for account in entry.touched {
                    earliestElsewhere[account] = min(earliestElsewhere[account] ?? .max, entry.sequence)
                }
            }
        }
        var batch = [PendingPool.Entry](), rest = [PendingPool.Entry](), deferred = Set<AccountID>()
        for entry in pending[type] ?? [] {
            let waits = batch.count >= limit || entry.touched.contains { deferred.contains($0) || (earliestElsewhere[$0] ?? .max) < entry.sequence }
            if waits {
                rest.append(entry)
                deferred.formUnion(entry.touched)
            } else {
                batch.append(entry)
            }
        }
        return (batch, rest)
    }
}
