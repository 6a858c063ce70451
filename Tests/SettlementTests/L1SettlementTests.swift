import APIContract
import Algebra
import ChildProcess
import Ethereum
import Primitives
import RollupTypes
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Settlement
import Support
import Testing
import TestSupport

/// A node in L1 mode on the development L1, driven as users would: `rollup
/// wallet deposit --l1`, transfers and exits, then `rollup wallet
/// withdraw`. Every block is settled on the contract, whose root ends equal
/// to the node's verified root, and the exit's address is paid exactly.
@Suite(.serialized) struct L1SettlementTests {
    /// The development L1, a chain deployed on it, and a node in L1 mode.
    struct Setup {
        let l1: DevelopmentL1
        var node: LoggedProcess
        let nodeURL: String
        let data: URL
        let deployment: L1Deployment
        var nodeArguments: [String]

        /// `blockTime`: the development L1 pools transactions until its next block.
        init(confirmations: Int, blockTime: Double? = nil, nodeOptions: [String] = []) async throws {
            l1 = try await DevelopmentL1(blockTime: blockTime)
            data = try await ContractDeploymentTests.chainDirectory()
            let operatorKey = try l1.keyFile(1)
            let deploy = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", operatorKey, "--data", data.path])
            guard deploy.status == 0, let deployment = try L1Deployment.read(in: data.path) else {
                l1.stop()
                throw LoggedProcess.Failure(description: "deploy failed: \(deploy.output)")
            }
            self.deployment = deployment
            let port = try FreePort.next()
            nodeURL = "http://127.0.0.1:\(port)"
            nodeArguments = ["node", "--dev", "--data", data.path, "--port", String(port), "--provers", "1", "--transfer-timeout", "1", "--l1", l1.url,
                             "--l1-key", operatorKey, "--l1-confirmations", String(confirmations)] + nodeOptions
            node = try RollupBinary.start(nodeArguments, logName: "l1-node")
            guard try await node.waitForOutput("rollup node on", timeout: .seconds(300)) else {
                stop()
                throw LoggedProcess.Failure(description: "the L1-mode node did not start: \(node.outputTail)")
            }
        }

        /// Stops the node with `signal` and starts it again on the same data and port.
        mutating func restartNode(after signal: Int32) async throws {
            node.stop(signal)
            node = try RollupBinary.start(nodeArguments, logName: "l1-node")
            guard try await node.waitForOutput("rollup node on", timeout: .seconds(300)) else {
                throw LoggedProcess.Failure(description: "the L1-mode node did not start again: \(node.outputTail)")
            }
        }

        func stop() {
            node.stop()
            l1.stop()
        }

