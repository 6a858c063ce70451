import Algebra
import Primitives
import RollupTypes

/// The single writer of rollup state.
///
/// Submissions are checked against the projected state (the tree with every
/// pending transaction applied) and queued by type. Transfers seal into a
/// block when `transferBlockSize` are pending or `transferBlockTimeout`
/// after the oldest arrived (padded with no-ops); deposits and exits seal on
/// the next tick, up to their block size. Sealing applies each transaction
/// to the tree again, recording its Merkle witness, and credits the block's
/// fees to the fee account once, at the end.
public actor RollupStateKeeper {
    public let configuration: StateKeeperConfiguration
    public private(set) var tree: AccountTree
    private var nextAccount: UInt32
    public private(set) var nextBlockNumber: UInt32
    private var pending: [BlockType: [(transaction: Transaction, arrival: ContinuousClock.Instant)]] = [:]
    /// The accounts pending transactions change, as they will be.
    private var projectedAccounts: [AccountID: Account] = [:]
    /// The id the next deposit to a new account will get, counting pending ones.
    private var projectedNextAccount: UInt32
    /// Receives every seal's blocks and late rejections, in seal order,
    /// before the keeper goes on (the committer, in the node).
    private var blockSink: (@Sendable (SealResult) throws -> Void)?
    /// Set when the sink failed: the tree is then ahead of storage, so the
    /// keeper accepts nothing more until the node restarts from storage.
    private var halted: String?

    /// A new rollup: the tree holds only the fee account (id 0, the operator's key).
    public init(configuration: StateKeeperConfiguration) throws {
        var tree = AccountTree(depth: configuration.treeDepth)
        try tree.set(AccountID.feeAccount, Account(publicKey: configuration.operatorKey))
        try self.init(configuration: configuration, tree: tree, nextBlockNumber: 1)
    }

    /// A rollup restored from storage: its tree and the next block number.
    public init(configuration: StateKeeperConfiguration, tree: AccountTree, nextBlockNumber: UInt32) throws {
        self.configuration = configuration
        self.tree = tree
        let highest = tree.allAccounts.last.map { $0.0.value + 1 } ?? 0
        nextAccount = highest
        self.nextBlockNumber = nextBlockNumber
        projectedNextAccount = highest
    }

    /// What a client is told about an accepted transaction.
    public struct Receipt: Sendable {
        public let hash: String
        /// For a deposit to a new account: the id it will have.
        public let account: AccountID?
    }

    /// The account as it will be once everything pending is applied.
    public func projectedAccount(_ id: AccountID) -> Account? { projectedAccounts[id] ?? tree.account(id) }

    /// The account in the last sealed state.
    public func sealedAccount(_ id: AccountID) -> Account? { tree.account(id) }

    /// The lowest account id whose key is `key`, pending new accounts included.
    public func firstAccount(withKey key: EdDSAPublicKey) -> AccountID? {
        let pendingNew = projectedAccounts.filter { $0.value.publicKey == key && tree.account($0.key) == nil }.map(\.key)
        return ([tree.firstAccount(withKey: key)].compactMap { $0 } + pendingNew).min()
    }

    /// The number of pending transactions.
    public var pendingCount: Int { pending.values.reduce(0) { $0 + $1.count } }

    /// When the pending transfers will be sealed at the latest, if any are pending.
    public var transferDeadline: ContinuousClock.Instant? {
        pending[.transfer]?.first.map { $0.arrival + configuration.transferBlockTimeout }
    }

    /// Hands every later seal's result to `sink` (synchronously, in seal
    /// order) before the keeper returns. If the sink throws, the keeper
    /// halts: it refuses every submission with ``TransactionRejection/unavailable(_:)``.
    public func setBlockSink(_ sink: @escaping @Sendable (SealResult) throws -> Void) {
        blockSink = sink
    }

    /// Accepts a transaction or says why not; may seal a full transfer block.
    ///
    /// `persist` runs after every check and before the transaction is
    /// queued: the node stores it there, so nothing is queued that is not
    /// durable. If it throws, nothing changes; a duplicate should be thrown
    /// as ``TransactionRejection/duplicate``.
    ///
    /// `signatureVerified` skips the signature check when the caller has
    /// already verified it against this account's key (the API does, off the
    /// actor, in parallel); keys never change, so that check still holds.
    public func submit(
        _ transaction: Transaction, now: ContinuousClock.Instant = .now, signatureVerified: Bool = false,
        persist: ((Transaction, Receipt) throws(TransactionRejection) -> Void)? = nil
    ) throws(TransactionRejection) -> (Receipt, SealResult) {
        if let halted { throw .unavailable(halted) }
        let view = StateView(tree: tree, overrides: projectedAccounts, nextAccount: projectedNextAccount)
        let outcome = SignaturePolicy.$skipSignatures.withValue(signatureVerified) {
            Result { () throws(TransactionRejection) in try effects(of: transaction, on: view) }
        }
        let (writes, _) = try outcome.get()
        var newAccount: AccountID?
        for (id, _) in writes where projectedAccount(id) == nil { newAccount = id }
        let receipt = Receipt(hash: transaction.hash, account: newAccount)
        try persist?(transaction, receipt)
        for (id, account) in writes { projectedAccounts[id] = account }
        if newAccount != nil { projectedNextAccount += 1 }
        let type = Self.blockType(of: transaction)
        pending[type, default: []].append((transaction, now))
        var result = SealResult()
        if type == .transfer && pending[.transfer]!.count >= configuration.transferBlockSize {
            result = sealAll(.transfer, now: now, force: false)
        }
        return (receipt, result)
    }

    /// Seals whatever is due at `now`: deposit and exit blocks whenever any
    /// are pending, and a padded transfer block once the oldest transfer has
    /// waited `transferBlockTimeout`.
    public func tick(now: ContinuousClock.Instant = .now) -> SealResult {
        var result = sealAll(.deposit, now: now, force: true)
        result.merge(sealAll(.exit, now: now, force: true))
        if let deadline = transferDeadline, now >= deadline {
            result.merge(sealAll(.transfer, now: now, force: true))
        }
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

    static func blockType(of transaction: Transaction) -> BlockType {
        switch transaction {
        case .deposit: return .deposit
        case .exit: return .exit
        case .transfer, .noop: return .transfer
        }
    }

    func capacity(_ type: BlockType) -> Int {
        switch type {
        case .transfer: return configuration.transferBlockSize
        case .deposit: return configuration.depositBlockSize
        case .exit: return configuration.exitBlockSize
        }
    }

    func effects(of transaction: Transaction, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        switch transaction {
        case .deposit(let deposit): return try DepositHandler.effects(of: deposit, on: view)
        case .transfer(let transfer): return try TransferHandler.effects(of: transfer, on: view)
        case .exit(let exit): return try ExitHandler.effects(of: exit, on: view)
        case .noop: return ([], 0)
        }
    }

    /// Seals full blocks of `type` (and, with `force`, a last partial one).
    private func sealAll(_ type: BlockType, now: ContinuousClock.Instant, force: Bool) -> SealResult {
        var result = SealResult()
        let size = capacity(type)
        while let queue = pending[type], !queue.isEmpty, queue.count >= size || force {
            let batch = Array(queue.prefix(size))
            pending[type] = Array(queue.dropFirst(batch.count))
            let (block, rejected) = SignaturePolicy.$skipSignatures.withValue(true) { seal(type, batch.map(\.transaction)) }
            result.blocks.append(block)
            result.rejected += rejected
        }
        if !result.blocks.isEmpty { result.rejected += rebuildProjection() }
        if let blockSink, !result.blocks.isEmpty || !result.rejected.isEmpty {
            do {
                try blockSink(result)
            } catch {
                halted = "storing sealed blocks failed (\(error)); restart the node to resume from storage"
            }
        }
        return result
    }

    /// Applies `transactions` to the tree as one block.
    private func seal(_ type: BlockType, _ transactions: [Transaction]) -> (SealedBlock, [(hash: String, reason: TransactionRejection)]) {
        let oldRoot = tree.root
        var slots = [Transaction](), updates = [[AccountUpdate]](), assigned = [AccountID?](), pubdata = [UInt8]()
        var rejected = [(hash: String, reason: TransactionRejection)]()
        var fees: UInt128 = 0
        for transaction in transactions {
            do {
                let (writes, fee) = try effects(of: transaction, on: StateView(tree: tree, nextAccount: nextAccount))
                var slotUpdates = [AccountUpdate]()
                var newAccount: AccountID?
                for (id, account) in writes {
                    if tree.account(id) == nil { newAccount = id }
                    slotUpdates.append(write(id, account))
                }
                if let newAccount { nextAccount = newAccount.value + 1 }
                fees += fee
                slots.append(transaction)
                updates.append(slotUpdates)
                let account = newAccount ?? writes.first?.0
                assigned.append(type == .deposit ? account : nil)
                pubdata += Self.pubdata(of: transaction, account: account)
            } catch {
                rejected.append((transaction.hash, error))
            }
        }
        while slots.count < capacity(type) {
            slots.append(.noop)
            updates.append([])
            assigned.append(nil)
            pubdata += [UInt8](repeating: 0, count: PubdataLayout.slotSize(type))
        }
        var feeUpdate: AccountUpdate?
        if type != .deposit, var feeAccount = tree.account(.feeAccount) {
            // Fees of one block are far below 2^128 − balance in practice; saturate rather than trap.
            feeAccount.balance = feeAccount.balance.addingReportingOverflow(fees).overflow ? .max : feeAccount.balance + fees
            feeUpdate = write(.feeAccount, feeAccount)
        }
        let number = nextBlockNumber
        nextBlockNumber += 1
        let block = SealedBlock(
            number: number, type: type, oldRoot: oldRoot, newRoot: tree.root, totalFee: fees, transactions: slots,
            updates: updates, feeUpdate: feeUpdate, pubdata: pubdata,
            commitment: BlockCommitment.compute(blockNumber: number, oldRoot: oldRoot, newRoot: tree.root, totalFee: fees, pubdata: pubdata),
            assignedAccounts: assigned)
        return (block, rejected)
    }

    private func write(_ id: AccountID, _ account: Account) -> AccountUpdate {
        let before = tree.account(id)
        let path = tree.path(id)
        let rootBefore = tree.root
        try! tree.set(id, account)  // ids come from handlers, which respect the capacity
        return AccountUpdate(account: id, before: before, after: account, path: path, rootBefore: rootBefore, rootAfter: tree.root)
    }

    static func pubdata(of transaction: Transaction, account: AccountID?) -> [UInt8] {
        switch transaction {
        case .deposit(let deposit): return deposit.pubdata(assignedAccount: account!)
        case .transfer(let transfer): return transfer.pubdata
        case .exit(let exit): return exit.pubdata
        case .noop: return []
        }
    }

    /// Recomputes the projected state from the tree and what is still
    /// pending, dropping pending transactions that no longer hold
    /// (signatures were checked on submission).
    private func rebuildProjection() -> [(hash: String, reason: TransactionRejection)] {
        SignaturePolicy.$skipSignatures.withValue(true) { rebuildProjectionCheckingBalances() }
    }

    private func rebuildProjectionCheckingBalances() -> [(hash: String, reason: TransactionRejection)] {
        var view = StateView(tree: tree, nextAccount: nextAccount)
        var dropped = [(hash: String, reason: TransactionRejection)]()
        for type in BlockType.allCases {
            var kept = [(transaction: Transaction, arrival: ContinuousClock.Instant)]()
            for entry in pending[type] ?? [] {
                do {
                    let (writes, _) = try effects(of: entry.transaction, on: view)
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
