import Primitives
import RollupTypes

/// Admission: the accepted transactions that wait for a block, by block
/// type in arrival order, and the state they project (the sealed accounts
/// with every pending transaction applied), against which the next
/// submission is checked.
struct PendingPool: Sendable {
    /// A queued transaction: when it arrived (its order among all types)
    /// and the accounts it writes.
    struct Entry: Sendable {
        let transaction: Transaction
        let arrival: ContinuousClock.Instant
        let sequence: Int
        let touched: [AccountID]
        /// What it may add to the fee account (see `feeAccountCredit`).
        let feeAccountCredit: UInt128
    }

    private(set) var entries: [BlockType: [Entry]] = [:]
    private var arrivals = 0
    /// The accounts pending transactions change, as they will be.
    private(set) var projectedAccounts: [AccountID: Account] = [:]
    /// The id the next deposit to a new account will get, counting pending ones.
    private(set) var projectedNextAccount: UInt32
    /// What the pending transactions may add to the fee account at most:
    /// their fees and their credits to account 0. The sealed fee account
    /// plus this never exceeds 2^128 − 1, so no block can reach a fee
    /// credit that the circuit refuses, whatever order the blocks seal in.
    private(set) var feeAccountCredit: UInt128 = 0
    /// The bridge sequences that pending deposits spend.
    private(set) var pendingSequences = Set<UInt64>()
    /// What signatures are checked against.
    let domain: SigningDomain

    init(nextAccount: UInt32, domain: SigningDomain) {
        projectedNextAccount = nextAccount
        self.domain = domain
    }

    var count: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The view a new submission is checked against.
    func view(over sealed: SealedAccounts) -> StateView {
        StateView(sealed: sealed, overrides: projectedAccounts, nextAccount: projectedNextAccount, domain: domain)
    }

    /// What `writes` and `fee` add to the fee account, refused when the
    /// sealed fee account plus every pending credit could pass 2^128 − 1.
    func checkedFeeAccountCredit(writes: [(AccountID, Account)], fee: UInt128, on view: StateView, sealed: SealedAccounts) throws(TransactionRejection) -> UInt128 {
        let before = view.account(.feeAccount)?.balance ?? 0
        let after = writes.last { $0.0 == .feeAccount }?.1.balance ?? before
        let written = after > before ? after - before : 0
        try FeeAccountCeiling.check(sealed.account(.feeAccount)?.balance ?? 0, plus: feeAccountCredit, fee, written)
        return fee + written
    }

    /// Queues an admitted transaction and projects its writes.
    mutating func admit(_ transaction: Transaction, writes: [(AccountID, Account)], createsAccount: Bool, feeAccountCredit credit: UInt128, now: ContinuousClock.Instant) {
        for (id, account) in writes { projectedAccounts[id] = account }
        if createsAccount { projectedNextAccount += 1 }
        arrivals += 1
        feeAccountCredit += credit
        if let sequence = transaction.kind?.spentBridgeSequence { pendingSequences.insert(sequence) }
        entries[transaction.blockType, default: []].append(Entry(
            transaction: transaction, arrival: now, sequence: arrivals, touched: writes.map(\.0), feeAccountCredit: credit))
    }

    /// Leaves `rest` queued for `type`, the rest of `batch`, which a block takes.
    mutating func replace(_ type: BlockType, with rest: [Entry], sealing batch: [Entry]) {
        entries[type] = rest
        for entry in batch {
            if let sequence = entry.transaction.kind?.spentBridgeSequence { pendingSequences.remove(sequence) }
        }
    }

    /// Fees a sealed block credited to account 0: its projection, computed
    /// before, now includes them.
    mutating func creditProjectedFeeAccount(_ fees: UInt128) { projectedAccounts[.feeAccount]?.balance += fees }

    /// The bound on pending fee credits, recomputed once blocks took some.
    mutating func recountFeeAccountCredit() { feeAccountCredit = entries.values.joined().reduce(0) { $0 + $1.feeAccountCredit } }

    /// Recomputes the projection from the sealed state and what is still
    /// pending, dropping pending transactions that no longer hold
    /// (signatures were checked on submission).
    mutating func rebuildProjection(sealed: SealedAccounts, nextAccount: UInt32) -> [(hash: String, reason: TransactionRejection)] {
        SignaturePolicy.$skipSignatures.withValue(true) {
            var view = StateView(sealed: sealed, nextAccount: nextAccount, domain: domain)
            var dropped = [(hash: String, reason: TransactionRejection)]()
            for type in BlockType.allCases {
                var kept = [Entry]()
                for entry in entries[type] ?? [] {
                    do throws(TransactionRejection) {
                        let (writes, _) = try entry.transaction.effects(on: view)
                        var created = false
                        for (id, account) in writes {
                            if view.account(id) == nil { created = true }
                            view.set(id, account)
                        }
                        if created { view.nextAccount += 1 }
                        kept.append(entry)
                    } catch {
                        dropped.append((entry.transaction.hash, error))
                    }
                }
                entries[type] = kept
            }
            projectedAccounts = view.overrides
            projectedNextAccount = view.nextAccount
            pendingSequences = Set(entries.values.joined().compactMap { $0.transaction.kind?.spentBridgeSequence })
            return dropped
        }
    }
}
