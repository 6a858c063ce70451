import APIContract
import Algebra
import Ethereum
import Foundation
import Groth16
import Node
import Primitives
import RollupTypes
import Settlement
import Storage

/// `rollup bench l1`: the L1 gas of settling blocks, measured on a real
/// chain of proved blocks. A node with the production block sizes (8
/// transfers a block) and a small tree (depth 4: gas does not depend on
/// the tree, only on the pubdata and the proof) seals a deposit block,
/// 1 + 4 + 16 full transfer blocks and an exit block, and proves them;
/// the contracts are deployed for its chain on the L1, the deposits paid,
/// and the blocks settled with `commitAndProveBlocks`, 1, then 4, then 16
/// per L1 transaction; then the exit is withdrawn. Rows, each with its
/// `blocks_per_transaction`: `l1_gas_commit_prove_per_block`,
/// `l1_gas_per_transfer` and `l1_gas_withdraw` (the gas in `gas`; `ns` is
/// the L1 transaction's wall time per block, which only says how fast the
/// L1 node is).
public struct L1Benchmark {
    /// The L1 node's JSON-RPC endpoint; nil starts scripts/dev_l1.py.
    public var l1: String?
    /// The funded L1 key that deploys, deposits and settles (on the
    /// development L1 by default: its key 0x…02).
    public var key: EthereumKey?
    /// Blocks per L1 transaction, one measurement each.
    public var batches = [1, 4, 16]
    /// Where the development keys of the small chain are made once and kept.
    public var keysDirectory: String
    /// Where scripts/dev_l1.py is, when the benchmark starts it.
    public var developmentL1Script = "scripts/dev_l1.py"

    static let transfersPerBlock = 8
    static let exitAddress = try! EthereumAddress("0x00000000000000000000000000000000000b3e0c")

    public init(keysDirectory: String) { self.keysDirectory = keysDirectory }

    public func run(report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void) async throws {
        let started = try l1 == nil ? StartedL1.start(script: developmentL1Script) : nil
        defer { started?.stop() }
        guard let url = l1 ?? started?.url else { throw BenchmarkFailure("no L1 endpoint") }
        let key = try self.key ?? EthereumKey(secret: [UInt8](repeating: 0, count: 31) + [2])
        // py-evm checks a pairing in about a second: 16 blocks' estimate and transaction take minutes.
        let transactor = try await L1Transactor.connect(try JSONRPCClient(url, timeout: .seconds(600)), key: key)
        // The chain id binds the rollup contract's address, and the blocks are
        // proved before the contracts are deployed: the node's chain is bound
        // at genesis to the address that the key's deployment will create
        // (three verifiers, then the rollup contract), which `measure` checks.
        let rollup = EthereumAddress.contract(deployedBy: key.address, nonce: try await transactor.minedNonce() + UInt64(RollupContract.blockTypes.count))
        let binding = try L1Binding(l1ChainID: transactor.chainID, rollup: rollup.bytes)
        let loopback = try await LoopbackNode.start(name: "l1", keysDirectory: keysDirectory, progress: progress) { configuration in
            configuration.chain = try! ChainParameters(treeDepth: 4, blockSizes: ChainParameters.production.blockSizes, fullBlockTimeout: .seconds(3600))
            configuration.admission.maxBacklog = 1_000
        } prepare: { configuration in
            try Self.makeBoundChain(binding, configuration)
        }
        try await loopback.stopping { try await measure(loopback, transactor, report: report, progress: progress) }
    }

    /// A new chain in the data directory, bound at genesis to `binding`.
    private static func makeBoundChain(_ binding: L1Binding, _ configuration: NodeConfiguration) throws {
        let operatorKey = try NodeSecrets.operatorKey(in: configuration.dataDirectory, recorded: nil)
        let bridge = try NodeSecrets.bridgeKey(in: configuration.dataDirectory, development: configuration.development)
        let genesis = try ChainConfiguration.genesis(parameters: configuration.chain, operatorKey: operatorKey, bridgePublicKey: bridge.publicKey)
        try DatabaseStore(configuration.resolvedDatabase).initialize(genesis.bound(to: binding))
    }

