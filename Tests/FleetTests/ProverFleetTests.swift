import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import RollupTypes
import TestSupport
import Storage
import StorageTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The fleet across hosts, on one machine: PostgreSQL and two `rollup
/// prover` processes each in a network namespace of their own, the node in
/// this one, joined by a bridge. In every cycle a deposit makes a block;
/// the worker that claims it is, while it proves, either killed with
/// SIGKILL or cut off the network (`ip link set … down`), and the other
/// worker must take the block after the lease. Every block ends verified,
/// none is proved twice, and no acknowledged transaction is lost.
/// `ROLLUP_FLEET_CYCLES` sets the cycles (4 by default; the issue's
/// target run is 20).
@Suite(.serialized, .enabled(if: TestDatabase.available.contains(.postgres) && NetworkNamespaces.supported))
struct ProverFleetTests {
    typealias Fixture = APIFixture

    static var cycles: Int { ProcessInfo.processInfo.environment["ROLLUP_FLEET_CYCLES"].flatMap { Int($0) } ?? 4 }

    @Test func killedAndCutOffProversLoseAndRepeatNothing() async throws {
        let network = try NetworkNamespaces(hosts: ["db", "p1", "p2"])
        defer { network.remove() }
        let cluster = try PostgresCluster(port: 5432, listenAddresses: network.address("db"), namespace: network.namespace("db"))
        let database = try cluster.freshDatabase(host: network.address("db"))

        var configuration = Fixture.configuration(provers: 0)
        configuration.chain = try ChainParameters(treeDepth: 8, blockSize: 4, fullBlockTimeout: .milliseconds(300))
        configuration.tick = .milliseconds(50)
        configuration.database = .postgres(database)
        let node = try await RollupNode.open(configuration)
        let lease = 1.5

        let workers = FleetWorkers(network: network, database: database, keys: configuration.keysDirectory, lease: lease)
        defer { workers.killAll() }
        try workers.start(on: "p1", name: "p1-0")
        try workers.start(on: "p2", name: "p2-0")
        let queue = try PostgresSession(address: database)

        try await node.application().test(.live) { client in
            var acknowledged = [String]()
            var interrupted = (kills: 0, cuts: 0)
            var block: Int64 = 0
            for attempt in 0..<(3 * Self.cycles) where interrupted.kills + interrupted.cuts < Self.cycles {
                try await client.execute(
                    uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: UInt64(attempt + 1), node: node)
                ) { response in
                    #expect(response.status == .accepted)
                    acknowledged.append(try Fixture.answer(AcceptedView.self, response).hash)
                }
                block += 1
                // The worker that claims the block, caught while its run is open.
                var victim: String?
                _ = try Poll.blockingUntil(timeout: .seconds(60), every: .milliseconds(5)) {
                    victim = try queue.row(
                        "SELECT prover FROM prover_runs WHERE block_number = ? AND finished_at IS NULL", [.integer(block)])?.text(0)
                    return try victim != nil || queue.row("SELECT 1 FROM proofs WHERE block_number = ?", [.integer(block)]) != nil
                }
                guard let victim else { continue }
                let host = String(victim.prefix(2))
                let killing = interrupted.kills <= interrupted.cuts
                if killing {
                    workers.kill(host)
                } else {
                    try network.setLink(host, up: false)
                }
                // The other worker takes the block after the lease.
                _ = try await Poll.until(timeout: .seconds(90), every: .milliseconds(50)) {
                    try queue.row("SELECT 1 FROM proofs WHERE block_number = ?", [.integer(block)]) != nil
                }
                let outcome = try queue.row(
                    "SELECT outcome FROM prover_runs WHERE block_number = ? AND prover = ?", [.integer(block), .text(victim)])?.text(0)
                if killing {
                    try workers.start(on: host, name: "\(host)-\(attempt + 1)")
                } else {
                    try network.setLink(host, up: true)
                }
                if outcome == "abandoned" {
                    if killing { interrupted.kills += 1 } else { interrupted.cuts += 1 }
                }
                #expect(try await APIFixture.waitFor(client, timeout: .seconds(90)) { $0.lastVerifiedBlock >= UInt32(block) }, "block \(block)")
            }
            #expect(interrupted.kills + interrupted.cuts == Self.cycles, "interrupted \(interrupted) of \(Self.cycles) cycles")

            // None proved twice, none lost: one proved run and one proof per block, every block verified.
            let twice = try queue.rows("""
                SELECT block_number FROM prover_runs WHERE outcome = 'proved' GROUP BY block_number HAVING COUNT(*) > 1
                """)
            #expect(twice.isEmpty, "blocks proved twice: \(twice.map { $0.integer(0) })")
            #expect(try queue.row("SELECT COUNT(*) FROM proofs")?.integer(0) == block)
            #expect(try await APIFixture.waitFor(client) { $0.lastVerifiedBlock == UInt32(block) })
            for hash in acknowledged {
                let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                #expect(status == "verified", "\(hash)")
            }
        }
    }
}

/// The fleet's `rollup prover` processes, one per host namespace, their
/// output in scratch files.
final class FleetWorkers: @unchecked Sendable {
    let network: NetworkNamespaces
    let database: PostgresAddress
    let keys: String
    let lease: Double
    private var processes = [String: LoggedProcess]()

    init(network: NetworkNamespaces, database: PostgresAddress, keys: String, lease: Double) {
        self.network = network
        self.database = database
        self.keys = keys
        self.lease = lease
    }

    /// Starts a worker named `name` in `host`'s namespace.
    func start(on host: String, name: String) throws {
        processes[host] = try RollupBinary.start(
            ["prover", "--db", DatabaseLocation.postgres(database).argument, "--keys", keys, "--name", name, "--lease", "\(lease)", "--heartbeat", "0.2", "--threads", "1"],
            through: ["/usr/sbin/ip", "netns", "exec", network.namespace(host)], logName: "rollup-fleet-\(name)")
    }

    /// Kills `host`'s worker with SIGKILL and waits for it.
    func kill(_ host: String) {
        processes.removeValue(forKey: host)?.stop(SIGKILL)
    }

    func killAll() {
        for host in Array(processes.keys) { kill(host) }
    }
}
