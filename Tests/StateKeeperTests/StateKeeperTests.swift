import Foundation
import Algebra
import Primitives
import RollupTypes
import StateKeeper
import Testing

/// Deposits, transfers and exits through the state keeper: acceptance,
/// every rejection, sealing rules, fees and block witnesses.
struct StateKeeperTests {
    static let operatorKey = EdDSAPrivateKey.generate()
    static let alice = EdDSAPrivateKey.generate()
    static let bob = EdDSAPrivateKey.generate()
    static let clock = ContinuousClock()

    static let bridge = Ed25519SigningKey.generate()
    static let chain = try! ChainConfiguration.genesis(
        parameters: try! ChainParameters(treeDepth: 6, blockSizes: [.transfer: 4, .deposit: 2, .exit: 2], fullBlockTimeout: .seconds(60)),
        operatorKey: operatorKey.publicKey, bridgePublicKey: bridge.publicKey)

    static func configuration() -> StateKeeperConfiguration { StateKeeperConfiguration(chain) }

    /// A keeper where Alice (id 1) holds 10,000 and Bob (id 2) 500.
    static func funded() async throws -> RollupStateKeeper {
        let keeper = try RollupStateKeeper(configuration: configuration())
        _ = try await keeper.submit(StateKeeperTests.deposit(alice, 10_000, sequence: 1))
        _ = try await keeper.submit(StateKeeperTests.deposit(bob, 500, sequence: 2))
        let sealed = await keeper.tick()
        #expect(sealed.blocks.count == 1)
        return keeper
    }

    /// A deposit the chain's bridge signed.
    static func deposit(_ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64, account: AccountID? = nil) -> Transaction {
        .deposit(Deposit(account: account, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence).signed(by: bridge, chain: chain.chainID))
    }

