import Algebra
import Circuits
import Primitives
import RollupTypes
import StateKeeper

/// A block sealed by a real state keeper on a small random state of a new
/// chain, for `rollup circuits prove-sample` and `rollup bench circuits`:
/// the block, its chain and the accounts it started from.
public struct SampleBlock: Sendable {
    public let block: SealedBlock
    public let chain: ChainConfiguration
    /// The state before the block.
    public let accounts: [(AccountID, Account)]

    /// Why no sample block can be made.
    public struct InvalidRequest: Error, CustomStringConvertible {
        public let description: String
    }

    /// A `type` block of `parameters.capacity` slots: `real` real
    /// transactions, each from (or to) its own random account, the rest
    /// padding. `blockNumber` is the number it gets.
    public static func seal(
        _ type: BlockType, parameters: BlockCircuitParameters, real: Int, blockNumber: UInt32 = 1
    ) async throws -> SampleBlock {
        guard (1...parameters.capacity).contains(real) else {
            throw InvalidRequest(description: "a block has room for 1 to \(parameters.capacity) real transactions, not \(real)")
        }
        guard 2 * real + 2 <= 1 << parameters.treeDepth else {
            throw InvalidRequest(description: "a tree of depth \(parameters.treeDepth) has no room for \(2 * real + 2) accounts")
        }
        var generator = SystemRandomNumberGenerator()
        let operatorKey = EdDSAPrivateKey.generate()
        let keys = (0...real).map { _ in EdDSAPrivateKey.generate() }
        var accounts = [(AccountID.feeAccount, Account(publicKey: operatorKey.publicKey, balance: UInt128(UInt64.random(in: 0...1_000_000, using: &generator))))]
        for (index, key) in keys.enumerated() {
            let account = Account(
                publicKey: key.publicKey, balance: UInt128(UInt64.random(in: 1_000_000...1_000_000_000, using: &generator)),
                nonce: UInt32.random(in: 0...1_000, using: &generator))
            accounts.append((try AccountID(index + 1), account))
        }
        let bridge = Ed25519SigningKey.generate()
        let chain = try ChainConfiguration.genesis(
            parameters: try ChainParameters(treeDepth: parameters.treeDepth, blockSize: parameters.capacity, fullBlockTimeout: .zero),
            operatorKey: operatorKey.publicKey, bridgePublicKey: bridge.publicKey)
        let keeper = try RollupStateKeeper(
            configuration: StateKeeperConfiguration(chain), tree: try AccountTree(depth: parameters.treeDepth, accounts: accounts),
            nextBlockNumber: blockNumber, spentSequences: [])

        var sealed = SealResult()
        for index in 0..<real {
            let (id, account) = accounts[index + 1]
            let amount = try PackedAmount(packing: UInt128(UInt64.random(in: 1...100_000, using: &generator)))
            let fee = try PackedFee(packing: UInt128(UInt64.random(in: 0...2_000, using: &generator)))
            let sample = SampleTransaction(
                index: index, account: id, holder: account, key: keys[index], other: accounts[index + 2].0, amount: amount, fee: fee,
                randomBytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, chain: chain, bridge: bridge,
                sequence: UInt64(index))
            let transaction = try TransactionKinds.kind(of: type).sample(sample).transaction
            sealed.merge(try await keeper.submit(transaction).1)
        }
        sealed.merge(await keeper.tick(now: .now + .seconds(1)))
        guard let block = sealed.blocks.first, sealed.blocks.count == 1, sealed.rejected.isEmpty else {
            throw InvalidRequest(description: "internal error: the sample transactions did not seal into one block")
        }
        return SampleBlock(block: block, chain: chain, accounts: accounts)
    }
}
