import APIContract
import ChildProcess
import Ethereum
import Foundation
import RollupTypes
import Settlement
import Storage
import Support
import Testing
import TestSupport

/// `rollup contracts deploy` against the development L1 (scripts/dev_l1.py),
/// for a chain made by `rollup node --dev` in a data directory.
struct ContractDeploymentTests {
    /// A small development chain's data directory, made by starting the node once.
    static func chainDirectory() async throws -> URL {
        let data = try ScratchDirectory.make("l1-chain")
        let node = try RollupBinary.start(
            ["node", "--dev", "--data", data.path, "--tree-depth", "4", "--block-size", "2", "--provers", "0", "--port", String(try FreePort.next())],
            logName: "l1-chain-node")
        defer { node.stop() }
        #expect(try await node.waitForOutput("rollup node on", timeout: .seconds(300)), "\(node.outputTail)")
        return data
    }

    @Test func theChainsContractsAreDeployedAndRecorded() async throws {
        let l1 = try await DevelopmentL1()
        defer { l1.stop() }
        let data = try await Self.chainDirectory()
        let keyFile = try l1.keyFile(1)
        let deploy = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", keyFile, "--data", data.path, "--json"])
        #expect(deploy.status == 0, "\(deploy.output)")
        let printed = try JSONDecoder().decode(L1Deployment.self, from: Data(try #require(deploy.output.split(separator: "\n").last).utf8))
        let recorded = try #require(try L1Deployment.read(in: data.path))
        #expect(printed == recorded)
        let key = try EthereumKey(secret: try #require([UInt8](hex: l1.keys[1])))
        #expect(recorded.operator == key.address && recorded.l1ChainId == l1.chainID)
        #expect(Set(recorded.verifiers.keys) == ["deposit", "transfer", "exit"])

        // The contract holds the chain: its id (now bound to the contract) and its genesis root, which is verified and committed.
        let chain = try #require(try DatabaseStore(.sqlite(path: data.appendingPathComponent("rollup.sqlite").path)).configuration())
        #expect(recorded.chainId == chain.chainID.description && chain.l1Binding == recorded.binding)
        let transactor = try await L1Transactor.connect(try JSONRPCClient(l1.url), key: key)
        let genesis = chain.parameters.genesisRoot(operatorKey: chain.operatorKey).bigEndianBytes
        #expect(try await transactor.call(recorded.rollup, data: RollupContract.read("verifiedRoot")) == genesis)
        #expect(try await transactor.call(recorded.rollup, data: RollupContract.read("committedRoot")) == genesis)
        #expect(try await transactor.call(recorded.rollup, data: RollupContract.read("CHAIN_ID")) == chain.chainID.element.bigEndianBytes)
        #expect(try await transactor.call(recorded.rollup, data: RollupContract.read("committedBlocks")) == [UInt8](repeating: 0, count: 32))

        // Deploying again is refused, and the record stays.
        let again = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", keyFile, "--data", data.path])
        #expect(again.status != 0 && again.output.contains("l1.json exists"), "\(again.output)")
        #expect(try L1Deployment.read(in: data.path) == recorded)

        // A node whose L1 key is not the contract's operator refuses to start in L1 mode.
        let stranger = try await Self.refusedStart(
            ["node", "--dev", "--data", data.path, "--port", String(try FreePort.next()), "--provers", "0", "--l1", l1.url, "--l1-key", try l1.keyFile(2)])
        #expect(stranger.contains("is committed by \(recorded.operator)"), "\(stranger.suffix(800))")
    }

    /// A copy of a chain's data directory, as its operator (or a thief of it) could make.
    static func copy(of data: URL) throws -> URL {
        let copy = ScratchDirectory.path("l1-chain-copy")
        try FileManager.default.copyItem(at: data, to: copy)
        return copy
    }

    /// `rollup contracts deploy` for the chain in `data`, with the L1's key 1; its record.
    static func deploy(_ data: URL, on l1: DevelopmentL1) throws -> L1Deployment {
        let deploy = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", try l1.keyFile(1), "--data", data.path])
        guard deploy.status == 0, let recorded = try L1Deployment.read(in: data.path) else {
            throw LoggedProcess.Failure(description: "deploy failed: \(deploy.output)")
        }
        return recorded
    }

    static func chain(in data: URL) throws -> ChainConfiguration? {
        try DatabaseStore(.sqlite(path: data.appendingPathComponent("rollup.sqlite").path)).configuration()
    }

    /// The same chain deployed twice (its data directory copied first):
    /// each deployment's chain id binds the L1 chain and its own contract,
    /// so that what users sign for one is worth nothing at the other. The
    /// contract computes that id itself; the database takes it on deploy.
    @Test func eachDeploymentOfAChainHasAChainIDOfItsOwn() async throws {
        let l1 = try await DevelopmentL1()
        defer { l1.stop() }
        let data = try await Self.chainDirectory()
        let twin = try Self.copy(of: data)
        let unfinished = try Self.copy(of: data)
        let genesis = try #require(try Self.chain(in: data)).chainID
        let transactor = try await L1Transactor.connect(try JSONRPCClient(l1.url), key: try EthereumKey(secret: try #require([UInt8](hex: l1.keys[1]))))
        var ids = [String]()
        for directory in [data, twin] {
            let recorded = try Self.deploy(directory, on: l1)
            let chain = try #require(try Self.chain(in: directory))
            #expect(chain.genesisChainID == genesis && chain.l1Binding == recorded.binding)
            #expect(chain.chainID == ChainID.bound(genesis, to: recorded.binding) && chain.chainID.description == recorded.chainId)
            #expect(try await transactor.call(recorded.rollup, data: RollupContract.read("CHAIN_ID")) == chain.chainID.element.bigEndianBytes)
            ids.append(recorded.chainId)
        }
        #expect(Set(ids + [genesis.description]).count == 3, "\(ids), genesis \(genesis)")

        // A deployed chain runs in L1 mode only.
        let withoutL1 = try await Self.refusedStart(["node", "--dev", "--data", data.path, "--port", String(try FreePort.next()), "--provers", "0"])
        #expect(withoutL1.contains("this chain settles on L1") && withoutL1.contains("--l1"), "\(withoutL1.suffix(800))")

        // A deploy cut short after writing l1.json: the node binds the chain on its first start in L1 mode.
        try FileManager.default.copyItem(at: data.appendingPathComponent(L1Deployment.fileName), to: unfinished.appendingPathComponent(L1Deployment.fileName))
        #expect(try Self.chain(in: unfinished)?.l1Binding == nil)
        let port = try FreePort.next()
        let node = try RollupBinary.start(
            ["node", "--dev", "--data", unfinished.path, "--port", String(port), "--provers", "0", "--l1", l1.url, "--l1-key", try l1.keyFile(1)],
            logName: "l1-binding-node")
        defer { node.stop() }
        #expect(try await node.waitForOutput("rollup node on", timeout: .seconds(300)), "\(node.outputTail)")
        let view: ChainView = try await NodeClient("http://127.0.0.1:\(port)").get("v1/chain")
        let first = try #require(try L1Deployment.read(in: data.path))
        #expect(view.chainId == ids[0] && view.l1Binding?.rollup == first.rollup.description)
        #expect(try view.decoded().configuration.chainID.description == ids[0])
    }

    /// Found by an outside tester: whoever could write a deployed chain's
    /// database and swap or remove its l1.json moved the data directory onto
    /// another deployment of the same chain (whose users' signatures it then
    /// accepted and proved), or back to its genesis id without L1, or ran it
    /// without L1 once l1.json was gone. chain.binding, outside the
    /// database, now records the L1 binding too.
    @Test func aRewrittenDatabaseAndAMovedL1FileDoNotRebindADirectory() async throws {
        let l1 = try await DevelopmentL1()
        defer { l1.stop() }
        let data = try await Self.chainDirectory()
        let twin = try Self.copy(of: data)
        let genesis = try #require(try Self.chain(in: data)).genesisChainID
        let first = try Self.deploy(data, on: l1)
        _ = try Self.deploy(twin, on: l1)
        let l1File = twin.appendingPathComponent(L1Deployment.fileName)
        let database = try DatabaseLocation.sqlite(path: twin.appendingPathComponent("rollup.sqlite").path).connect()
        func start(_ options: [String]) async throws -> String {
            try await Self.refusedStart(["node", "--dev", "--data", twin.path, "--port", String(try FreePort.next()), "--provers", "0"] + options)
        }
        let l1Mode = ["--l1", l1.url, "--l1-key", try l1.keyFile(1)]

        // l1.json removed alone: the node ran the bound chain without L1.
        try FileManager.default.moveItem(at: l1File, to: twin.appendingPathComponent("l1.json.saved"))
        let gone = try await start([])
        #expect(gone.contains("is bound to the rollup contract") && gone.contains("l1.json is missing"), "\(gone.suffix(800))")

        // The first deployment's l1.json, and the database rewritten to its binding.
        try FileManager.default.copyItem(at: data.appendingPathComponent(L1Deployment.fileName), to: l1File)
        try database.run("UPDATE server_config SET l1_rollup = ?, chain_id = ? WHERE id = 1", [.text(first.rollup.description), .text(first.chainId)])
        let moved = try await start(l1Mode)
        #expect(moved.contains("but the database says the rollup contract \(first.rollup)"), "\(moved.suffix(800))")

        // No l1.json, and the database back to the genesis id.
        try FileManager.default.removeItem(at: l1File)
        try database.run("UPDATE server_config SET l1_chain_id = NULL, l1_rollup = NULL, chain_id = ? WHERE id = 1", [.text(genesis.description)])
        let unbound = try await start([])
        #expect(unbound.contains("but the database says it is bound to no L1 contract"), "\(unbound.suffix(800))")
    }

    /// Found by an outside tester: `rollup contracts deploy` while a node
    /// ran on the directory bound the chain under it; the node went on under
    /// the genesis id and sealed a block, and the chain could not start
    /// again. A running node now holds the directory's lock.
    @Test func aDeployIsRefusedWhileANodeRunsOnTheDirectory() async throws {
        let l1 = try await DevelopmentL1()
        defer { l1.stop() }
        let data = try await Self.chainDirectory()
        let node = try RollupBinary.start(
            ["node", "--dev", "--data", data.path, "--provers", "0", "--port", String(try FreePort.next())], logName: "l1-running-node")
        #expect(try await node.waitForOutput("rollup node on", timeout: .seconds(300)), "\(node.outputTail)")
        let refused = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", try l1.keyFile(1), "--data", data.path])
        #expect(refused.status != 0 && refused.output.contains("a node runs on this data directory"), "\(refused.output)")
        #expect(try L1Deployment.read(in: data.path) == nil && (try Self.chain(in: data))?.l1Binding == nil)
        node.stop()
        #expect(try Self.deploy(data, on: l1).l1ChainId == l1.chainID)
    }

    /// A chain that has accepted a transaction under its genesis id is not
    /// bound: that signature would verify under neither id.
    @Test func aChainWithATransactionIsNotDeployed() async throws {
        let l1 = try await DevelopmentL1()
        defer { l1.stop() }
        let data = try await Self.chainDirectory()
        let deployed = try Self.copy(of: data)
        let port = try FreePort.next()
        let node = try RollupBinary.start(["node", "--dev", "--data", data.path, "--port", String(port), "--provers", "0"], logName: "l1-history-node")
        #expect(try await node.waitForOutput("rollup node on", timeout: .seconds(300)), "\(node.outputTail)")
        let passphrase = data.appendingPathComponent("passphrase").path
        try "history\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        for arguments in [["new"], ["deposit", "--amount", "5", "--bridge-key", data.appendingPathComponent("bridge.key").path]] {
            let result = try ChildProcess.run(
                RollupBinary.path,
                ["wallet"] + arguments + ["--node", "http://127.0.0.1:\(port)", "--keystore", data.appendingPathComponent("w.json").path, "--passphrase-file", passphrase])
            #expect(result.status == 0, "\(result.output)")
        }
        node.stop()

        let refused = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--l1", l1.url, "--l1-key", try l1.keyFile(1), "--data", data.path])
        #expect(refused.status != 0 && refused.output.contains("before its first transaction"), "\(refused.output)")
        #expect(try L1Deployment.read(in: data.path) == nil && (try Self.chain(in: data))?.l1Binding == nil)

        // Nor does the node bind it to another copy's contracts.
        _ = try Self.deploy(deployed, on: l1)
        try FileManager.default.copyItem(at: deployed.appendingPathComponent(L1Deployment.fileName), to: data.appendingPathComponent(L1Deployment.fileName))
        let start = try await Self.refusedStart(
            ["node", "--dev", "--data", data.path, "--port", String(try FreePort.next()), "--provers", "0", "--l1", l1.url, "--l1-key", try l1.keyFile(1)])
        #expect(start.contains("before its first transaction"), "\(start.suffix(800))")
        #expect(try Self.chain(in: data)?.l1Binding == nil)
    }

    /// Starts `rollup arguments…`, which must end with an error within 2
    /// minutes (a node that starts instead is stopped); what it printed.
    static func refusedStart(_ arguments: [String]) async throws -> String {
        let process = try RollupBinary.start(arguments, logName: "refused-start")
        defer { process.stop() }
        let ended = try await Poll.until(timeout: .seconds(120), every: .milliseconds(200)) { !process.isRunning }
        guard ended, process.terminationStatus != 0 else { return "it did not end with an error: \(process.outputTail)" }
        return process.output
    }

    static func validKey() -> String {
        let path = ScratchDirectory.path("l1-key", extension: ".key").path
        try! ("0x" + String(repeating: "0", count: 63) + "7").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badKeysAndEndpointsAreRefusedClearly() async throws {
        let data = try ScratchDirectory.make("l1-refusals")
        let garbage = ScratchDirectory.path("l1-key", extension: ".key").path
        try "not a key\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let zero = ScratchDirectory.path("l1-key", extension: ".key").path
        try ("0x" + String(repeating: "0", count: 64)).write(toFile: zero, atomically: true, encoding: .utf8)
        let cases: [(arguments: [String], says: String)] = [
            (["--l1", "http://127.0.0.1:1", "--l1-key", garbage], "an L1 key is 32 bytes"),
            (["--l1", "http://127.0.0.1:1", "--l1-key", zero], "an L1 key is 32 bytes"),
            (["--l1", "ftp://example", "--l1-key", garbage], "an L1 key is 32 bytes"),
            (["--l1", "ftp://example", "--l1-key", Self.validKey()], "must be an http(s) URL"),
            (["--l1", "http://127.0.0.1:1", "--l1-key", Self.validKey()], "holds no chain yet"),
        ]
        for (arguments, says) in cases {
            let result = try ChildProcess.run(RollupBinary.path, ["contracts", "deploy", "--data", data.path] + arguments)
            #expect(result.status != 0 && result.output.contains(says), "\(arguments): \(result.output)")
        }
        #expect(try L1Deployment.read(in: data.path) == nil)
    }

    /// An l1.json that does not hold names its field, or says that a number
    /// may be out of range (found by an outside tester: one read "The given
    /// data was not valid JSON").
    @Test func anL1FileThatDoesNotHoldNamesItsField() throws {
        let data = try ScratchDirectory.make("l1-file")
        let cases: [(String, String)] = [
            (#"{"l1ChainId": 1e40, "chainId": "0x00", "rollup": "0x0000000000000000000000000000000000000001", "verifiers": {}, "operator": "0x0000000000000000000000000000000000000001", "deploymentBlock": 1}"#, "a number out of its field's range"),
            (#"{"l1ChainId": 1, "chainId": "0x00", "rollup": "0x0000000000000000000000000000000000000001", "verifiers": {}, "operator": "0x0000000000000000000000000000000000000001", "deploymentBlock": -5}"#, "a number out of its field's range"),
            (#"{"l1ChainId": 1, "chainId": "0x00", "rollup": "0x0000000000000000000000000000000000000001", "operator": "0x0000000000000000000000000000000000000001", "deploymentBlock": 1}"#, "the field verifiers is missing"),
            ("[1, 2]", "l1.json is not one JSON object"),
            ("{", "l1.json is not JSON"),
            (#"{"l1ChainId": 1, "chainId": "0x00", "rollup": "0x01", "verifiers": {}, "operator": "0x0000000000000000000000000000000000000001", "deploymentBlock": 1}"#, "the field rollup does not hold"),
        ]
        for (text, says) in cases {
            try text.write(to: data.appendingPathComponent(L1Deployment.fileName), atomically: true, encoding: .utf8)
            #expect {
                _ = try L1Deployment.read(in: data.path)
            } throws: { error in
                "\(error)".contains(says)
            }
        }
    }

    /// The code the binary deploys and checks is contracts/build's (which
    /// the build embeds): the rollup's runtime code, then its immutables.
    @Test func theEmbeddedContractsAreTheCompiledOnes() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../contracts/build/Rollup.json")
        struct Artifact: Decodable { let runtimeBytecode: String }
        let compiled = try #require([UInt8](hex: try JSONDecoder().decode(Artifact.self, from: Data(contentsOf: file)).runtimeBytecode))
        let chain = try ChainID(bytes: [UInt8](repeating: 7, count: 32))
        let code = RollupContract.rollupCode(chain: chain, operator: EthereumAddress(bytes: [UInt8](repeating: 1, count: 20)))
        #expect(compiled.count > 1_000 && code.count == compiled.count + 64 && Array(code.prefix(compiled.count)) == compiled)
    }

    /// An L1 endpoint is outside the process: one that states absurd fees,
    /// gas or nonces gets a clear refusal, never a transaction that pays
    /// them, and never a crash (a base fee near 2^128 overflowed the fee).
    @Test func anEndpointsAbsurdFeesGasAndNoncesAreRefused() async throws {
        let data = try await Self.chainDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scripted_l1.py").path
        let huge = "0x" + String(repeating: "f", count: 32)
        let cases: [(answers: [String: JSONValue], says: String)] = [
            (["eth_getBlockByNumber": .object(["number": .string("0x1"), "baseFeePerGas": .string(huge)])], "per gas"),
            (["eth_getBlockByNumber": .object(["number": .string("0x1"), "baseFeePerGas": .string("0x3b9aca00")]), "eth_estimateGas": .string(huge)], "gas"),
            (["eth_getBlockByNumber": .object(["number": .string("0x1"), "baseFeePerGas": .string("0x3b9aca00")]), "eth_getTransactionCount": .string(huge)], "nonce"),
        ]
        for (answers, says) in cases {
            var script_answers: [String: JSONValue] = [
                "eth_chainId": .string("0x539"), "eth_estimateGas": .string("0x5208"), "eth_getTransactionCount": .string("0x0"),
                "eth_maxPriorityFeePerGas": .string("0x3b9aca00"),
            ]
            script_answers.merge(answers) { $1 }
            let port = try FreePort.next()
            let endpoint = try LoggedProcess("/usr/bin/env", ["python3", script, String(port), JSONValue.object(script_answers).text], logName: "scripted-l1")
            defer { endpoint.stop() }
            #expect(try await endpoint.waitForOutput("listening", timeout: .seconds(60)))
            let deploy = try ChildProcess.run(
                RollupBinary.path, ["contracts", "deploy", "--l1", "http://127.0.0.1:\(port)", "--l1-key", Self.validKey(), "--data", data.path])
            #expect(deploy.status == 1 && deploy.output.contains("Error:") && deploy.output.contains(says), "status \(deploy.status): \(deploy.output.suffix(600))")
        }
        #expect(try L1Deployment.read(in: data.path) == nil)
    }
}