    static func transfer(_ from: Int, _ to: Int, _ amount: UInt128, fee: UInt128 = 1, nonce: UInt32, key: EdDSAPrivateKey = alice) throws -> Transaction {
        .transfer(Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: amount),
                           fee: try PackedFee(packing: fee), nonce: nonce).signed(with: key, chain: chain.chainID))
    }

    /// The writes chain oldRoot → newRoot: each write's path leads from its
    /// before-leaf to the root the previous write left, and from its
    /// after-leaf to the next.
    static func checkWitness(_ block: SealedBlock) {
        var root = block.oldRoot
        for update in block.updates.flatMap({ $0 }) + (block.feeUpdate.map { [$0] } ?? []) {
            #expect(update.path.root(from: update.before?.leaf ?? .zero) == root)
            root = update.path.root(from: update.after.leaf)
        }
        #expect(root == block.newRoot)
        #expect(block.commitment == BlockCommitment.compute(
            blockNumber: block.number, totalFee: block.totalFee, pubdata: block.pubdata))
        #expect(block.chainID == chain.chainID)
        #expect(block.authority == SealedBlock.authority(of: block.transactions, type: block.type))
    }

    @Test func depositsCreateAccountsAndSealOnTheTick() async throws {
        let keeper = try RollupStateKeeper(configuration: Self.configuration())
        let (receipt, immediate) = try await keeper.submit(StateKeeperTests.deposit(Self.alice, 7, sequence: 9))
        #expect(receipt.account == (try AccountID(1)))
        #expect(immediate.blocks.isEmpty)
        let result = await keeper.tick()
        let block = try #require(result.blocks.first)
        #expect(block.type == .deposit && block.number == 1)
        #expect(block.transactions.count == 2)  // padded to the deposit block size
        #expect(block.transactions[1] == .noop)
        #expect(block.pubdata.count == 2 * 52)
        #expect(block.assignedAccounts[0] == (try AccountID(1)))
        Self.checkWitness(block)
        #expect(await keeper.sealedAccount(try AccountID(1))?.balance == 7)
        // A top-up of the existing account, and a mismatched key refused.
        _ = try await keeper.submit(StateKeeperTests.deposit(Self.alice, 3, sequence: 10, account: try AccountID(1)))
        await #expect(throws: TransactionRejection.publicKeyMismatch(try AccountID(1))) {
            try await keeper.submit(StateKeeperTests.deposit(Self.bob, 3, sequence: 11, account: try AccountID(1)))
        }
        _ = await keeper.tick()
        #expect(await keeper.sealedAccount(try AccountID(1))?.balance == 10)
    }

    @Test func fullTransferBlockSealsAtOnceWithFeesCredited() async throws {
        let keeper = try await Self.funded()
        var sealed = [SealedBlock]()
        for nonce in 0..<4 {
            let (_, result) = try await keeper.submit(try Self.transfer(1, 2, 100, fee: 2, nonce: UInt32(nonce)))
            sealed += result.blocks
        }
        let block = try #require(sealed.first)
        #expect(sealed.count == 1 && block.type == .transfer && block.number == 2)
        #expect(block.totalFee == 8)
        #expect(block.pubdata.count == 4 * 14)
        Self.checkWitness(block)
        #expect(await keeper.sealedAccount(try AccountID(1)) == Account(publicKey: Self.alice.publicKey, balance: 10_000 - 408, nonce: 4))
        #expect(await keeper.sealedAccount(try AccountID(2))?.balance == 900)
        #expect(await keeper.sealedAccount(.feeAccount)?.balance == 8)
    }

    /// Fees credited at sealing reach account 0's pending state even when
    /// something touching account 0 was pending: the operator can spend
    /// them at once (the defect: pending stayed at 6 while 20 was committed).
    @Test func collectedFeesAreSpendableAtOnce() async throws {
        let keeper = try await Self.funded()
        let start = Self.clock.now
        _ = try await keeper.submit(try Self.transfer(1, 0, 6, fee: 5, nonce: 0), now: start)
        _ = try await keeper.submit(try Self.transfer(2, 1, 7, fee: 9, nonce: 0, key: Self.bob), now: start)
        #expect(await keeper.projectedAccount(.feeAccount)?.balance == 6)
        let block = try #require(await keeper.tick(now: start + .seconds(60)).blocks.first)
        #expect(block.totalFee == 14)
        #expect(await keeper.sealedAccount(.feeAccount)?.balance == 20)
        #expect(await keeper.projectedAccount(.feeAccount)?.balance == 20)
        let spend = try Self.transfer(0, 1, 20, fee: 0, nonce: 0, key: Self.operatorKey)
        _ = try await keeper.submit(spend, now: start + .seconds(61))
        #expect(await keeper.projectedAccount(.feeAccount)?.balance == 0)
    }

    /// A fee that would carry account 0 past 2^128 − 1 once credited is
    /// refused on submission (the circuit refuses such a block), counting
    /// the fees and credits still pending; nothing else changes.
    @Test func aFeeCreditPast128BitsIsRefused() async throws {
        let tree = try AccountTree(depth: 6, accounts: [
            (AccountID.feeAccount, Account(publicKey: Self.operatorKey.publicKey, balance: .max - 150)),
            (try AccountID(1), Account(publicKey: Self.alice.publicKey, balance: 10_000)),
        ])
        let keeper = try RollupStateKeeper(configuration: Self.configuration(), tree: tree, nextBlockNumber: 1, spentSequences: [])
        _ = try await keeper.submit(try Self.transfer(1, 0, 40, fee: 60, nonce: 0))
        await #expect(throws: TransactionRejection.balanceOverflow(.feeAccount)) {
            try await keeper.submit(try Self.transfer(1, 0, 1, fee: 100, nonce: 1))
        }
        #expect(await keeper.pendingCount == 1)
        _ = try await keeper.submit(try Self.transfer(1, 0, 10, fee: 40, nonce: 1))
        let block = try #require(await keeper.tick(now: Self.clock.now + .seconds(3600)).blocks.first)
        #expect(block.totalFee == 100)
        #expect(await keeper.sealedAccount(.feeAccount)?.balance == .max)
    }

    @Test func partialTransferBlockWaitsForTheTimeoutThenPads() async throws {
        let keeper = try await Self.funded()
        let start = Self.clock.now
        _ = try await keeper.submit(try Self.transfer(1, 2, 5, nonce: 0), now: start)
        #expect(await keeper.tick(now: start + .seconds(59)).blocks.isEmpty)
        #expect(await keeper.fullBlockDeadline == start + .seconds(60))
        let block = try #require(await keeper.tick(now: start + .seconds(60)).blocks.first)
        #expect(block.transactions.filter { $0 == .noop }.count == 3)
        #expect(block.pubdata.suffix(3 * 14).allSatisfy { $0 == 0 })
        Self.checkWitness(block)
        #expect(await keeper.pendingCount == 0)
    }

    @Test func noncesCountPendingTransactions() async throws {
        let keeper = try await Self.funded()
        _ = try await keeper.submit(try Self.transfer(1, 2, 5, nonce: 0))
        _ = try await keeper.submit(try Self.transfer(1, 2, 5, nonce: 1))
        await #expect(throws: TransactionRejection.nonceMismatch(expected: 2, got: 1)) {
            try await keeper.submit(try Self.transfer(1, 2, 5, nonce: 1))
        }
        #expect(await keeper.projectedAccount(try AccountID(1))?.nonce == 2)
        #expect(await keeper.sealedAccount(try AccountID(1))?.nonce == 0)
    }

    @Test func everyRejectionLeavesStateUnchanged() async throws {
        let keeper = try await Self.funded()
        let rootBefore = await keeper.tree.root
        let bad: [(Transaction, TransactionRejection)] = [
            (try Self.transfer(1, 2, 5, nonce: 0, key: Self.bob), .badSignature),
            (try Self.transfer(1, 2, 5, nonce: 3), .nonceMismatch(expected: 0, got: 3)),
            (try Self.transfer(1, 2, 20_000, nonce: 0), .insufficientBalance(needed: 20_001, available: 10_000)),
            (try Self.transfer(1, 2, 10_000, fee: 1, nonce: 0), .insufficientBalance(needed: 10_001, available: 10_000)),
            (try Self.transfer(1, 9, 5, nonce: 0), .unknownAccount(try AccountID(9))),
            (try Self.transfer(1, 1, 5, nonce: 0), .selfTransfer),
            (try Self.transfer(1, 2, 0, nonce: 0), .zeroAmount),
            (.transfer(Transfer(from: try AccountID(1), to: try AccountID(2), amount: try PackedAmount(packing: 5), fee: try PackedFee(packing: 1), nonce: 0)), .missingSignature),
        ]
        for (transaction, reason) in bad {
            await #expect(throws: reason) { try await keeper.submit(transaction) }
        }
        // A signature over another transfer's message does not transfer.
        let signedFive = try Self.transfer(1, 2, 5, nonce: 0)
        guard var tampered = signedFive.kind as? Transfer else { Issue.record("not a transfer"); return }
        tampered.amount = try PackedAmount(packing: 6)
        await #expect(throws: TransactionRejection.badSignature) { try await keeper.submit(.transfer(tampered)) }
        #expect(await keeper.pendingCount == 0)
        #expect(await keeper.tree.root == rootBefore)
        #expect(await keeper.projectedAccount(try AccountID(1))?.balance == 10_000)
    }

    /// The circuits range-check nonces to 32 bits, so the last nonce is refused rather than wrapped.
    @Test func exhaustedNoncesAreRefused() async throws {
        let tree = try AccountTree(depth: 6, accounts: [
            (AccountID.feeAccount, Account(publicKey: Self.operatorKey.publicKey)),
            (try AccountID(1), Account(publicKey: Self.alice.publicKey, balance: 100, nonce: .max)),
            (try AccountID(2), Account(publicKey: Self.bob.publicKey)),
        ])
        let keeper = try RollupStateKeeper(configuration: Self.configuration(), tree: tree, nextBlockNumber: 1, spentSequences: [])
        await #expect(throws: TransactionRejection.nonceExhausted) { try await keeper.submit(try Self.transfer(1, 2, 5, nonce: .max)) }
    }

    /// Blocks are sealed by type, but a transaction never overtakes an
    /// earlier pending one of another type touching its accounts.
    @Test(arguments: [false, true])
    func sealingKeepsEachAccountsOrderAcrossTypes(pipelined: Bool) async throws {
        var configuration = Self.configuration()
        configuration.pipelinedSealing = pipelined
        let keeper = try RollupStateKeeper(configuration: configuration)
        let blocks = BlockLog()
        await keeper.setBlockSink { blocks.append($0.blocks) }
        _ = try await keeper.submit(StateKeeperTests.deposit(Self.bob, 500, sequence: 1))
        // A transfer to an account whose deposit is still pending, then an exit after a pending transfer.
        _ = try await keeper.submit(try Self.transfer(1, 0, 10, fee: 0, nonce: 0, key: Self.bob))
        let exit = try Exit(account: try AccountID(1), amount: 5, fee: try PackedFee(packing: 0), nonce: 1, l1Address: [UInt8](repeating: 1, count: 20))
        _ = try await keeper.submit(.exit(exit.signed(with: Self.bob, chain: Self.chain.chainID)))
        var rejected = 0
        for step in 0..<4 {
            rejected += await keeper.tick(now: Self.clock.now + .seconds(step == 0 ? 0 : 61)).rejected.count
        }
        #expect(rejected == 0)
        #expect(await keeper.pendingCount == 0)
        _ = await keeper.tree  // waits for the pipeline
        #expect(blocks.types == [.deposit, .transfer, .exit])
        #expect(await keeper.sealedAccount(try AccountID(1))?.balance == 485)
    }

    @Test func exitsDebitAndPublishTheAddress() async throws {
        let keeper = try await Self.funded()
        let address = [UInt8](repeating: 0x42, count: 20)
        let exit = try Exit(account: try AccountID(2), amount: 499, fee: try PackedFee(packing: 1), nonce: 0, l1Address: address).signed(with: Self.bob, chain: Self.chain.chainID)
        _ = try await keeper.submit(.exit(exit))
        let block = try #require(await keeper.tick().blocks.first)
        #expect(block.type == .exit && block.totalFee == 1)
        #expect(Array(block.pubdata[22..<42]) == address)
        Self.checkWitness(block)
        #expect(await keeper.sealedAccount(try AccountID(2))?.balance == 0)
        let again = try Exit(account: try AccountID(2), amount: 1, fee: try PackedFee(packing: 0), nonce: 1, l1Address: address).signed(with: Self.bob, chain: Self.chain.chainID)
        await #expect(throws: TransactionRejection.insufficientBalance(needed: 1, available: 0)) { try await keeper.submit(.exit(again)) }
    }

    @Test func blocksAreNumberedInSealOrder() async throws {
        let keeper = try await Self.funded()
        _ = try await keeper.submit(try Self.transfer(1, 2, 5, nonce: 0))
        _ = try await keeper.submit(StateKeeperTests.deposit(Self.bob, 1, sequence: 3))
        let start = Self.clock.now
        let result = await keeper.tick(now: start + .seconds(61))
        #expect(result.blocks.map(\.number) == [2, 3])
        #expect(result.blocks.map(\.type) == [.deposit, .transfer])
        #expect(result.blocks[0].newRoot == result.blocks[1].oldRoot)
        #expect(await keeper.nextBlockNumber == 4)
    }
}

