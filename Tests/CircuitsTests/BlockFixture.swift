import Algebra
import Circuits
import Primitives
import RollupTypes
import StateKeeper

/// Small sealed blocks from a real state keeper (tree depth 4, 2 slots per
/// block), and ways to tamper with them.
enum BlockFixture {
    static let operatorKey = EdDSAPrivateKey.generate()
    static let alice = EdDSAPrivateKey.generate()
    static let bob = EdDSAPrivateKey.generate()
    static let bridge = Ed25519SigningKey.generate()
    static let parameters = BlockCircuitParameters(treeDepth: 4, capacity: 2)
    static let clock = ContinuousClock()

    /// The chain of `shape` (default: `parameters`' shape for every block
    /// type), with this fixture's keys and a fixed salt.
    static func chain(_ shape: ChainParameters? = nil) throws -> ChainConfiguration {
        try ChainConfiguration(
            parameters: try shape ?? ChainParameters(treeDepth: parameters.treeDepth, blockSize: parameters.capacity), operatorKey: operatorKey.publicKey,
            bridgePublicKey: bridge.publicKey, salt: [UInt8](repeating: 3, count: 32))
    }

    /// The default chain's id, which the helpers below sign for.
    static let chainID = try! chain().chainID

    /// A keeper whose tree holds the fee account (id 0), Alice (1) and Bob
    /// (2), on the chain of `shape` (default: `parameters`' shape for every block type).
    static func keeper(
        fee: UInt128 = 0, alice aliceBalance: UInt128 = 10_000, bob bobBalance: UInt128 = 500, chain shape: ChainParameters? = nil
    ) throws -> RollupStateKeeper {
        let configuration = StateKeeperConfiguration(try chain(shape))
        let tree = try AccountTree(depth: parameters.treeDepth, accounts: [
            (AccountID.feeAccount, Account(publicKey: operatorKey.publicKey, balance: fee)),
            (try AccountID(1), Account(publicKey: alice.publicKey, balance: aliceBalance, nonce: 3)),
            (try AccountID(2), Account(publicKey: bob.publicKey, balance: bobBalance)),
        ])
        return try RollupStateKeeper(configuration: configuration, tree: tree, nextBlockNumber: 7, spentSequences: [])
    }

    static func transfer(_ from: Int, _ to: Int, _ amount: UInt128, fee: UInt128 = 2, nonce: UInt32, key: EdDSAPrivateKey) throws -> Transfer {
        Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: amount),
                 fee: try PackedFee(packing: fee), nonce: nonce).signed(with: key, chain: chainID)
    }

    /// A deposit signed by the fixture's bridge for the default chain.
    static func deposit(_ key: EdDSAPublicKey, _ amount: UInt128, sequence: UInt64, account: AccountID? = nil) -> Transaction {
        .deposit(Deposit(account: account, publicKey: key, amount: amount, bridgeSequence: sequence).signed(by: bridge, chain: chainID))
    }

    /// The transfer block sealed after `transfers` (padded when fewer than the capacity).
    static func transferBlock(_ keeper: RollupStateKeeper, _ transfers: [Transfer]) async throws -> SealedBlock {
        var blocks = [SealedBlock]()
        for transfer in transfers { blocks += try await keeper.submit(.transfer(transfer)).1.blocks }
        if blocks.isEmpty { blocks = await keeper.tick(now: clock.now + .seconds(3600)).blocks }
        return blocks[0]
    }

    /// The block sealed on the next tick after `transactions` (deposits or exits).
    static func tickBlock(_ keeper: RollupStateKeeper, _ transactions: [Transaction]) async throws -> SealedBlock {
        for transaction in transactions { _ = try await keeper.submit(transaction) }
        return await keeper.tick().blocks[0]
    }

    /// Alice → Bob 100 and Bob → Alice 30: a full block.
    static func honestTransferBlock() async throws -> SealedBlock {
        let keeper = try keeper()
        return try await transferBlock(keeper, [
            try transfer(1, 2, 100, nonce: 3, key: alice), try transfer(2, 1, 30, fee: 0, nonce: 0, key: bob),
        ])
    }

    /// `block` with slot `index`'s transaction replaced (its writes kept).
    static func replacing(_ block: SealedBlock, slot index: Int, with transaction: Transaction) -> SealedBlock {
        var transactions = block.transactions
        transactions[index] = transaction
        return rebuilt(block, transactions: transactions)
    }

    /// `block` with some fields changed; the commitment is recomputed from
    /// the block number, fee and pubdata unless given.
    static func rebuilt(
        _ block: SealedBlock, chainID: ChainID? = nil, oldRoot: Fr? = nil, newRoot: Fr? = nil, transactions: [Transaction]? = nil,
        updates: [[AccountUpdate]]? = nil, feeUpdate: AccountUpdate? = nil, pubdata: [UInt8]? = nil, commitment: Fr? = nil
    ) -> SealedBlock {
        let oldRoot = oldRoot ?? block.oldRoot, newRoot = newRoot ?? block.newRoot, pubdata = pubdata ?? block.pubdata
        return SealedBlock(
            chainID: chainID ?? block.chainID, number: block.number, type: block.type, oldRoot: oldRoot, newRoot: newRoot, totalFee: block.totalFee,
            transactions: transactions ?? block.transactions, updates: updates ?? block.updates, feeUpdate: feeUpdate ?? block.feeUpdate,
            pubdata: pubdata, authority: block.authority,
            commitment: commitment ?? BlockCommitment.compute(
                blockNumber: block.number, totalFee: block.totalFee, pubdata: pubdata),
            assignedAccounts: block.assignedAccounts)
    }

    /// An account update with one sibling changed.
    static func withTamperedSibling(_ update: AccountUpdate, index: Int) -> AccountUpdate {
        var siblings = update.path.siblings
        siblings[index] += .one
        return AccountUpdate(
            account: update.account, before: update.before, after: update.after,
            path: MerklePath(index: update.path.index, siblings: siblings))
    }
}
