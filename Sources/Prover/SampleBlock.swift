import Algebra
import Circuits
import Primitives
import RollupTypes
import StateKeeper

/// A block sealed by a real state keeper on a small random state, for
/// `rollup circuits prove-sample` and `rollup bench circuits`.
public enum SampleBlock {
    /// Why no sample block can be made.
    public struct InvalidRequest: Error, CustomStringConvertible {
        public let description: String
    }

    /// A `type` block of `parameters.capacity` slots: `real` real
    /// transactions, each from (or to) its own random account, the rest
    /// padding. `blockNumber` is the number it gets.
    public static func seal(
        _ type: BlockType, parameters: BlockCircuitParameters, real: Int, blockNumber: UInt32 = 1
    ) async throws -> SealedBlock {
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
        let chain = try ChainParameters(treeDepth: parameters.treeDepth, blockSize: parameters.capacity, transferBlockTimeout: .zero)
        let configuration = StateKeeperConfiguration(operatorKey: operatorKey.publicKey, chain: chain)
        let keeper = try RollupStateKeeper(
            configuration: configuration, tree: try AccountTree(depth: parameters.treeDepth, accounts: accounts), nextBlockNumber: blockNumber)

        var sealed = SealResult()
        for index in 0..<real {
            let (id, account) = accounts[index + 1]
            let amount = try PackedAmount(packing: UInt128(UInt64.random(in: 1...100_000, using: &generator)))
            let fee = try PackedFee(packing: UInt128(UInt64.random(in: 0...2_000, using: &generator)))
            let transaction: Transaction
            switch type {
            case .transfer:
                let to = accounts[index + 2].0
                transaction = .transfer(Transfer(from: id, to: to, amount: amount, fee: fee, nonce: account.nonce).signed(with: keys[index]))
            case .deposit:
                // Every other deposit tops up an existing account; the rest open new ones.
                let newKey = EdDSAPrivateKey.generate().publicKey
                transaction = .deposit(index.isMultiple(of: 2)
                    ? Deposit(account: id, publicKey: account.publicKey, amount: amount.value, bridgeSequence: UInt64(index))
                    : Deposit(account: nil, publicKey: newKey, amount: amount.value, bridgeSequence: UInt64(index)))
            case .exit:
                let address = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let exit = try Exit(account: id, amount: amount.value, fee: fee, nonce: account.nonce, l1Address: address)
                transaction = .exit(exit.signed(with: keys[index]))
            }
            sealed.merge(try await keeper.submit(transaction).1)
        }
        sealed.merge(await keeper.tick(now: .now + .seconds(1)))
        guard let block = sealed.blocks.first, sealed.blocks.count == 1, sealed.rejected.isEmpty else {
            throw InvalidRequest(description: "internal error: the sample transactions did not seal into one block")
        }
        return block
    }
}
