import Algebra
import Circuits
import Committer
import Foundation
import Groth16
import Primitives
import Prover
import RollupTypes
import TestSupport
import StateKeeper
import Storage
import StorageTesting

/// A small chain (tree depth 4, 2 slots per block) in a temporary SQLite
/// file, development keys for it in a temporary directory, and blocks sealed
/// by a real state keeper.
enum ProverFixture {
    static let operatorKey = try! EdDSAPrivateKey(bytes: [UInt8](repeating: 7, count: 32))
    static let alice = EdDSAPrivateKey.generate()
    static let bob = EdDSAPrivateKey.generate()

    static let bridge = Ed25519SigningKey.generate()
    static let chain = try! ChainConfiguration.genesis(
        parameters: try! ChainParameters(treeDepth: 4, blockSize: 2), operatorKey: operatorKey.publicKey, bridgePublicKey: bridge.publicKey)

    static var configuration: StateKeeperConfiguration { StateKeeperConfiguration(chain) }

    static var parameters: [BlockType: BlockCircuitParameters] {
        BlockKeySet.parameters(configuration.chain)
    }

    /// Keys made once for the whole test run.
    static let keyDirectory: String = {
        let directory = temporaryDirectory("rollup-keys")
        try! BlockKeySet.generateMissing(parameters, in: directory)
        return directory
    }()

    static let keys: [BlockType: ProvingKey] = Dictionary(uniqueKeysWithValues: BlockType.allCases.map { type in
        let file = BlockKeySet.path(type, in: keyDirectory)
        return (type, try! KeyFile.decodeProvingKey(try! KeyFile.read(file), file: file))
    })

    static func temporaryDirectory(_ prefix: String) -> String {
        try! ScratchDirectory.make(prefix).path
    }

    /// A new database of `backend` with `transferBlocks` transfer blocks after one deposit block.
    static func chain(transferBlocks: Int, on backend: TestDatabase = .sqlite) async throws -> (database: DatabaseLocation, store: DatabaseStore, committer: BlockCommitter) {
        try await chain(transferBlocks: transferBlocks, in: try backend.fresh())
    }

    /// The same chain in the empty database `database`.
    static func chain(transferBlocks: Int, in database: DatabaseLocation) async throws -> (database: DatabaseLocation, store: DatabaseStore, committer: BlockCommitter) {
        let store = try DatabaseStore(database)
        let committer = BlockCommitter(store: store, chain: chain, verifyingKeys: keys.mapValues(\.verifyingKey))
        let (keeper, _) = try await StateRestorer.restore(store: store, configuration: configuration, committer: committer)
        try store.bindKeys(try BlockProver(keys: keys, parameters: parameters).keyHashes)  // as the node does on start
        for (index, key) in [alice, bob].enumerated() {
            let deposit = Transaction.deposit(
                Deposit(account: nil, publicKey: key.publicKey, amount: 1_000_000, bridgeSequence: UInt64(index)).signed(by: bridge, chain: chain.chainID))
            try store.insertPending(deposit, account: nil, receivedAt: 0)
            _ = try await keeper.submit(deposit)
        }
        _ = await keeper.tick()
        for nonce in 0..<UInt32(2 * transferBlocks) {
            let transfer = Transaction.transfer(Transfer(
                from: try AccountID(1), to: try AccountID(2), amount: try PackedAmount(packing: 10), fee: try PackedFee(packing: 1),
                nonce: nonce).signed(with: alice, chain: chain.chainID))
            try store.insertPending(transfer, account: nil, receivedAt: 0)
            _ = try await keeper.submit(transfer)
        }
        return (database, store, committer)
    }

    /// A worker on `database`; its wall clock runs `clockOffset` ahead of the real one.
    static func worker(
        _ database: DatabaseLocation, name: String, lease: Duration = .seconds(30), maxFailures: Int = 3, clockOffset: Duration = .zero
    ) throws -> ProverWorker {
        var configuration = ProverWorkerConfiguration(name: name)
        let offset = Int64(clockOffset / .milliseconds(1))
        configuration.wallClock = { UnixTime.milliseconds() + offset }
        configuration.lease = lease
        configuration.heartbeat = .milliseconds(100)
        configuration.poll = .milliseconds(50)
        configuration.threads = 1
        configuration.maxFailures = maxFailures
        return ProverWorker(store: try DatabaseStore(database), prover: try BlockProver(keys: keys, parameters: parameters), configuration: configuration)
    }
}