/// The sealing loop seals deposits on its own within a few ticks.
struct SealingLoopTests {
    actor Collected {
        var blocks: [SealedBlock] = []
        func add(_ result: SealResult) { blocks += result.blocks }
    }

    @Test func depositsSealOnTheNextTick() async throws {
        var configuration = StateKeeperTests.configuration()
        configuration.tick = .milliseconds(20)
        let keeper = try RollupStateKeeper(configuration: configuration)
        let collected = Collected()
        let loop = Task { await keeper.runSealing { await collected.add($0) } }
        _ = try await keeper.submit(StateKeeperTests.deposit(StateKeeperTests.alice, 5, sequence: 1))
        var waited = 0
        while await collected.blocks.isEmpty && waited < 200 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        loop.cancel()
        await loop.value
        let blocks = await collected.blocks
        #expect(blocks.count == 1)
        #expect(blocks.first?.type == .deposit)
    }
}

/// The blocks a sink received, in order.
final class BlockLog: @unchecked Sendable {
    private let lock = NSLock()
    private var blocks = [SealedBlock]()

    func append(_ more: [SealedBlock]) { lock.lock(); blocks += more; lock.unlock() }
    var types: [BlockType] { lock.lock(); defer { lock.unlock() }; return blocks.map(\.type) }
}