        /// Starts Fixtures/lying_l1.py (with `options`) in front of the
        /// development L1 and restarts the node on it; the liar, to stop.
        mutating func restartThroughLyingL1(_ options: [String]) async throws -> LoggedProcess {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lying_l1.py").path
            let liar = try LoggedProcess("/usr/bin/env", ["python3", script, "--upstream", l1.url] + options, logName: "lying-l1")
            guard try await liar.waitForOutput("\"url\"", timeout: .seconds(60)),
                  let line = liar.output.split(separator: "\n").first(where: { $0.hasPrefix("{") }),
                  let liarURL = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))["url"] else {
                liar.stop()
                throw LoggedProcess.Failure(description: "the lying L1 did not start: \(liar.outputTail)")
            }
            nodeArguments = nodeArguments.map { $0 == l1.url ? liarURL : $0 }
            try await restartNode(after: SIGTERM)
            return liar
        }

        /// `rollup wallet SUBCOMMAND … --json` as `name` (on `node`, else the
        /// setup's node); its last JSON line.
        func wallet(_ name: String, _ arguments: [String], node: String? = nil) throws -> JSONValue {
            let passphrase = data.appendingPathComponent("passphrase").path
            if !FileManager.default.fileExists(atPath: passphrase) { try "l1 test\n".write(toFile: passphrase, atomically: true, encoding: .utf8) }
            let result = try ChildProcess.run(
                RollupBinary.path,
                ["wallet"] + arguments + ["--node", node ?? nodeURL, "--keystore", data.appendingPathComponent("\(name).json").path, "--passphrase-file", passphrase, "--json"])
            guard result.status == 0, let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
                throw LoggedProcess.Failure(description: "wallet \(arguments.first ?? "") as \(name) failed: \(result.output)")
            }
            return try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        }

        /// Whether the node knows an account of `name`'s key (pending or later).
        func hasAccount(_ name: String) -> Bool {
            (try? wallet(name, ["account"])) != nil
        }

        /// An account's verified balance, once the account exists.
        func verifiedBalance(_ name: String) throws -> String? {
            (try? wallet(name, ["account"]))?["verified"]?["balance"]?.string
        }

        func read(_ name: String, key: Int = 5) async throws -> [UInt8] {
            let transactor = try await L1Transactor.connect(try JSONRPCClient(l1.url), key: try EthereumKey(secret: [UInt8](hex: l1.keys[key])!))
            return try await transactor.call(deployment.rollup, data: RollupContract.read(name))
        }
    }

    @Test func depositsTransfersAndAnExitSettleOnL1AndAreWithdrawn() async throws {
        let setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let exitAddress = "0x00000000000000000000000000000000c0ffee03"
        for (name, key, amount) in [("alice", 2, "1000"), ("bob", 3, "500")] {
            _ = try setup.wallet(name, ["new"])
            let paid = try setup.wallet(name, ["deposit", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(key), "--amount", amount])
            #expect(paid["wei"]?.string == amount + "000000000")
            let credited = try await Poll.value(timeout: .seconds(300), every: .milliseconds(500)) { try setup.verifiedBalance(name) }
            #expect(credited == amount, "\(name)'s L1 deposit was credited on L2 as \(credited ?? "nothing"): \(setup.node.outputTail)")
        }
        let bob = try #require(try setup.wallet("bob", ["account"])["id"]?.text)
        let transfer = try #require(try setup.wallet("alice", ["transfer", "--to", bob, "--amount", "100"])["hash"]?.string)
        _ = try setup.wallet("alice", ["wait", transfer])
        let exit = try #require(try setup.wallet("bob", ["exit", "--amount", "150", "--to-l1", exitAddress])["hash"]?.string)
        _ = try setup.wallet("bob", ["wait", exit])

        // Every verified block reaches the contract, whose root becomes the node's verified root.
        let client = try NodeClient(setup.nodeURL)
        let status: StatusView = try await client.get("v1/status")
        let last = status.lastVerifiedBlock
        #expect(last >= 4, "two deposit blocks, a transfer block and an exit block")
        let settled = try await Poll.until(timeout: .seconds(300), every: .seconds(2)) {
            try await setup.read("verifiedBlocks") == BigEndian.padded(UInt64(last), to: 32)
        }
        #expect(settled, "the contract did not verify block \(last): \(setup.node.outputTail)")
        // The node says so in its status and metrics.
        let l1Status = try await Poll.value(timeout: .seconds(60), every: .milliseconds(500)) { () -> StatusView.Settlement? in
            let settlement = (try await client.get("v1/status", as: StatusView.self)).settlement
            return settlement?.provedOnL1 == UInt64(last) ? settlement : nil
        }
        let reported = try #require(l1Status, "GET /v1/status never showed block \(last) proved on L1")
        #expect(reported.committedOnL1 == UInt64(last) && (reported.l1Head ?? 0) > setup.deployment.deploymentBlock)
        #expect((UInt64(reported.gasSpent) ?? 0) > 300_000 * 2, "gas spent \(reported.gasSpent)")
        let metrics = String(decoding: try Data(contentsOf: URL(string: setup.nodeURL + "/metrics")!), as: UTF8.self)
        #expect(metrics.contains("rollup_l1_proved_block \(last)"), "\(metrics.split(separator: "\n").filter { $0.contains("rollup_l1") })")
        let block: BlockView = try await client.get("v1/blocks/\(last)")
        #expect(try await setup.read("verifiedRoot") == (try Fr(decimal: block.newRoot)).bigEndianBytes)

        // The exit's address withdraws exactly the exit's amount, once.
        let rpc = try JSONRPCClient(setup.l1.url)
        let before: Quantity = try await rpc.call("eth_getBalance", [exitAddress, "latest"])
        let withdrawn = try setup.wallet("bob", ["withdraw", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(4), "--to", exitAddress])
        #expect(withdrawn["wei"]?.string == "150000000000")
        let after: Quantity = try await rpc.call("eth_getBalance", [exitAddress, "latest"])
        #expect(after.value - before.value == 150 * RollupContract.weiPerUnit)
        #expect(throws: (any Error).self) { try setup.wallet("bob", ["withdraw", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(4), "--to", exitAddress]) }
    }

    /// A deposit that no rollup block can hold (its key is no BabyJubJub
    /// point) between two good ones is refunded to its depositor on L1 by
    /// `skipDeposits`, and the deposits around it are credited, each side
    /// in a block of its own, and settled: one bad deposit does not stall
    /// the contract's queue.
    @Test func aDepositNoBlockCanHoldIsRefundedAndTheQueueMovesOn() async throws {
        let setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let depositor = try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!)
        let transactor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: depositor)
        let (before, after) = (EdDSAPrivateKey.generate().publicKey, EdDSAPrivateKey.generate().publicKey)
        let notAPoint = ABI.call("deposit(bytes32,uint256)", [.word([UInt8](repeating: 0xff, count: 32)), .uint(RollupContract.newAccount)])
        // Sent back to back, so that eth_watch reads the three in one poll.
        try await transactor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: before, account: nil), value: 400 * RollupContract.weiPerUnit)
        try await transactor.send(to: setup.deployment.rollup, data: notAPoint, value: 300 * RollupContract.weiPerUnit)
        try await transactor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: after, account: nil), value: 500 * RollupContract.weiPerUnit)

        let client = try NodeClient(setup.nodeURL)
        for (key, amount) in [(before, "400"), (after, "500")] {
            let credited = try await Poll.value(timeout: .seconds(300), every: .milliseconds(500)) {
                (try? await client.get("v1/accounts/by-key/0x\(key.packed.hexString)", as: AccountView.self))?.verified?.balance
            }
            #expect(credited == amount, "a good deposit beside a bad one was not credited: \(setup.node.outputTail)")
        }
        let settled = try await Poll.until(timeout: .seconds(300), every: .seconds(2)) {
            try await setup.read("depositsConsumed") == BigEndian.padded(UInt64(3), to: 32)
        }
        #expect(settled, "the contract's queue did not move past the bad deposit: \(setup.node.outputTail)")
        let refund = try await transactor.call(setup.deployment.rollup, data: RollupContract.withdrawable(depositor.address))
        #expect(refund == BigEndian.padded(UInt64(300 * RollupContract.weiPerUnit), to: 32), "the bad deposit's depositor may withdraw \(refund.hexString)")
        let status: StatusView = try await client.get("v1/status")
        let block: BlockView = try await client.get("v1/blocks/\(status.lastVerifiedBlock)")
        #expect(status.lastVerifiedBlock == 2, "one block each side of the refused deposit")
        #expect(try await setup.read("verifiedRoot") == (try Fr(decimal: block.newRoot)).bigEndianBytes)
    }

    /// eth_sender on an L1 that pools transactions (a block a second):
    /// a transaction stuck below the pool's minimum priority fee is sent
    /// again with higher fees until it is mined; then the node is killed
    /// (SIGKILL) at random points, some while its transaction is in
    /// flight, and restarted. Every block is committed on L1 exactly once,
    /// and no transaction of the operator reverts (a block sent twice would).
    @Test func killedAtRandomPointsTheNodeSettlesEveryBlockOnceAndRaisesStuckFees() async throws {
        var setup = try await Setup(confirmations: 0, blockTime: 1, nodeOptions: ["--l1-stuck-after", "2"])
        defer { setup.stop() }
        let rpc = try JSONRPCClient(setup.l1.url)
        let gwei: UInt128 = 1_000_000_000
        let depositor = try await L1Transactor.connect(rpc, key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let client = try NodeClient(setup.nodeURL)
        var keys = [EdDSAPublicKey]()

        // Fees: the pool mines only priority fees of 2 gwei; the endpoint suggests 1.
        let held: Bool = try await rpc.call("dev_setMinimumPriorityFee", [Quantity(2 * gwei)])
        #expect(held)
        keys.append(EdDSAPrivateKey.generate().publicKey)
        var generous = try await depositor.prepare(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: keys[0], account: nil), value: 100 * gwei)
        generous.maxPriorityFeePerGas = 3 * gwei
        generous.maxFeePerGas += 3 * gwei
        _ = try await depositor.broadcast(generous.signed(by: depositor.key).raw)
        let firstSettled = try await Poll.until(timeout: .seconds(180), every: .milliseconds(500)) {
            try await setup.read("verifiedBlocks") != BigEndian.padded(UInt64(0), to: 32)
        }
        #expect(firstSettled, "a block stuck below the pool's minimum fee was never settled: \(setup.node.outputTail)")
        #expect(setup.node.output.contains("raised the fees of an L1 transaction"), "\(setup.node.outputTail)")
        let released: Bool = try await rpc.call("dev_setMinimumPriorityFee", [Quantity(0)])
        #expect(released)

        // Kills: at a random moment, or while eth_sender has a transaction in flight.
        var kills = [String]()
        for round in 0..<6 {
            keys.append(EdDSAPrivateKey.generate().publicKey)
            try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: keys[round + 1], account: nil), value: 100 * gwei)
            if round.isMultiple(of: 2) {
                let inFlight = try await Poll.until(timeout: .seconds(60), every: .milliseconds(50)) {
                    (try? await client.get("v1/status", as: StatusView.self))?.settlement?.pendingTransaction != nil
                }
                kills.append(inFlight ? "in flight" : "no transaction seen in flight")
            } else {
                let pause = Int.random(in: 0...3_000)
                try await Task.sleep(for: .milliseconds(pause))
                kills.append("after \(pause) ms")
            }
            try await setup.restartNode(after: SIGKILL)
        }
        #expect(kills.filter { $0 == "in flight" }.count >= 2, "\(kills)")

        // Everything deposited is credited, verified and settled.
        for key in keys {
            let credited = try await Poll.value(timeout: .seconds(300), every: .milliseconds(500)) {
                (try? await client.get("v1/accounts/by-key/0x\(key.packed.hexString)", as: AccountView.self))?.verified?.balance
            }
            #expect(credited == "100", "kills \(kills): \(setup.node.outputTail)")
        }
        let status: StatusView = try await client.get("v1/status")
        let last = UInt64(status.lastVerifiedBlock)
        let settled = try await Poll.until(timeout: .seconds(300), every: .seconds(1)) {
            try await setup.read("verifiedBlocks") == BigEndian.padded(last, to: 32)
        }
        #expect(settled, "kills \(kills): \(setup.node.outputTail)")

        // Each block committed once; no operator transaction reverted.
        let head: Quantity = try await rpc.call("eth_blockNumber", [String]())
        let committedTopic = "0x" + Keccak256.hash(Array("BlockCommitted(uint256,uint8,uint256,uint256)".utf8)).hexString
        let logs: [CommittedLog] = try await rpc.call("eth_getLogs", [LogQuery(
            address: setup.deployment.rollup, fromBlock: Quantity(UInt128(setup.deployment.deploymentBlock)), toBlock: head, topics: [committedTopic])])
        let numbers = logs.compactMap { [UInt8](hex: $0.topics[1]).flatMap(ABI.uint) }
        #expect(numbers == (1...UInt128(last)).map { $0 }, "blocks committed on L1, in order: \(numbers); kills \(kills)")
        var operatorTransactions = 0
        for number in setup.deployment.deploymentBlock...UInt64(head.value) {
            let block: FullBlock = try await rpc.call("eth_getBlockByNumber", FullBlockQuery(number: number))
            for transaction in block.transactions where transaction.from.lowercased() == setup.deployment.operator.description.lowercased() {
                operatorTransactions += 1
                let receipt = try #require(try await depositor.receiptIfMined(transaction.hash, gasLimit: depositor.maxGas))
                #expect(receipt.status.value == 1, "operator transaction \(transaction.hash) reverted: a block sent twice; kills \(kills)")
            }
        }
        #expect(operatorTransactions >= Int(last) / 4, "\(operatorTransactions) operator transactions for \(last) blocks")
    }

    private struct LogQuery: Encodable {
        let address: EthereumAddress
        let fromBlock: Quantity
        let toBlock: Quantity
        let topics: [String]
    }

    private struct CommittedLog: Decodable {
        let topics: [String]
    }

    private struct FullBlock: Decodable {
        struct Transaction: Decodable {
            let hash: String
            let from: String
        }
        let transactions: [Transaction]
    }

    /// [number, true]
    private struct FullBlockQuery: Encodable {
        let number: UInt64

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(Quantity(UInt128(number)))
            try container.encode(true)
        }
    }

    /// A man in the middle (or a hostile node) states an impostor as the
    /// chain's L1 contract, on the wallet's first L1 use: a contract that
    /// answers `CHAIN_ID()` with the chain's id and keeps what it is paid.
    /// The wallet compares the code at the stated address with the chain's
    /// contracts and pays nothing; a node whose l1.json names the impostor
    /// refuses to start.
    @Test func anImpostorContractIsRefusedByTheWalletAndTheNode() async throws {
        let setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let chain: ChainView = try await NodeClient(setup.nodeURL).get("v1/chain")
        let chainID = try ChainID(hex: chain.chainId)
        // Creation code that returns a 41-byte runtime: PUSH32 chain id, MSTORE at 0, RETURN 32 bytes.
        let runtime: [UInt8] = [0x7f] + chainID.element.bigEndianBytes + [0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]
        let creation: [UInt8] = [0x60, UInt8(runtime.count), 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3] + runtime
        let rpc = try JSONRPCClient(setup.l1.url)
        let deployer = try await L1Transactor.connect(rpc, key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[5])!))
        let impostor = try #require(try await deployer.send(to: nil, data: creation).contractAddress)

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/impostor_node.py").path
        let proxy = try LoggedProcess("/usr/bin/env", ["python3", script, "--upstream", setup.nodeURL, "--rollup", impostor.description], logName: "impostor-node")
        defer { proxy.stop() }
        #expect(try await proxy.waitForOutput("\"url\"", timeout: .seconds(60)))
        let line = try #require(proxy.output.split(separator: "\n").first { $0.hasPrefix("{") })
        let proxyURL = try #require(try JSONDecoder().decode([String: String].self, from: Data(line.utf8))["url"])

        _ = try setup.wallet("erin", ["new"], node: proxyURL)
        do {
            _ = try setup.wallet("erin", ["deposit", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(2), "--amount", "700"], node: proxyURL)
            Issue.record("the wallet paid the impostor contract \(impostor)")
        } catch {
            #expect("\(error)".contains("does not hold this chain's rollup contract"), "\(error)")
        }
        let kept: Quantity = try await rpc.call("eth_getBalance", [impostor.description, "latest"])
        #expect(kept.value == 0, "the impostor holds \(kept.value) wei")

        // The node refuses an l1.json that names another contract than the
        // one its chain id binds (and, as the wallet, checks the code there).
        setup.node.stop()
        let recorded = try #require(try L1Deployment.read(in: setup.data.path))
        var edited = recorded
        edited.rollup = impostor
        let file = setup.data.appendingPathComponent(L1Deployment.fileName)
        try FileManager.default.removeItem(at: file)
        try edited.write(in: setup.data.path)
        let started = try await ContractDeploymentTests.refusedStart(setup.nodeArguments)
        #expect(started.contains("the chain is bound to the rollup contract \(recorded.rollup)") && started.contains("l1.json names \(impostor)"), "\(started.suffix(800))")

        // l1.json's verifiers are what `GET /v1/chain` shows readers: one the
        // contract does not call is refused too (the node used to start and
        // publish it).
        edited = recorded
        edited.verifiers["transfer"] = impostor
        try FileManager.default.removeItem(at: file)
        try edited.write(in: setup.data.path)
        let misdescribed = try await ContractDeploymentTests.refusedStart(setup.nodeArguments)
        #expect(misdescribed.contains("l1.json does not describe the deployed contracts: it states \(impostor) as the transfer verifier"), "\(misdescribed.suffix(800))")
    }

    /// A top-up naming another key's account is credited to a new account
    /// of its key; a restart reads that deposit again, and must take it as
    /// admitted, not stall on it (found by an outside tester: every later
    /// deposit waited forever behind it).
    @Test func aRedirectedTopUpIsReadAgainAfterARestart() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let client = try NodeClient(setup.nodeURL)
        let (owner, stranger) = (EdDSAPrivateKey.generate().publicKey, EdDSAPrivateKey.generate().publicKey)
        let gwei: UInt128 = 1_000_000_000
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: owner, account: nil), value: 100 * gwei)
        let ownerAccount = try await Poll.value(timeout: .seconds(120), every: .milliseconds(300)) {
            (try? await client.get("v1/accounts/by-key/0x\(owner.packed.hexString)", as: AccountView.self))?.id
        }
        let named = try #require(ownerAccount)
        // The stranger's top-up names the owner's account: it opens an account of the stranger's key.
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: stranger, account: UInt32(named)), value: 50 * gwei)
        let redirected = try await Poll.value(timeout: .seconds(120), every: .milliseconds(300)) {
            (try? await client.get("v1/accounts/by-key/0x\(stranger.packed.hexString)", as: AccountView.self))?.committed?.balance
        }
        #expect(redirected == "50")
        try await setup.restartNode(after: SIGTERM)
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: owner, account: UInt32(named)), value: 7 * gwei)
        let toppedUp = try await Poll.value(timeout: .seconds(180), every: .milliseconds(500)) {
            (try? await client.get("v1/accounts/by-key/0x\(owner.packed.hexString)", as: AccountView.self))?.committed?.balance == "107" ? true : nil
        }
        #expect(toppedUp == true, "the deposit after a redirected top-up was not credited after a restart: \(setup.node.outputTail)")
    }

    /// An L1 endpoint that inflates the amount in every deposit log: the
    /// node checks each log against the contract's own record of the
    /// deposit (`deposits(serial)`) and credits nothing it does not hold
    /// (found by an outside tester, who had a made-up deposit credited).
    @Test func aDepositLogTheContractDoesNotHoldIsNotCredited() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let liar = try await setup.restartThroughLyingL1([])
        defer { liar.stop() }

        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let key = EdDSAPrivateKey.generate().publicKey
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: key, account: nil), value: 5 * RollupContract.weiPerUnit)
        let client = try NodeClient(setup.nodeURL)
        let problem = try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem
        }
        #expect(problem?.contains("does not match the contract's deposits(0)") == true, "\(problem ?? "no problem stated")")
        let credited = try? await client.get("v1/accounts/by-key/0x\(key.packed.hexString)", as: AccountView.self)
        #expect(credited == nil, "credited \(credited?.pending.balance ?? "") units for a deposit of 5")
    }

    /// An L1 endpoint that leaves one deposit's log out of `eth_getLogs`:
    /// the node must not credit the deposits after it as if the contract's
    /// queue had skipped it (each later depositor credited, the withheld one
    /// never). It states the gap in `/v1/status` and credits nothing past it.
    @Test func aWithheldDepositLogStopsCreditingWithAProblem() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let liar = try await setup.restartThroughLyingL1(["--withhold-serial", "0"])
        defer { liar.stop() }

        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let (withheld, later) = (EdDSAPrivateKey.generate().publicKey, EdDSAPrivateKey.generate().publicKey)
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: withheld, account: nil), value: 5 * RollupContract.weiPerUnit)
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: later, account: nil), value: 6 * RollupContract.weiPerUnit)
        let client = try NodeClient(setup.nodeURL)
        let problem = try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem.flatMap { $0.contains("logs went missing") ? $0 : nil }
        }
        #expect(problem?.contains("deposit serial 1 where serial 0 comes next") == true, "\(problem ?? "no problem stated"): \(setup.node.outputTail)")
        let credited = try? await client.get("v1/accounts/by-key/0x\(later.packed.hexString)", as: AccountView.self)
        #expect(credited == nil, "credited deposit serial 1 while serial 0 was never read")
    }

    /// An endpoint that withholds the last deposit's log (no later serial
    /// shows the gap) is found by the contract's deposit count at the
    /// confirmed head; and a deploymentBlock edited past the L1's head is
    /// refused. Each is stated in `settlement.problem`, and nothing is
    /// credited.
    @Test func aWithheldLastDepositAndADeploymentBlockAheadAreFound() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let original = setup.nodeArguments
        let liar = try await setup.restartThroughLyingL1(["--withhold-serial", "0"])
        defer { liar.stop() }
        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let key = EdDSAPrivateKey.generate().publicKey
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: key, account: nil), value: 4 * RollupContract.weiPerUnit)
        let client = try NodeClient(setup.nodeURL)
        func problem(saying text: String) async throws -> String? {
            try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
                (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem.flatMap { $0.contains(text) ? $0 : nil }
            }
        }
        let unread = try await problem(saying: "logs went missing")
        #expect(unread?.contains("holds 1 deposits") == true && unread?.contains("showed 0") == true, "\(unread ?? "no problem stated"): \(setup.node.outputTail)")
        #expect((try? await client.get("v1/accounts/by-key/0x\(key.packed.hexString)", as: AccountView.self)) == nil)

        setup.nodeArguments = original
        setup.node.stop(SIGTERM)
        var edited = setup.deployment
        edited.deploymentBlock += 1_000_000
        try JSONEncoder().encode(edited).write(to: setup.data.appendingPathComponent(L1Deployment.fileName))
        try await setup.restartNode(after: SIGTERM)
        let ahead = try await problem(saying: "past the L1 endpoint's head")
        #expect(ahead?.contains("deploymentBlock \(edited.deploymentBlock)") == true, "\(ahead ?? "no problem stated"): \(setup.node.outputTail)")
        #expect((try? await client.get("v1/accounts/by-key/0x\(key.packed.hexString)", as: AccountView.self)) == nil)
    }

    /// Found by an outside tester: with chain.binding and l1.json both
    /// deleted, a deployed chain with history started without L1, under its
    /// bound id, and took transfers valid at the real deployment. A bound
    /// chain with history now needs its l1.json.
    @Test func aDeployedChainWithHistoryDoesNotRunWithoutItsFiles() async throws {
        let setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        _ = try setup.wallet("alice", ["new"])
        _ = try setup.wallet("alice", ["deposit", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(2), "--amount", "9"])
        let credited = try await Poll.value(timeout: .seconds(300), every: .milliseconds(500)) { try setup.verifiedBalance("alice") }
        #expect(credited == "9", "\(setup.node.outputTail)")
        setup.node.stop()
        for file in ["chain.binding", L1Deployment.fileName] { try FileManager.default.removeItem(at: setup.data.appendingPathComponent(file)) }
        let withoutL1 = setup.nodeArguments.enumerated().filter { index, argument in
            !argument.hasPrefix("--l1") && !(index > 0 && setup.nodeArguments[index - 1].hasPrefix("--l1"))
        }.map(\.element)
        let refused = try await ContractDeploymentTests.refusedStart(withoutL1)
        #expect(refused.contains("is bound to the rollup contract \(setup.deployment.rollup)") && refused.contains("l1.json is missing"), "\(refused.suffix(800))")
    }

    /// An L1 endpoint whose every receipt states 2^128 − 1 gas used: the
    /// node took it unchecked and reported that much gas spent (a second
    /// one taken would overflow the count). A receipt that is not the asked
    /// transaction's or states more gas than its limit is now not taken:
    /// the nonce and the contract's own counters settle each block, and
    /// nothing absurd is counted.
    @Test func absurdReceiptsNeitherStopNorMisleadTheSender() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let liar = try await setup.restartThroughLyingL1(["--absurd-receipts"])
        defer { liar.stop() }
        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let client = try NodeClient(setup.nodeURL)
        for settled in 1...2 {
            let key = EdDSAPrivateKey.generate().publicKey
            try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: key, account: nil), value: 3 * RollupContract.weiPerUnit)
            let proved = try await Poll.value(timeout: .seconds(180), every: .milliseconds(500)) { () async -> UInt128? in
                guard let word = try? await setup.read("verifiedBlocks"), let count = ABI.uint(word), count >= UInt128(settled) else { return nil }
                return count
            }
            #expect(proved != nil, "block \(settled) was not settled on L1 through absurd receipts: \(setup.node.outputTail)")
        }
        #expect(setup.node.isRunning, "the node stopped: \(setup.node.outputTail)")
        let status: StatusView = try await client.get("v1/status")
        #expect(status.settlement?.gasSpent == "0", "counted \(status.settlement?.gasSpent ?? "nothing") gas from receipts that do not hold")
    }

    /// l1.json is a file anyone with the data directory may edit: a
    /// deployment block moved past a deposit made eth_watch start reading
    /// after it, and that deposit was never credited, silently. The node now
    /// finds the contract's deposit count above what it read and says so.
    @Test func aDeploymentBlockMovedPastADepositIsFound() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        setup.node.stop(SIGTERM)
        let depositor = try await L1Transactor.connect(try JSONRPCClient(setup.l1.url), key: try EthereumKey(secret: [UInt8](hex: setup.l1.keys[2])!))
        let key = EdDSAPrivateKey.generate().publicKey
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: key, account: nil), value: 5 * RollupContract.weiPerUnit)
        try await depositor.send(to: setup.deployment.rollup, data: RollupContract.deposit(publicKey: key, account: nil), value: 1 * RollupContract.weiPerUnit)
        // The development L1 mines a block per transaction: the head holds the second deposit alone.
        let head: Quantity = try await depositor.rpc.call("eth_blockNumber", [String]())
        var edited = setup.deployment
        edited.deploymentBlock = try #require(head.uint64)
        #expect(edited.deploymentBlock > setup.deployment.deploymentBlock + 1)
        try JSONEncoder().encode(edited).write(to: setup.data.appendingPathComponent(L1Deployment.fileName))
        try await setup.restartNode(after: SIGTERM)
        let client = try NodeClient(setup.nodeURL)
        let problem = try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem.flatMap { $0.contains("logs went missing") ? $0 : nil }
        }
        #expect(problem?.contains("serial 1 where serial 0 comes next") == true, "\(problem ?? "no problem stated"): \(setup.node.outputTail)")
    }

    /// eth_sender's record of its transaction in flight is a file: one that
    /// is not an entry stops the sender with an error naming the file (in
    /// `/v1/status`), never a crash or a transaction sent blind; once the
    /// file is gone, the sender goes on.
    @Test func aMangledOutboxStopsTheSenderWithAClearProblem() async throws {
        var setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let outbox = setup.data.appendingPathComponent("l1-outbox.json")
        try Data("{\"purpose\": 7, \"hashes\": [".utf8).write(to: outbox)
        try await setup.restartNode(after: SIGTERM)
        let client = try NodeClient(setup.nodeURL)
        let problem = try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem
        }
        #expect(problem?.contains("l1-outbox.json") == true && problem?.contains("is not an outbox entry") == true, "\(problem ?? "no problem stated")")
        try FileManager.default.removeItem(at: outbox)
        let cleared = try await Poll.until(timeout: .seconds(120), every: .milliseconds(500)) {
            let settlement = (try? await client.get("v1/status", as: StatusView.self))?.settlement
            return settlement != nil && settlement?.problem == nil
        }
        #expect(cleared, "\(setup.node.outputTail)")

        // A well-formed entry that this node did not write (found by an outside
        // tester: the node re-signed its call to any address as a fee bump).
        let rpc = try JSONRPCClient(setup.l1.url)
        let operatorAddress = setup.deployment.operator.description
        let before: Quantity = try await rpc.call("eth_getTransactionCount", [operatorAddress, "latest"])
        let forged: [String: JSONValue] = [
            "purpose": .string("commitAndProveBlocks 1…1"), "nonce": .integer(Int64(before.value)), "to": .string("0x00000000000000000000000000000000000bad00"),
            "data": .string("0xdeadbeef"), "gasLimit": .integer(100_000), "maxFeePerGas": .string("2000000000"), "maxPriorityFeePerGas": .string("1000000000"),
            "hashes": .array([.string("0x" + String(repeating: "00", count: 32))]), "raw": .string("0x02c0"), "sentAt": .integer(0),
        ]
        setup.node.stop()
        try Data(JSONValue.object(forged).text.utf8).write(to: outbox)
        try await setup.restartNode(after: SIGTERM)
        let refused = try await Poll.value(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await client.get("v1/status", as: StatusView.self))?.settlement?.problem
        }
        #expect(refused?.contains("l1-outbox.json") == true && refused?.contains("not written by this node") == true, "\(refused ?? "no problem stated")")
        try await Task.sleep(for: .seconds(3))
        let after: Quantity = try await rpc.call("eth_getTransactionCount", [operatorAddress, "latest"])
        #expect(after.value == before.value, "the operator signed \(after.value - before.value) transactions from a forged outbox")
    }

    /// In L1 mode only the contract's deposits are credited: a deposit
    /// posted over HTTP, even with the bridge key's signature (the node
    /// holds that key to admit the contract's deposits), is refused, since
    /// L1 holds no funds for it and the contract would refuse its block.
    @Test func anHTTPDepositIsRefusedInL1Mode() async throws {
        let setup = try await Setup(confirmations: 0)
        defer { setup.stop() }
        let client = try NodeClient(setup.nodeURL)
        let chain: ChainView = try await client.get("v1/chain")
        let bridgeText = try String(contentsOf: setup.data.appendingPathComponent("bridge.key"), encoding: .utf8)
        let bridge = try Ed25519SigningKey(hexSecretKey: bridgeText.trimmingCharacters(in: .whitespacesAndNewlines))
        let deposit = Deposit(account: nil, publicKey: EdDSAPrivateKey.generate().publicKey, amount: 1_000_000, bridgeSequence: 5)
            .signed(by: bridge, chain: try ChainID(hex: chain.chainId))
        do {
            let accepted: AcceptedView = try await client.post("v1/deposits", DepositRequest(deposit: deposit))
            Issue.record("an HTTP deposit was accepted in L1 mode: \(accepted.hash)")
        } catch {
            guard case .refused(let status, let body) = error else { throw error }
            #expect(status == 403 && body.error.code == "deposits_through_l1", "\(status) \(body.error.code)")
        }
        let status: StatusView = try await client.get("v1/status")
        #expect(status.pendingTransactions == 0 && status.lastCommittedBlock == 0)
    }

    /// eth_watch credits a deposit only under `--l1-confirmations` blocks:
    /// one that a reorg removes before then changes nothing on L2, and the
    /// serial it had goes to the deposit that replaces it.
    @Test func aDepositReorganizedAwayWithinTheConfirmationsChangesNothing() async throws {
        let setup = try await Setup(confirmations: 3)
        defer { setup.stop() }
        let rpc = try JSONRPCClient(setup.l1.url)
        _ = try setup.wallet("carol", ["new"])
        let snapshot: String = try await rpc.call("evm_snapshot", [String]())
        let doomed = try setup.wallet("carol", ["deposit", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(2), "--amount", "777"])
        #expect(doomed["serial"]?.string == "0")
        try await Task.sleep(for: .seconds(5))
        #expect(!setup.hasAccount("carol"), "credited with fewer than 3 confirmations")
        let reverted: Bool = try await rpc.call("evm_revert", [snapshot])
        #expect(reverted)
        _ = try await rpc.call("evm_mine", ["0x5"], as: String.self)
        try await Task.sleep(for: .seconds(6))
        #expect(!setup.hasAccount("carol"), "a deposit that the reorg removed was credited")
        let status: StatusView = try await NodeClient(setup.nodeURL).get("v1/status")
        #expect(status.lastCommittedBlock == 0)

        let replacing = try setup.wallet("carol", ["deposit", "--l1", setup.l1.url, "--l1-key", try setup.l1.keyFile(2), "--amount", "500"])
        #expect(replacing["serial"]?.string == "0")
        _ = try await rpc.call("evm_mine", ["0x3"], as: String.self)
        let credited = try await Poll.value(timeout: .seconds(300), every: .milliseconds(500)) { try setup.verifiedBalance("carol") }
        #expect(credited == "500", "\(setup.node.outputTail)")
    }
}
