import ArgumentParser
import Ethereum
import Foundation
import Node
import Prover
import RollupTypes
import Settlement
import Storage

/// `rollup contracts deploy`: the chain's contracts on L1.
struct ContractsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "The rollup's L1 contracts (contracts/: Vyper, compiled into this binary).",
        subcommands: [ContractsDeployCommand.self])
}

/// Deploys a Groth16 verifier per block type and the rollup contract for
/// the chain in a data directory, and records them in DIR/l1.json.
struct ContractsDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy the verifiers and the rollup contract for the chain in DIR, and write DIR/l1.json.",
        discussion: """
            The chain is the one in DIR's database (start `rollup node --data DIR` once to make it), checked against \
            DIR/chain.binding; it must have no transaction yet, and the node must be stopped. Its proving keys give the \
            verifying keys; the L1 key's address becomes the contract's operator, the only address that may commit blocks. \
            The chain id then binds the L1 chain id and the contract's address, so that what users sign is valid at this \
            deployment only. An existing DIR/l1.json is never replaced.
            """)

    @Option(help: ArgumentHelp("The L1 node's JSON-RPC endpoint.", valueName: "url"))
    var l1: String
    @Option(help: ArgumentHelp("A file holding the L1 private key (0x and 64 hex digits) that deploys and operates.", valueName: "file"))
    var l1Key: String
    @Option(help: "The node's data directory.")
    var data: String = "data"
    @Option(help: ArgumentHelp("The database: an SQLite file or postgres://USER[:PASSWORD]@HOST[:PORT]/DB (default: DATA/rollup.sqlite).", valueName: "path|url"),
            transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation?
    @OptionGroup var password: DatabasePasswordOptions
    @Option(help: "The proving keys' directory (default: DATA/keys).")
    var keys: String?
    @Flag(help: "Print one JSON object (l1.json's content) instead of text.")
    var json = false

    func run() async throws {
        let key = try EthereumKey(file: l1Key)
        let rpc = try JSONRPCClient(l1)
        var node = NodeConfiguration()
        node.dataDirectory = data
        node.database = try db.map(password.resolve)
        node.keysPath = keys
        let store = try DatabaseStore(node.resolvedDatabase)
        guard let chain = try store.configuration() else {
            throw CommandFailure("the database of \(data) holds no chain yet: start `rollup node --data \(data)` once to make it")
        }
        // A node running on DIR would go on under the chain id it read at its start.
        let directoryLock = try DataDirectoryLock.held(directory: data)
        defer { withExtendedLifetime(directoryLock) {} }
        let prover = try BlockKeySet.load(BlockKeySet.parameters(chain.parameters), from: node.keysDirectory)
        guard let binding = try ChainBinding.read(in: data) else {
            throw CommandFailure("\(data) has no \(ChainBinding.fileName): start `rollup node --data \(data)` once to bind its chain and keys")
        }
        try binding.check(databaseChain: chain, keyHashes: prover.keyHashes, in: data)
        let transactor = try await L1Transactor.connect(rpc, key: key)
        if let existing = try L1Deployment.read(in: data) {
            throw CommandFailure("\(data)/\(L1Deployment.fileName) exists: the chain's contracts are at \(existing.rollup) on L1 chain \(existing.l1ChainId)")
        }
        try store.checkBindable()
        let deployment = try await L1Deployment.deploy(chain: chain, verifyingKeys: prover.verifyingKeys, transactor: transactor)
        try deployment.write(in: data)
        // From here the chain id binds the contracts (the node completes this on its next start in L1 mode if it is cut short).
        _ = try store.bindToL1(deployment.binding)
        try binding.bound(to: deployment.binding).write(in: data)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(deployment), as: UTF8.self))
        } else {
            print("rollup contract \(deployment.rollup) on L1 chain \(deployment.l1ChainId) (block \(deployment.deploymentBlock)); verifiers "
                + RollupContract.blockTypes.map { "\($0.rawValue) \(deployment.verifiers[$0.rawValue]!)" }.joined(separator: ", ")
                + "; operator \(deployment.operator); written to \(data)/\(L1Deployment.fileName)")
        }
    }
}