    private func measure(
        _ loopback: LoopbackNode, _ transactor: L1Transactor, report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void
    ) async throws {
        let (node, store) = (loopback.node, loopback.node.context.store)
        let chain = node.context.domain.chainID
        let senders = (0..<Self.transfersPerBlock).map { _ in EdDSAPrivateKey.generate() }
        let amount: UInt128 = 1_000_000_000  // units: 1 ETH each
        let depositBlocks = try loopback.fund(senders, amount: amount)
        let transferBlocks = batches.reduce(0, +)
        let http = try LoopbackHTTPClient(port: loopback.port)
        for round in 0..<transferBlocks {
            for sender in 0..<Self.transfersPerBlock {
                let transfer = Transfer(
                    from: try AccountID(sender + 1), to: try AccountID((sender + 1) % Self.transfersPerBlock + 1), amount: try PackedAmount(packing: 1),
                    fee: try PackedFee(packing: ThroughputBenchmark.fee), nonce: UInt32(round)
                ).signed(with: senders[sender], chain: chain)
                try Self.submit(SubmittedTransaction(.transfer(transfer)), http)
            }
        }
        let exit = try Exit(
            account: try AccountID(1), amount: 1_000, fee: try PackedFee(packing: ThroughputBenchmark.fee), nonce: UInt32(transferBlocks),
            l1Address: Self.exitAddress.bytes
        ).signed(with: senders[0], chain: chain)
        try Self.submit(SubmittedTransaction(.exit(exit)), http)
        let last = depositBlocks + UInt32(transferBlocks) + 1
        progress("\(last) blocks submitted (\(transferBlocks) of \(Self.transfersPerBlock) transfers); waiting until they are proved")
        let deadline = ContinuousClock.now + .seconds(3_600)
        while try store.lastVerifiedBlock() < last {
            guard ContinuousClock.now < deadline else { throw BenchmarkFailure("block \(last) was not verified within an hour") }
            try await Task.sleep(for: .milliseconds(200))
        }
        let blocks = try store.blocks(from: 1, limit: Int(last))
        guard blocks.count == Int(last), blocks.prefix(Int(depositBlocks)).allSatisfy({ $0.type == .deposit }),
              blocks.dropFirst(Int(depositBlocks)).prefix(transferBlocks).allSatisfy({ $0.type == .transfer && $0.transactionHashes.count == Self.transfersPerBlock }),
              blocks.last?.type == .exit else {
            throw BenchmarkFailure("the node sealed other blocks than 1 deposit block, \(transferBlocks) full transfer blocks and 1 exit block: \(blocks.map { "\($0.type.rawValue)(\($0.transactionHashes.count))" })")
        }

        progress("deploying the contracts and paying the deposits on L1")
        let deployment = try await L1Deployment.deploy(chain: node.context.committer.chain, verifyingKeys: node.context.verifyingKeys, transactor: transactor)
        guard deployment.chainId == chain.description else {
            throw BenchmarkFailure("the rollup contract was deployed at \(deployment.rollup) for chain \(deployment.chainId), not at the address the node's chain \(chain) binds")
        }
        for sender in senders {
            try await transactor.send(to: deployment.rollup, data: RollupContract.deposit(publicKey: sender.publicKey, account: nil), value: amount * RollupContract.weiPerUnit)
        }
        var next = 0
        func settle(_ count: Int) async throws -> (gas: UInt128, seconds: Double, transfers: Int) {
            let batch = Array(blocks[next..<(next + count)])
            next += count
            let settled = try batch.map { stored in
                guard let json = try store.proof(block: stored.number) else { throw BenchmarkFailure("block \(stored.number) has no proof") }
                return RollupContract.SettledBlock(
                    type: stored.type, oldRoot: stored.oldRoot, newRoot: stored.newRoot, totalFee: stored.totalFee, pubdata: stored.pubdata,
                    proof: try SnarkJSFormat.decodeProof(Data(json.utf8)))
            }
            let start = ContinuousClock.now
            let receipt = try await transactor.send(to: deployment.rollup, data: RollupContract.commitAndProve(settled))
            return (receipt.gasUsed.value, (ContinuousClock.now - start) / .seconds(1), batch.reduce(0) { $0 + $1.transactionHashes.count })
        }
        _ = try await settle(Int(depositBlocks))
        for count in batches {
            progress("settling \(count) transfer blocks in one L1 transaction")
            let (gas, seconds, transfers) = try await settle(count)
            let extra: [(String, Double)] = [("blocks_per_transaction", Double(count))]
            report(BenchmarkResult(name: "l1_gas_commit_prove_per_block", ns: seconds * 1e9 / Double(count), extra: [("gas", Double(gas) / Double(count))] + extra))
            report(BenchmarkResult(name: "l1_gas_per_transfer", ns: seconds * 1e9 / Double(transfers), extra: [("gas", Double(gas) / Double(transfers))] + extra))
        }
        _ = try await settle(1)
        let start = ContinuousClock.now
        let withdrawal = try await transactor.send(to: deployment.rollup, data: RollupContract.withdraw(Self.exitAddress))
        report(BenchmarkResult(
            name: "l1_gas_withdraw", ns: (ContinuousClock.now - start) / .nanoseconds(1), extra: [("gas", Double(withdrawal.gasUsed.value)), ("blocks_per_transaction", 1)]))
    }

    private static func submit(_ transaction: SubmittedTransaction, _ http: LoopbackHTTPClient) throws {
        let status = try http.post("/v1/transactions", body: Array(try JSONEncoder().encode(transaction)))
        guard status == 202 else { throw BenchmarkFailure("a transaction got \(status), not 202") }
    }

    /// scripts/dev_l1.py, started by the benchmark.
    struct StartedL1 {
        let process: Process
        let url: String

        static func start(script: String) throws -> StartedL1 {
            guard FileManager.default.fileExists(atPath: script) else {
                throw BenchmarkFailure("\(script) is not here: run the benchmark from the repository, or pass --l1 URL and --l1-key FILE")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            // Its first line: {"url", "chainId", "keys"}.
            var line = [UInt8]()
            while line.count < 100_000, let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
            struct Announcement: Decodable { let url: String }
            guard let announced = try? JSONDecoder().decode(Announcement.self, from: Data(line)) else {
                process.terminate()
                throw BenchmarkFailure("\(script) did not announce its endpoint (python3 with eth-tester: `make test-deps`)")
            }
            return StartedL1(process: process, url: announced.url)
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
