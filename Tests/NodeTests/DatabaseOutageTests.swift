import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import RollupTypes
import Storage
import StorageTesting
import Testing
import TestSupport

/// A node on a PostgreSQL server of the test's own, which is stopped (as a
/// crash would: connections cut, no checkpoint) and started again while the
/// node runs with an in-process prover: the node answers 503 while the
/// database is away, takes transactions again once it is back, loses none
/// it acknowledged, and proves and verifies every block.
@Suite(.enabled(if: TestDatabase.available.contains(.postgres)))
struct DatabaseOutageTests {
    typealias Fixture = APIFixture

    @Test func theNodeAnswers503WhileItsDatabaseIsAwayAndLosesNothing() async throws {
        let cluster = try PostgresCluster()
        var configuration = Fixture.configuration(provers: 1)
        configuration.proverPriority = .normal  // not starved by the suites beside it
        configuration.database = .postgres(try cluster.freshDatabase())
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await Fixture.sharedKeys.value, toPath: configuration.keysDirectory)
        let node = try await RollupNode.open(configuration)
        try await node.application().test(.live) { client in
            var acknowledged = [String]()
            func post(_ uri: String, _ body: ByteBuffer) async throws -> HTTPResponse.Status {
                try await client.execute(uri: uri, method: .post, body: body) { response in
                    if response.status == .accepted { acknowledged.append(try Fixture.answer(AcceptedView.self, response).hash) }
                    return response.status
                }
            }
            #expect(try await post("/v1/deposits", Fixture.deposit(Fixture.alice, 1_000, sequence: 1, node: node)) == .accepted)
            #expect(try await post("/v1/deposits", Fixture.deposit(Fixture.bob, 50, sequence: 2, node: node)) == .accepted)
            #expect(try await APIFixture.waitFor(client, timeout: .seconds(180)) { $0.lastVerifiedBlock >= 1 })

            try cluster.stop()
            try await client.execute(uri: "/v1/accounts/1", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(Fixture.errorCode(response) == "storage")
            }
            let transfer = Fixture.body(Fixture.transfer(1, 2, 300, fee: 2, nonce: 0, key: Fixture.alice, node: node))
            #expect(try await post("/v1/transactions", transfer) == .serviceUnavailable)

            try cluster.start()
            // Back: the same transfer is taken (bounded: the node reconnects at its next operation).
            var status = HTTPResponse.Status.serviceUnavailable
            for _ in 0..<100 where status != .accepted {
                status = try await post("/v1/transactions", transfer)
                if status != .accepted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == .accepted)
            #expect(try await post("/v1/transactions", Fixture.body(Fixture.transfer(2, 1, 20, fee: 0, nonce: 0, key: Fixture.bob, node: node))) == .accepted)
            #expect(acknowledged.count == 4)

            // Every acknowledged transaction is verified, once.
            var unverified = acknowledged
            _ = try await Poll.until(timeout: .seconds(240), every: .milliseconds(200)) {
                var still = [String]()
                for hash in unverified {
                    let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { response in
                        response.status == .ok ? try Fixture.answer(TransactionView.self, response).status : "unreachable"
                    }
                    if status != "verified" { still.append(hash) }
                }
                unverified = still
                return unverified.isEmpty
            }
            #expect(unverified.isEmpty)
            // Alice: 1,000 − 300 − 2 + 20 = 718. Bob: 50 + 300 − 20 = 330. Fees: 2.
            for (id, balance) in [(1, "718"), (2, "330"), (0, "2")] {
                let account = try await client.execute(uri: "/v1/accounts/\(id)", method: .get) { try Fixture.answer(AccountView.self, $0) }
                #expect(account.verified?.balance == balance, "account \(id)")
            }
        }
    }
}