/// Every registered kind reaches its handler through the registry.
struct KindHandlerTests {
    @Test func everyKindIsHandled() async throws {
        let key = EdDSAPrivateKey.generate()
        for kind in TransactionKinds.all {
            let chain = try ChainConfiguration.genesis(
                parameters: StateKeeperTests.chain.parameters, operatorKey: key.publicKey, bridgePublicKey: StateKeeperTests.bridge.publicKey)
            let configuration = StateKeeperConfiguration(chain)
            let tree = try AccountTree(depth: 6, accounts: [
                (AccountID.feeAccount, Account(publicKey: key.publicKey)),
                (try AccountID(5), Account(publicKey: key.publicKey, balance: 1 << 40, nonce: 9)),
                (try AccountID(6), Account(publicKey: key.publicKey)),
            ])
            let keeper = try RollupStateKeeper(configuration: configuration, tree: tree, nextBlockNumber: 1, spentSequences: [])
            let sample = SampleTransaction(
                index: 0, account: try AccountID(5), holder: Account(publicKey: key.publicKey, balance: 1 << 40, nonce: 9), key: key,
                other: try AccountID(6), amount: try PackedAmount(packing: 100), fee: try PackedFee(packing: 1), randomBytes: [UInt8](repeating: 7, count: 32),
                chain: chain, bridge: StateKeeperTests.bridge, sequence: 1)
            _ = try await keeper.submit(try kind.sample(sample).transaction)
            #expect(await keeper.projectedAccount(try AccountID(5)) != tree.account(try AccountID(5)), "\(kind.name) changed nothing")
        }
    }
}
