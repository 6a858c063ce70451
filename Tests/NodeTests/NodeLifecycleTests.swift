import Algebra
import APIContract
import APIServer
import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import RollupTypes
import Storage
import Testing
import TestSupport

/// The node as a process lives it: proving beside the API, stopping on
/// SIGTERM, and restarting after its in-process provers died with it.
struct NodeLifecycleTests {
    typealias Fixture = APIFixture

    /// With one in-process prover per core, all busy, the API still answers
    /// before any of their proofs is done: proofs run on threads of their
    /// own at idle priority, not on the cooperative pool that serves HTTP.
    @Test func theAPIAnswersWhileEveryProverProves() async throws {
        let provers = Parallelism.available
        let node = try await Fixture.node(provers: provers)  // its keep-alive connection idles while the test polls (Fixture.patientHTTP)
        let store = node.context.store
        try await node.application().test(.live) { client in
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 1, sequence: 1, node: node))
            #expect(try await Poll.onThread { try store.lastCommittedBlock() != nil })
            for sequence in 2...UInt64(2 + 4 * provers) {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 1, sequence: sequence, account: 1, node: node)) { response in
                    #expect(response.status == .accepted)
                }
            }
            let allBusy = try await Poll.onThread {
                try store.proverStatus(now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3).liveProvers.filter { $0.block != nil }.count == provers
            }
            #expect(allBusy, "the provers never all held a block")
            try await client.execute(uri: "/v1/status", method: .get) { response in #expect(response.status == .ok) }
            let proved = try store.proverStatus(now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3).recentProofTimes
            #expect(proved.isEmpty, "the status was answered only after \(proved.count) proof(s) finished")
        }
    }

    /// A restarted node releases the claims of its previous life's
    /// in-process provers at once instead of waiting out their lease.
    @Test func aRestartReleasesTheDeadProversClaims() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in try await APIFixture.funded(client, node) }
        let store = node.context.store
        let dead = "\(RollupNode.proverNamePrefix)999999-prover-1"
        let external = "prover-elsewhere"
        try store.registerProver(dead, now: UnixTime.milliseconds(), lease: 60_000)
        try store.registerProver(external, now: UnixTime.milliseconds(), lease: 60_000)
        let run = try #require(try store.claimBlock(prover: dead, now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3))

        _ = try await RollupNode.open(node.configuration)
        let connection = try node.configuration.resolvedDatabase.connect()
        let row = try #require(try connection.row("SELECT outcome, error FROM prover_runs WHERE id = ?", [.integer(run.id)]))
        #expect(row.text(0) == "abandoned")
        #expect(row.text(1) == "the node restarted")
        #expect(try store.claimBlock(prover: external, now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3)?.block == run.block)
        #expect(try connection.row("SELECT stopped_at FROM active_provers WHERE name = ?", [.text(dead)])?.optionalInteger(0) != nil)
        #expect(try connection.row("SELECT stopped_at FROM active_provers WHERE name = ?", [.text(external)])?.optionalInteger(0) == nil)
    }

    /// The sizing flags apply to new databases only: a node restarted with
    /// the defaults (production's shape) keeps the shape its database has.
    @Test func aRestartKeepsTheDatabasesShape() async throws {
        let node = try await Fixture.node()
        var defaults = NodeConfiguration()
        defaults.development = true
        defaults.dataDirectory = node.configuration.dataDirectory
        defaults.port = 0
        defaults.provers = 0
        let restarted = try await RollupNode.open(defaults)
        let stored = try #require(try restarted.context.store.configuration())
        #expect(stored.parameters.treeDepth == 4 && stored.parameters.slots(.transfer) == 2)
        try await restarted.application().test(.router) { client in try await APIFixture.funded(client, restarted) }
    }

    /// The keys a chain first ran with are bound to it: a node whose key
    /// file was replaced (here: remade by a new development setup) refuses to
    /// start, naming the block type; by the data directory's binding, and,
    /// without it, by the database's.
    @Test func aChainRefusesKeysOtherThanItsOwn() async throws {
        let node = try await Fixture.node()
        let exitKey = URL(fileURLWithPath: node.configuration.keysDirectory).appendingPathComponent("exit.key").path
        try FileManager.default.removeItem(atPath: exitKey)
        await #expect {
            _ = try await RollupNode.open(node.configuration)
        } throws: { error in
            guard case ChainBinding.Failure.otherKey(type: "exit", _, _) = error else { return false }
            return "\(error)".contains("use the keys the chain was started with")
        }
        try FileManager.default.removeItem(atPath: node.configuration.dataDirectory + "/" + ChainBinding.fileName)
        await #expect {
            _ = try await RollupNode.open(node.configuration)
        } throws: { error in
            guard case StorageError.keyMismatch(type: .exit, _, _) = error else { return false }
            return "\(error)".contains("use the keys the chain was started with")
        }
    }

    /// Development keys are made only with --dev, and said to be so. Without
    /// it, a missing key file, a missing bridge.pub and a bridge secret on
    /// the node each stop it, naming the file and what to do.
    @Test func keysAreMadeOnlyInDevelopmentAndSaidToBe() async throws {
        let rollup = RollupBinary.path
        let data = Fixture.configuration().dataDirectory
        let shape = ["--tree-depth", "4", "--block-size", "2", "--provers", "0"]
        func node(_ extra: [String] = []) throws -> ChildProcess.Result {
            try ChildProcess.run("/usr/bin/timeout", ["60", rollup, "node", "--data", data, "--port", String(try FreePort.next())] + shape + extra)
        }
        let noKeys = try node()
        #expect(noKeys.status != 0 && noKeys.output.contains("\(data)/keys/transfer.key is missing") && noKeys.output.contains("rollup setup")
                && noKeys.output.contains("ceremony") && noKeys.output.contains("--dev"), "\(noKeys.output)")
        #expect(!FileManager.default.fileExists(atPath: data + "/keys/transfer.key"))

        try FileManager.default.copyItem(atPath: try await Fixture.sharedKeys.value, toPath: data + "/keys")
        let noBridge = try node()
        #expect(noBridge.status != 0 && noBridge.output.contains("\(data)/bridge.pub is missing"), "\(noBridge.output)")
        try Data("00".utf8).write(to: URL(fileURLWithPath: data + "/bridge.key"))
        let secret = try node()
        #expect(secret.status != 0 && secret.output.contains("holds the bridge's secret key"), "\(secret.output)")
        try FileManager.default.removeItem(atPath: data + "/bridge.key")

        // With --dev it starts, and the chain says its keys are development keys.
        var configuration = Fixture.configuration()
        configuration.dataDirectory = data
        let started = try await RollupNode.open(configuration)
        #expect(started.context.chain.setup == ["transfer": "development", "deposit": "development", "exit": "development"])
        try await started.application().test(.router) { client in
            let chain = try await client.execute(uri: "/v1/chain", method: .get) { try Fixture.answer(ChainView.self, $0) }
            #expect(try chain.setups() == [.transfer: .development, .deposit: .development, .exit: .development])
        }
        #expect(try started.context.store.keySetups() == [.transfer: .development, .deposit: .development, .exit: .development])
    }

    /// SIGTERM and SIGINT stop `rollup node` with exit status 0 and no error.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalStopsTheNodeCleanly(signal: Int32) async throws {
        let configuration = Fixture.configuration()
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await Fixture.sharedKeys.value, toPath: configuration.keysDirectory)
        let node = try RollupBinary.start(
            ["node", "--data", configuration.dataDirectory, "--port", String(try FreePort.next()), "--tree-depth", "4", "--block-size", "2", "--provers", "1", "--dev"],
            logName: "node")
        let started = try await node.waitForOutput("Ctrl-C stops it")
        #expect(started, "\(node.output)")
        node.stop(signal)
        let output = node.output
        #expect(node.terminationStatus == 0, "\(output)")
        #expect(!output.contains("Error"), "\(output)")
    }
}
