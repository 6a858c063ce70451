import Algebra
import Primitives
import RollupTypes

/// The single writer of rollup state.
///
/// Submissions are checked against the projected state (the sealed accounts
/// with every pending transaction applied) and queued by type. Transfers
/// seal into a block when `transferBlockSize` are pending or
/// `transferBlockTimeout` after the oldest arrived (padded with no-ops);
/// deposits and exits seal on the next tick, up to their block size.
/// Sealing applies each transaction to the sealed accounts again, credits
/// the block's fees to the fee account once, at the end, and hands the
/// prepared block to the ``BlockAssembler``, which hashes the tree and
/// records the Merkle witness: inline, or, with `pipelinedSealing`, on a
/// low-priority thread of its own while the keeper goes on accepting.
public actor RollupStateKeeper {
    public let configuration: StateKeeperConfiguration
    /// The sealed state, for validation.
    private var sealed: SealedAccounts
    /// Inline mode: the tree; pipelined mode: nil (the pipeline has it).
    private var assembler: BlockAssembler?
    private let pipeline: SealingPipeline?
    private var seals = 0
    private var nextAccount: UInt32
    public private(set) var nextBlockNumber: UInt32
    private var pending: [BlockType: [PendingEntry]] = [:]
    private var arrivals = 0
    /// The last accepted transactions' hashes, so that an exact duplicate is
    /// refused even before storage has it (older ones storage answers for).
    private var recentHashes = Set<String>()
    private var recentOrder = [String]()
    private var recentNext = 0
    static let recentCapacity = 100_000
    /// The accounts pending transactions change, as they will be.
    private var projectedAccounts: [AccountID: Account] = [:]
    /// The id the next deposit to a new account will get, counting pending ones.
    private var projectedNextAccount: UInt32
    /// What the pending transactions may add to the fee account at most:
    /// their fees and their credits to account 0. The sealed fee account
    /// plus this never exceeds 2^128 − 1, so no block can reach a fee
    /// credit that the circuit refuses, whatever order the blocks seal in.
    private var pendingFeeAccountCredit: UInt128 = 0
    /// Receives every seal's blocks and late rejections, in seal order
    /// (the committer, in the node).
    private var blockSink: (@Sendable (SealResult) throws -> Void)?
    /// Set when the sink failed: the sealed state is then ahead of storage,
    /// so the keeper accepts nothing more until the node restarts from storage.
    private var halted: String?

    /// A new rollup: the tree holds only the fee account (id 0, the operator's key).
    public init(configuration: StateKeeperConfiguration) throws {
        var tree = AccountTree(depth: configuration.chain.treeDepth)
        try tree.set(AccountID.feeAccount, Account(publicKey: configuration.operatorKey))
        try self.init(configuration: configuration, tree: tree, nextBlockNumber: 1)
    }

    /// A rollup restored from storage: its tree and the next block number.
    public init(configuration: StateKeeperConfiguration, tree: AccountTree, nextBlockNumber: UInt32) throws {
        self.configuration = configuration
        sealed = SealedAccounts(tree)
        if configuration.pipelinedSealing {
            pipeline = SealingPipeline(assembler: BlockAssembler(tree: tree))
        } else {
            assembler = BlockAssembler(tree: tree)
            pipeline = nil
        }
        nextAccount = sealed.nextFreeID
        self.nextBlockNumber = nextBlockNumber
        projectedNextAccount = nextAccount
    }

    /// The account tree of the last sealed block (with pipelined sealing,
    /// once every sealed block is assembled).
    public var tree: AccountTree {
        get async {
            if let assembler { return assembler.tree }
            let (pipeline, seals) = (self.pipeline!, self.seals)
            return await Task.detached { pipeline.tree(after: seals) }.value
        }
    }

    /// With pipelined sealing: assembles and hands over every block sealed
    /// so far, then stops the assembling thread (the node's shutdown, once
    /// nothing seals any more). It blocks: call it off the cooperative pool.
    public nonisolated func closeSealingPipeline() {
        pipeline?.close()
    }

    /// What a client is told about an accepted transaction.
    public struct Receipt: Sendable {
        public let hash: String
        /// For a deposit to a new account: the id it will have.
        public let account: AccountID?
    }

    /// The account as it will be once everything pending is applied.
    public func projectedAccount(_ id: AccountID) -> Account? { projectedAccounts[id] ?? sealed.account(id) }

    /// The account in the last sealed state.
    public func sealedAccount(_ id: AccountID) -> Account? { sealed.account(id) }

    /// The lowest account id whose key is `key`, pending new accounts included.
    public func firstAccount(withKey key: EdDSAPublicKey) -> AccountID? {
        let pendingNew = projectedAccounts.filter { $0.value.publicKey == key && sealed.account($0.key) == nil }.map(\.key)
        return ([sealed.firstAccount(withKey: key)].compactMap { $0 } + pendingNew).min()
    }

    /// The number of pending transactions.
    public var pendingCount: Int { pending.values.reduce(0) { $0 + $1.count } }

    /// When the pending transfers will be sealed at the latest, if any are pending.
    public var transferDeadline: ContinuousClock.Instant? {
        pending[.transfer]?.first.map { $0.arrival + configuration.chain.transferBlockTimeout }
    }

    private func remember(_ hash: String) {
        recentHashes.insert(hash)
        if recentOrder.count < Self.recentCapacity {
            recentOrder.append(hash)
        } else {
            recentHashes.remove(recentOrder[recentNext])
            recentOrder[recentNext] = hash
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }

    /// Hands every later seal's result to `sink`, in seal order: before the
    /// keeper returns, or, with pipelined sealing, from the assembling thread
    /// once the blocks are hashed. If the sink throws, the keeper halts: it
    /// refuses every submission with ``TransactionRejection/unavailable(_:)``.
    public func setBlockSink(_ sink: @escaping @Sendable (SealResult) throws -> Void) async {
        blockSink = sink
        pipeline?.setSink(sink)
    }

    /// Accepts a transaction or says why not; may seal a full transfer block.
    ///
    /// `persist` runs after every check and before the transaction is
    /// queued: the node stores it there, or queues it for group commit (then
    /// the committer flushes that queue before storing any block, and the
    /// API answers once the transaction is durable). If it throws, nothing
    /// changes; a duplicate should be thrown as ``TransactionRejection/duplicate``.
    ///
    /// `signatureVerified` skips the signature check when the caller has
    /// already verified it against this account's key (the API does, off the
    /// actor, in parallel); keys never change, so that check still holds.
    public func submit(
        _ transaction: Transaction, now: ContinuousClock.Instant = .now, signatureVerified: Bool = false,
        persist: ((Transaction, Receipt) throws(TransactionRejection) -> Void)? = nil
    ) throws(TransactionRejection) -> (Receipt, SealResult) {
        if let halted = halted ?? pipeline?.failure.value { throw .unavailable(halted) }
        let view = StateView(sealed: sealed, overrides: projectedAccounts, nextAccount: projectedNextAccount)
        let outcome = SignaturePolicy.$skipSignatures.withValue(signatureVerified) {
            Result { () throws(TransactionRejection) in try transaction.effects(on: view) }
        }
        let (writes, fee) = try outcome.get()
        let feeAccountCredit = try Self.feeAccountCredit(writes: writes, fee: fee, on: view)
        let ceiling = (sealed.account(.feeAccount)?.balance ?? 0).addingReportingOverflow(pendingFeeAccountCredit)
        guard !ceiling.overflow, !ceiling.partialValue.addingReportingOverflow(feeAccountCredit).overflow else {
            throw .balanceOverflow(.feeAccount)
        }
        var newAccount: AccountID?
        for (id, _) in writes where projectedAccount(id) == nil { newAccount = id }
        let receipt = Receipt(hash: transaction.hash, account: newAccount)
        guard !recentHashes.contains(receipt.hash) else { throw .duplicate }
        try persist?(transaction, receipt)
        remember(receipt.hash)
        for (id, account) in writes { projectedAccounts[id] = account }
        if newAccount != nil { projectedNextAccount += 1 }
        let type = transaction.blockType
        arrivals += 1
        pendingFeeAccountCredit += feeAccountCredit
        pending[type, default: []].append(PendingEntry(
            transaction: transaction, arrival: now, sequence: arrivals, touched: writes.map(\.0), feeAccountCredit: feeAccountCredit))
        var result = SealResult()
        if type == .transfer && pending[.transfer]!.count >= configuration.chain.slots(.transfer) && !configuration.pipelinedSealing {
            result = sealAll(.transfer, now: now, force: false)
        }
        return (receipt, result)
    }

    /// Seals whatever is due at `now`: deposit and exit blocks whenever any
    /// are pending, and a padded transfer block once the oldest transfer has
    /// waited `transferBlockTimeout`.
    ///
    /// With pipelined sealing, full transfer blocks are sealed here too (not
    /// in `submit`), and the result holds no blocks: they reach the sink
    /// once assembled.
    public func tick(now: ContinuousClock.Instant = .now) -> SealResult {
        var result = sealAll(.deposit, now: now, force: true)
        result.merge(sealAll(.exit, now: now, force: true))
        let due = transferDeadline.map { now >= $0 } ?? false
        result.merge(sealAll(.transfer, now: now, force: due))
        return result
    }

    /// Ticks every `configuration.tick` until the task is cancelled, handing
    /// each tick's sealed blocks and late rejections to `deliver` (the
    /// committer, in the node), in seal order.
    public func runSealing(deliver: @Sendable (SealResult) async -> Void) async {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: configuration.tick)
            } catch {
                return  // cancelled
            }
            let result = tick(now: clock.now)
            if !result.blocks.isEmpty || !result.rejected.isEmpty { await deliver(result) }
        }
    }

    /// What a transaction adds to the fee account: its fee, and whatever its
    /// writes raise account 0's balance by (a transfer or deposit to it).
    static func feeAccountCredit(writes: [(AccountID, Account)], fee: UInt128, on view: StateView) throws(TransactionRejection) -> UInt128 {
        let before = view.account(.feeAccount)?.balance ?? 0
        let after = writes.last { $0.0 == .feeAccount }?.1.balance ?? before
        let (credit, overflow) = fee.addingReportingOverflow(after > before ? after - before : 0)
        guard !overflow else { throw .balanceOverflow(.feeAccount) }
        return credit
    }

    /// Seals full blocks of `type` (and, with `force`, a last partial one).
    private func sealAll(_ type: BlockType, now: ContinuousClock.Instant, force: Bool) -> SealResult {
        var prepared = [PreparedBlock]()
        var rejected = [(hash: String, reason: TransactionRejection)]()
        let size = configuration.chain.slots(type)
        while true {
            let (batch, rest) = sealable(type, limit: size)
            guard !batch.isEmpty, batch.count >= size || force else { break }
            pending[type] = rest
            let (block, late) = SignaturePolicy.$skipSignatures.withValue(true) { prepare(type, batch.map(\.transaction)) }
            prepared.append(block)
            rejected += late
        }
        // Without late rejections the projection still holds: effects that all succeed commute.
        if !rejected.isEmpty { rejected += rebuildProjection() }
        if !prepared.isEmpty {
            pendingFeeAccountCredit = pending.values.joined().reduce(0) { $0 + $1.feeAccountCredit }
        }
        guard !prepared.isEmpty || !rejected.isEmpty else { return SealResult() }
        seals += 1
        if let pipeline {
            pipeline.enqueue(SealingPipeline.Work(blocks: prepared, rejected: rejected))
            var result = SealResult()
            result.rejected = rejected
            return result
        }
        var result = SealResult()
        result.blocks = prepared.map { assembler!.assemble($0) }
        result.rejected = rejected
        if let blockSink {
            do {
                try blockSink(result)
            } catch {
                halted = "storing sealed blocks failed (\(error)); restart the node to resume from storage"
            }
        }
        return result
    }

    /// Up to `limit` pending transactions of `type` that can be sealed now,
    /// in arrival order, and the rest. A transaction waits while an earlier
    /// one of another type touching one of its accounts is pending (a
    /// transfer, then an exit of the same account, must be sealed in that
    /// order), and so does every later one of its type touching its accounts.
    private func sealable(_ type: BlockType, limit: Int) -> (batch: [PendingEntry], rest: [PendingEntry]) {
        var earliestElsewhere = [AccountID: Int]()
        for (otherType, entries) in pending where otherType != type {
            for entry in entries {
                for account in entry.touched {
                    earliestElsewhere[account] = min(earliestElsewhere[account] ?? .max, entry.sequence)
                }
            }
        }
        var batch = [PendingEntry](), rest = [PendingEntry](), deferred = Set<AccountID>()
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

    /// Applies `transactions` to the sealed accounts as one block; the
    /// transactions that no longer hold are left out, with the reason.
    private func prepare(_ type: BlockType, _ transactions: [Transaction]) -> (PreparedBlock, [(hash: String, reason: TransactionRejection)]) {
        var slots = [Transaction](), writes = [[(AccountID, Account)]](), assigned = [AccountID?](), pubdata = [UInt8]()
        var rejected = [(hash: String, reason: TransactionRejection)]()
        var fees: UInt128 = 0
        for transaction in transactions {
            do throws(TransactionRejection) {
                let (slotWrites, fee) = try transaction.effects(on: StateView(sealed: sealed, nextAccount: nextAccount))
                // The block ends by crediting its fees to account 0, and the circuit
                // refuses a balance past 2^128 − 1 there: admission keeps this from
                // happening, and this check makes sure a block never holds it.
                let feeBalance = slotWrites.last { $0.0 == .feeAccount }?.1.balance ?? sealed.account(.feeAccount)?.balance ?? 0
                let (allFees, feesOverflow) = fees.addingReportingOverflow(fee)
                guard !feesOverflow, !feeBalance.addingReportingOverflow(allFees).overflow else { throw .balanceOverflow(.feeAccount) }
                var newAccount: AccountID?
                for (id, account) in slotWrites {
                    if sealed.account(id) == nil { newAccount = id }
                    sealed.set(id, account)
                }
                if let newAccount { nextAccount = newAccount.value + 1 }
                fees += fee
                slots.append(transaction)
                writes.append(slotWrites)
                guard let kind = transaction.kind, let account = newAccount ?? slotWrites.first?.0 else {
                    preconditionFailure("only transactions of a kind are pending, and each writes the account it acts on first")
                }
                assigned.append(Swift.type(of: kind).opensAccounts ? account : nil)
                pubdata += kind.pubdata(assignedAccount: account)
            } catch {
                rejected.append((transaction.hash, error))
            }
        }
        while slots.count < configuration.chain.slots(type) {
            slots.append(.noop)
            writes.append([])
            assigned.append(nil)
            pubdata += [UInt8](repeating: 0, count: TransactionKinds.kind(of: type).pubdataBytes)
        }
        var feeWrite: (AccountID, Account)?
        if type != .deposit, var feeAccount = sealed.account(.feeAccount) {
            feeAccount.balance += fees  // checked slot by slot above
            sealed.set(.feeAccount, feeAccount)
            feeWrite = (.feeAccount, feeAccount)
            // The projection of account 0 was computed before these fees were
            // credited; they are now part of its pending state too.
            projectedAccounts[.feeAccount]?.balance += fees
        }
        let number = nextBlockNumber
        nextBlockNumber += 1
        let block = PreparedBlock(
            number: number, type: type, transactions: slots, writes: writes, feeWrite: feeWrite, totalFee: fees, pubdata: pubdata,
            assignedAccounts: assigned)
        return (block, rejected)
    }

    /// Recomputes the projected state from the tree and what is still
    /// pending, dropping pending transactions that no longer hold
    /// (signatures were checked on submission).
    private func rebuildProjection() -> [(hash: String, reason: TransactionRejection)] {
        SignaturePolicy.$skipSignatures.withValue(true) { rebuildProjectionCheckingBalances() }
    }

    private func rebuildProjectionCheckingBalances() -> [(hash: String, reason: TransactionRejection)] {
        var view = StateView(sealed: sealed, nextAccount: nextAccount)
        var dropped = [(hash: String, reason: TransactionRejection)]()
        for type in BlockType.allCases {
            var kept = [PendingEntry]()
            for entry in pending[type] ?? [] {
                do {
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
            pending[type] = kept
        }
        projectedAccounts = view.overrides
        projectedNextAccount = view.nextAccount
        return dropped
    }
}

/// A queued transaction: when it arrived (its order among all types) and
/// the accounts it writes.
struct PendingEntry: Sendable {
    let transaction: Transaction
    let arrival: ContinuousClock.Instant
    let sequence: Int
    let touched: [AccountID]
    /// What it may add to the fee account (see `pendingFeeAccountCredit`).
    let feeAccountCredit: UInt128
}
