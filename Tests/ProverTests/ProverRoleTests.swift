import ChildProcess
import Committer
import Foundation
import Prover
import TestSupport
import Storage
import StorageTesting
import Testing

/// A prover on another machine runs with a least-privilege PostgreSQL role
/// (`rollup db grant-prover`): it proves end to end with its password from
/// PGPASSWORD, and its attempts to write the chain fail with permission errors.
@Suite(.serialized, .enabled(if: TestDatabase.available.contains(.postgres)))
struct ProverRoleTests {
    typealias Fixture = ProverFixture

    @Test func theProverRoleProvesAndCannotWriteTheChain() async throws {
        let cluster = try PostgresCluster(passwordUsers: ["prover_a"])
        let admin = try cluster.freshDatabase()
        let (_, store, committer) = try await Fixture.chain(transferBlocks: 0, in: .postgres(admin))
        var role = try Self.grant("prover_a", on: admin)
        let secret = try #require(role.password)
        role.password = nil
        var wrong = role
        wrong.password = "not-the-password"
        #expect(throws: PostgresFailure.self) { try PostgresSession(address: wrong) }  // the password is checked

        // The prover with that role, its password from PGPASSWORD, never on the command line.
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = secret
        let process = try RollupBinary.start(
            ["prover", "--db", role.url, "--keys", Fixture.keyDirectory, "--name", "role-prover", "--heartbeat", "0.2", "--threads", "1"],
            environment: environment, logName: "role-prover")
        let proved = try await Poll.until(timeout: .seconds(180), every: .milliseconds(50)) { try store.proof(block: 1) != nil || !process.isRunning }
        process.stop()
        #expect(try proved && store.proof(block: 1) != nil, "\(process.outputTail)")
        #expect(process.terminationStatus == 0, "\(process.outputTail)")
        #expect(try committer.applyProvedBlocks() == 1)

        // What the role may not do.
        role.password = secret
        let session = try PostgresSession(address: role)
        #expect(try session.row("SELECT COUNT(*) FROM blocks")?.integer(0) == 1)
        for statement in [
            "UPDATE blocks SET verified_at = 1", "UPDATE accounts SET balance = '1000000000000000'",
            "INSERT INTO transactions (hash, sequence, type, body, status, received_at) VALUES ('x', 999, 'deposit', '\\x00', 'pending', 0)",
            "UPDATE account_updates SET account_id = 1", "UPDATE server_config SET chain_id = 'x'", "UPDATE block_types SET key_hash = 'x'", "UPDATE prover_runs SET cleared_at = 1",
            "DELETE FROM proofs", "DELETE FROM bridge_sequences", "CREATE TABLE mine (x INTEGER)",
        ] {
            // 42501: insufficient_privilege.
            #expect(performing: { try session.run(statement) }, throws: { ($0 as? PostgresFailure)?.sqlState == "42501" })
        }
    }

    /// Review of December 2026, finding 4: worker names are free text, so
    /// a role that forged failed runs under several names (the node's own
    /// among them) used to flag a block and halt verification. On
    /// PostgreSQL a run records the role that wrote it: one role counts as
    /// one worker whatever names it gives, and it can neither pass a run
    /// off as another role's nor change another role's runs or proofs.
    @Test func oneRoleCannotFlagABlockUnderManyNames() async throws {
        let cluster = try PostgresCluster(passwordUsers: ["prover_b"])
        let admin = try cluster.freshDatabase()
        let (_, store, _) = try await Fixture.chain(transferBlocks: 0, in: .postgres(admin))
        let session = try PostgresSession(address: try Self.grant("prover_b", on: admin))

        // The node's worker failed block 1 once (a transient error); the role forges failures under many names.
        let now = try store.clock()
        try store.registerProver("node-1-prover-1", now: now, lease: 60_000)
        let honest = try #require(try store.claimBlock(prover: "node-1-prover-1", now: now, lease: 60_000, maxFailures: 3))
        #expect(try store.finishRun(honest, proof: nil, error: "out of memory", now: now))
        for name in ["evil", "Evil", "evil ", "node-1-prover-1", "node-1-prover-1", "node-1-prover-1"] {
            try session.run(
                "INSERT INTO active_provers (name, started_at, heartbeat_at) VALUES (?, 0, 0) ON CONFLICT (name) DO NOTHING", [.text(name)])
            try session.run(
                "INSERT INTO prover_runs (block_number, prover, started_at, heartbeat_at, finished_at, outcome, error) VALUES (1, ?, ?, ?, ?, 'failed', 'forged')",
                [.text(name), .integer(now), .integer(now), .integer(now)])
        }
        #expect(try store.proverStatus(now: now, lease: 60_000, maxFailures: 3).flaggedBlocks.isEmpty)
        try store.registerProver("node-1-prover-2", now: now, lease: 60_000)
        #expect(try store.claimBlock(prover: "node-1-prover-2", now: now, lease: 60_000, maxFailures: 3)?.block == 1)

        // 42501: a row-level security policy refuses the row.
        #expect(performing: {
            try session.run("INSERT INTO prover_runs (block_number, prover, started_at, heartbeat_at, db_role) VALUES (1, 'x', 0, 0, ?)", [.text(admin.user)])
        }, throws: { ($0 as? PostgresFailure)?.sqlState == "42501" })
        #expect(try session.run("UPDATE prover_runs SET outcome = 'failed', finished_at = 1 WHERE db_role <> 'prover_b'") == 0)
        #expect(try session.run("UPDATE prover_runs SET heartbeat_at = ? WHERE prover = 'node-1-prover-2'", [.integer(now + 1_000)]) == 0)
        #expect(try store.proverStatus(now: now, lease: 60_000, maxFailures: 3).flaggedBlocks.isEmpty)
    }

    /// `rollup db grant-prover` of role `name` on `admin`'s database, with a
    /// new password from a file; the role's address, password included.
    static func grant(_ name: String, on admin: PostgresAddress) throws -> PostgresAddress {
        let secret = "pw-\(UUID().uuidString)"
        let secretFile = ScratchDirectory.path("rollup-secret")
        try Data((secret + "\n").utf8).write(to: secretFile)
        let grant = try ChildProcess.run(RollupBinary.path, ["db", "grant-prover", "--db", admin.url, "--role", name, "--role-password-file", secretFile.path])
        #expect(grant.status == 0, "\(grant.output)")
        var role = admin
        role.user = name
        role.password = secret
        return role
    }

}
