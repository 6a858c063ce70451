import Algebra
import CoreMetrics
import Metrics
import Primitives
import RollupTypes

/// The single writer of rollup state. It admits transactions into the
/// ``PendingPool`` (checked against the projected state: the sealed
/// accounts with every pending transaction applied), seals them into blocks
/// when the ``SealPolicy`` says so, and applies each block to the sealed
/// accounts through ``BlockPreparation``, which credits the block's fees to
/// the fee account once, at the end. The prepared block goes to the
/// ``BlockAssembler``, which hashes the tree and records the Merkle witness:
/// inline, or, with `pipelinedSealing`, on a low-priority thread of its own
/// while the keeper goes on accepting.
public actor RollupStateKeeper {
    public let configuration: StateKeeperConfiguration
    private var preparation: BlockPreparation
    private var pool: PendingPool
    private var recent = RecentHashes()
    private let policy: SealPolicy
    /// Inline mode: the tree; pipelined mode: nil (the pipeline has it).
    private var assembler: BlockAssembler?
    private let pipeline: SealingPipeline?
    private var seals = 0
    /// `rollup_block_sealing_seconds`: how long each seal's blocks took to hash and store.
    private let sealingTime: CoreMetrics.Timer
    /// Receives every seal's blocks and late rejections, in seal order
    /// (the committer, in the node).
    private var blockSink: (@Sendable (SealResult) throws -> Void)?
    /// Set when the sink failed: the sealed state is then ahead of storage,
    /// so the keeper accepts nothing more until the node restarts from storage.
    private var halted: String?
    /// Every account's key, sealed and pending new ones, read without the actor.
    public nonisolated let accountKeys: AccountKeyIndex
    /// Pending deposits' new accounts, until sealed (or dropped, and then unindexed).
    private var pendingNewAccounts: [AccountID: EdDSAPublicKey] = [:]

    /// A new rollup: the tree holds only the fee account (id 0, the operator's key).
    public init(configuration: StateKeeperConfiguration) throws {
        var tree = AccountTree(depth: configuration.chain.treeDepth)
        try tree.set(AccountID.feeAccount, Account(publicKey: configuration.operatorKey))
        try self.init(configuration: configuration, tree: tree, nextBlockNumber: 1, spentSequences: [])
    }

    /// A rollup restored from storage: its tree, the next block number and
    /// the bridge sequences its blocks spent.
    public init(configuration: StateKeeperConfiguration, tree: AccountTree, nextBlockNumber: UInt32, spentSequences: Set<UInt64>) throws {
        self.configuration = configuration
        accountKeys = AccountKeyIndex(tree.allAccounts)
        preparation = BlockPreparation(
            sealed: SealedAccounts(tree), nextBlockNumber: nextBlockNumber, chain: configuration.chain, domain: configuration.domain,
            spentSequences: spentSequences)
        pool = PendingPool(nextAccount: preparation.nextAccount, domain: configuration.domain)
        policy = SealPolicy(chain: configuration.chain)
        sealingTime = CoreMetrics.Timer(label: "rollup_block_sealing_seconds", factory: configuration.metrics)
        let assembler = BlockAssembler(tree: tree, chainID: configuration.domain.chainID)
        if configuration.pipelinedSealing {
            pipeline = SealingPipeline(assembler: assembler, sealingTime: sealingTime)
        } else {
            self.assembler = assembler
            pipeline = nil
        }
    }

    /// The number the next sealed block gets.
    public var nextBlockNumber: UInt32 { preparation.nextBlockNumber }

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
    public func projectedAccount(_ id: AccountID) -> Account? { pool.projectedAccounts[id] ?? preparation.sealed.account(id) }

    /// The account in the last sealed state.
    public func sealedAccount(_ id: AccountID) -> Account? { preparation.sealed.account(id) }

    /// The lowest account id whose key is `key`, pending new accounts
    /// included: an index lookup that never waits for the actor.
    public nonisolated func firstAccount(withKey key: EdDSAPublicKey) -> AccountID? {
        accountKeys.firstAccount(withKey: key)
    }

    /// The number of pending transactions.
    public var pendingCount: Int { pool.count }

    /// The number of pending deposits: 0 once every deposit admitted so far
    /// is in a sealed block (L1 mode waits for it after a refused deposit).
    public var pendingDepositCount: Int { pool.pendingSequences.count }

    /// Whether a deposit of bridge sequence `sequence` was admitted, sealed
    /// or pending: eth_watch reads such a deposit again after a restart
    /// and need not check it against the contract again.
    public func hasSpent(bridgeSequence sequence: UInt64) -> Bool {
        preparation.spentSequences.contains(sequence) || pool.pendingSequences.contains(sequence)
    }

    /// The blocks not yet verified, given the verified head: those sealed
    /// after `verified` and those the pending transactions will fill.
    public func unverifiedBlocks(verified: UInt32) -> Int {
        max(0, Int(preparation.nextBlockNumber) - 1 - Int(verified)) + pendingBlocks.values.reduce(0, +)
    }

    /// The backlog after the verified head `verified`, by type, and when
    /// each open block that waits to be full seals at the latest.
    public func backlog(verified: UInt32, now: ContinuousClock.Instant = .now) -> Backlog {
        let last = preparation.nextBlockNumber - 1
        var deadlines = [BlockType: ContinuousClock.Instant]()
        for kind in TransactionKinds.all where kind.waitsForFullBlocks {
            let entries = pool.entries[kind.blockType] ?? []
            let slots = configuration.chain.slots(kind.blockType)
            let openFirst = entries.count % slots == 0 ? nil : entries[entries.count / slots * slots].arrival
            deadlines[kind.blockType] = (openFirst ?? now) + configuration.chain.fullBlockTimeout
        }
        return Backlog(sealed: last > verified ? verified + 1...last : nil, pending: pendingBlocks, sealDeadline: deadlines)
    }

    /// The blocks the pending transactions fill, by type.
    private var pendingBlocks: [BlockType: Int] {
        Dictionary(uniqueKeysWithValues: BlockType.allCases.map { type in
            let slots = configuration.chain.slots(type)
            return (type, ((pool.entries[type]?.count ?? 0) + slots - 1) / slots)
        })
    }

    /// When the oldest pending transaction of a kind that waits for full
    /// blocks will be sealed at the latest, if any is pending.
    public var fullBlockDeadline: ContinuousClock.Instant? {
        var oldest: ContinuousClock.Instant?
        for kind in TransactionKinds.all where kind.waitsForFullBlocks {
            if let arrival = pool.entries[kind.blockType]?.first?.arrival, oldest.map({ arrival < $0 }) ?? true { oldest = arrival }
        }
        return oldest.map { $0 + configuration.chain.fullBlockTimeout }
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
    ///
    /// `admission`: the operator's limits (``AdmissionRule``), refused with
    /// ``TransactionRejection/backlogFull(blocks:limit:)``,
    /// ``TransactionRejection/feeTooLow(_:)`` or
    /// ``TransactionRejection/tooManyPending(_:limit:)``; nil (restoring
    /// what was accepted before) sets none.
    public func submit(
        _ transaction: Transaction, now: ContinuousClock.Instant = .now, signatureVerified: Bool = false, admission: AdmissionRule? = nil,
        persist: ((Transaction, Receipt) throws(TransactionRejection) -> Void)? = nil
    ) throws(TransactionRejection) -> (Receipt, SealResult) {
        if let halted = halted ?? pipeline?.failure.value { throw .unavailable(halted) }
        if let admission, let kind = transaction.kind, type(of: kind).paysFees { try checkBacklogAndFee(kind, transaction.blockType, admission) }
        let sealed = preparation.sealed
        let view = pool.view(over: sealed)
        let outcome = SignaturePolicy.$skipSignatures.withValue(signatureVerified) {
            Result { () throws(TransactionRejection) in try transaction.effects(on: view) }
        }
        let (writes, fee) = try outcome.get()
        // An owner's pending transactions each took a nonce: the projected nonce runs ahead of the sealed one by their number.
        if let limit = admission?.maxPendingPerAccount, let kind = transaction.kind, kind.isSigned, type(of: kind).authority == .owner,
           let signer = kind.primaryAccount, let projected = view.account(signer),
           Int(projected.nonce) - Int(sealed.account(signer)?.nonce ?? 0) >= limit {
            throw .tooManyPending(signer, limit: limit)
        }
        let credit = try pool.checkedFeeAccountCredit(writes: writes, fee: fee, on: view, sealed: sealed)
        var newAccount: AccountID?
        for (id, _) in writes where view.account(id) == nil { newAccount = id }
        let receipt = Receipt(hash: transaction.hash, account: newAccount)
        guard !recent.contains(receipt.hash) else { throw .duplicate }
        if let sequence = transaction.kind?.spentBridgeSequence,
           preparation.spentSequences.contains(sequence) || pool.pendingSequences.contains(sequence) {
            throw .duplicateDeposit(sequence: sequence)
        }
        try persist?(transaction, receipt)
        recent.insert(receipt.hash)
        pool.admit(transaction, writes: writes, createsAccount: newAccount != nil, feeAccountCredit: credit, now: now)
        for (id, account) in writes where id == newAccount {
            accountKeys.insert(id, key: account.publicKey)
            pendingNewAccounts[id] = account.publicKey
        }
        let type = transaction.blockType
        guard !configuration.pipelinedSealing, policy.fillsABlock(type, pending: pool.entries[type]?.count ?? 0) else { return (receipt, SealResult()) }
        return (receipt, sealAll(type, force: false))
    }

    /// Refuses a paying transaction at the backlog cap, or below the base fee.
    private func checkBacklogAndFee(_ kind: any TransactionKind, _ type: BlockType, _ rule: AdmissionRule) throws(TransactionRejection) {
        let blocks = unverifiedBlocks(verified: rule.verifiedBlock)
        if blocks >= rule.maxBacklog { throw .backlogFull(blocks: blocks, limit: rule.maxBacklog) }
        let base = rule.fees.baseFee(type, backlog: blocks, provers: rule.liveProvers)
        guard kind.paidFee >= base else {
            throw .feeTooLow(FeeShortfall(
                type: type, paid: kind.paidFee, minimum: rule.fees.minimum(type), baseFee: base, backlog: blocks,
                suggested: rule.fees.suggestedFee(type, backlog: blocks, provers: rule.liveProvers)))
        }
    }

    /// Seals whatever is due at `now`: deposit and exit blocks whenever any
    /// are pending, and a padded transfer block once the oldest transfer has
    /// waited the chain's transfer timeout (``SealPolicy``).
    ///
    /// With pipelined sealing, full transfer blocks are sealed here too (not
    /// in `submit`), and the result holds no blocks: they reach the sink
    /// once assembled.
    public func tick(now: ContinuousClock.Instant = .now) -> SealResult {
        var result = SealResult()
        for type in SealPolicy.sealingOrder {
            result.merge(sealAll(type, force: policy.sealsPartial(type, oldest: pool.entries[type]?.first?.arrival, now: now)))
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

    /// Seals full blocks of `type` (and, with `force`, a last partial one).
    private func sealAll(_ type: BlockType, force: Bool) -> SealResult {
        var prepared = [PreparedBlock]()
        var rejected = [(hash: String, reason: TransactionRejection)]()
        while true {
            let (batch, rest) = policy.sealable(type, in: pool.entries)
            guard !batch.isEmpty, batch.count >= configuration.chain.slots(type) || force else { break }
            pool.replace(type, with: rest, sealing: batch)
            let (block, late) = preparation.prepare(type, batch.map(\.transaction))
            // The projection of account 0 was computed before these fees were
            // credited; they are now part of its pending state too.
            if block.feeWrite != nil { pool.creditProjectedFeeAccount(block.totalFee) }
            prepared.append(block)
            rejected += late
        }
        // Without late rejections the projection still holds: effects that all succeed commute.
        if !rejected.isEmpty { rejected += pool.rebuildProjection(sealed: preparation.sealed, nextAccount: preparation.nextAccount) }
        // New accounts now sealed stay indexed; those dropped with their deposit leave the index.
        for (id, key) in pendingNewAccounts where preparation.sealed.account(id) != nil || pool.projectedAccounts[id] == nil {
            if preparation.sealed.account(id) == nil { accountKeys.remove(id, key: key) }
            pendingNewAccounts[id] = nil
        }
        if !prepared.isEmpty { pool.recountFeeAccountCredit() }
        guard !prepared.isEmpty || !rejected.isEmpty else { return SealResult() }
        seals += 1
        var result = SealResult()
        result.rejected = rejected
        if let pipeline {
            pipeline.enqueue(SealingPipeline.Work(blocks: prepared, rejected: rejected))
            return result
        }
        let started = ContinuousClock.now
        result.blocks = prepared.map { assembler!.assemble($0) }
        if let blockSink {
            do {
                try blockSink(result)
            } catch {
                halted = "storing sealed blocks failed (\(error)); restart the node to resume from storage"
            }
        }
        if !result.blocks.isEmpty { sealingTime.record(duration: ContinuousClock.now - started) }
        return result
    }
}
