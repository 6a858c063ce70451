import Algebra
import ChildProcess
import Committer
import Foundation
import Groth16
import Prover
import RollupTypes
import TestSupport
import Storage
import StorageTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Prover workers sharing one database, an SQLite file or a PostgreSQL
/// server: no block proved twice at once, none left behind when a worker
/// dies, bad proofs proved again, and wrong keys refused.
@Suite(.serialized)
struct ProverWorkerTests {
    typealias Fixture = ProverFixture

    /// Runs `workers` until `done` holds, then cancels them.
    static func run(_ workers: [ProverWorker], until done: @escaping () throws -> Bool) async throws -> Bool {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            let finished = try await Poll.until(timeout: .seconds(180), every: .milliseconds(50), done)
            group.cancelAll()
            try await group.waitForAll()
            return finished
        }
    }

    /// A `rollup prover` process on `database` (heartbeat 0.2 s, one
    /// thread), its output going to a log for failure messages.
    static func startWorkerProcess(_ database: DatabaseLocation, name: String, extra: [String] = []) throws -> LoggedProcess {
        try RollupBinary.start(
            ["prover", "--db", database.argument, "--keys", Fixture.keyDirectory, "--name", name, "--heartbeat", "0.2", "--threads", "1"] + extra,
            logName: "rollup-\(name)")
    }

    /// The block the worker process has claimed (and, with `open`, is still
    /// proving) while still running, or nil once it exits or the wait times
    /// out. The poll blocks its thread on purpose: an awaiting poll can be
    /// starved for seconds by the suites running beside it and miss a proof
    /// that takes one or two.
    static func waitForClaim(_ process: LoggedProcess, _ name: String, open: Bool = false, _ connection: any DatabaseConnection) throws -> UInt32? {
        let query = "SELECT block_number FROM prover_runs WHERE prover = ?" + (open ? " AND finished_at IS NULL" : "") + " ORDER BY id DESC"
        var claimed: UInt32?
        _ = try Poll.blockingUntil(timeout: .seconds(240)) {
            claimed = try connection.row(query, [.text(name)]).map { UInt32($0.integer(0)) }
            return claimed != nil || !process.isRunning
        }
        return claimed
    }

    @Test(arguments: TestDatabase.available) func threeWorkersProveAStreamOnceEach(_ backend: TestDatabase) async throws {
        let (database, store, committer) = try await Fixture.chain(transferBlocks: 4, on: backend)
        let last = try #require(try store.lastCommittedBlock()).number
        #expect(last == 5)
        // No worker dies here: a lease far longer than any proof, so that a
        // heartbeat delayed on a loaded machine loses no claim.
        let workers = try (1...3).map { try Fixture.worker(database, name: "worker-\($0)", lease: .seconds(600)) }
        #expect(try await Self.run(workers) { try (1...last).allSatisfy { try store.proof(block: $0) != nil } })

        let connection = try database.connect()
        let runs = try connection.rows("SELECT block_number, COUNT(*), SUM(CASE WHEN outcome = 'proved' THEN 1 ELSE 0 END) FROM prover_runs GROUP BY block_number ORDER BY block_number")
        #expect(runs.map { $0.integer(0) } == (1...Int64(last)).map { $0 })
        #expect(runs.allSatisfy { $0.integer(1) == 1 && $0.integer(2) == 1 }, "a block was claimed twice")
        #expect(Set(try connection.rows("SELECT DISTINCT prover FROM prover_runs").compactMap { $0.text(0) }).count > 1)
        #expect(try committer.applyProvedBlocks() == last)
        let status = try store.proverStatus(now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 3)
        #expect(status.queueDepth == 0 && status.liveProvers.isEmpty && status.recentProofTimes.count == Int(last))
        let registrations = try connection.rows("SELECT stopped_at FROM active_provers")
        #expect(registrations.count == workers.count && registrations.allSatisfy { $0.optionalInteger(0) != nil })
    }

    /// A worker process killed mid-proof: after its lease another worker
    /// takes the block. Three blocks give the kill a wide window.
    @Test(arguments: TestDatabase.available) func aKilledWorkersBlockIsTakenAfterTheLease(_ backend: TestDatabase) async throws {
        let (database, store, _) = try await Fixture.chain(transferBlocks: 2, on: backend)
        let process = try Self.startWorkerProcess(database, name: "victim", extra: ["--lease", "1"])
        let connection = try database.connect()
        let claimed = try Self.waitForClaim(process, "victim", open: true, connection)
        process.stop(SIGKILL)
        let block = try #require(claimed, "the worker process did not claim a block: \(process.outputTail)")
        #expect(try store.proof(block: block) == nil)

        let rescuer = try Fixture.worker(database, name: "rescuer", lease: .seconds(1))
        #expect(try await Self.run([rescuer]) { try (1...3).allSatisfy { try store.proof(block: $0) != nil } })
        let runs = try connection.rows("SELECT prover, outcome, error FROM prover_runs WHERE block_number = ? ORDER BY id", [.integer(Int64(block))])
        #expect(runs.map { $0.text(0) } == ["victim", "rescuer"])
        #expect(runs.map { $0.text(1) } == ["abandoned", "proved"])
        #expect(runs.first?.text(2) == "lease expired")
    }

    /// Leases are timed by the worker's wall clock, a parameter: a block
    /// claimed by a silent worker stays its own while the lease runs, and is
    /// taken by a worker whose clock is past it, without waiting for it.
    @Test(arguments: TestDatabase.available) func aSilentClaimIsTakenOnceTheLeaseHasPassedByTheClaimersClock(_ backend: TestDatabase) async throws {
        let (database, store, _) = try await Fixture.chain(transferBlocks: 1, on: backend)
        // A lease far longer than the test takes on a loaded machine, so that only the late clock passes it.
        let lease: Duration = .seconds(600)
        let leaseMilliseconds = Int64(lease / .milliseconds(1))
        try store.registerProver("silent", now: UnixTime.milliseconds(), lease: leaseMilliseconds)
        let held = try #require(try store.claimBlock(prover: "silent", now: UnixTime.milliseconds(), lease: leaseMilliseconds, maxFailures: 3))

        let punctual = try Fixture.worker(database, name: "punctual", lease: lease)
        let others = (1...2).filter { $0 != held.block }
        #expect(others.count == 1)
        #expect(try await Self.run([punctual]) { try others.allSatisfy { try store.proof(block: UInt32($0)) != nil } })
        #expect(try store.proof(block: held.block) == nil)

        let late = try Fixture.worker(database, name: "late", lease: lease, clockOffset: lease + .seconds(1))
        #expect(try await Self.run([late]) { try store.proof(block: held.block) != nil })
        let connection = try database.connect()
        let runs = try connection.rows("SELECT prover, outcome, error FROM prover_runs WHERE block_number = ? ORDER BY id", [.integer(Int64(held.block))])
        #expect(runs.map { $0.text(0) } == ["silent", "late"])
        #expect(runs.map { $0.text(1) } == ["abandoned", "proved"])
        #expect(runs.first?.text(2) == "lease expired")
    }

    /// Review of December 2026, finding 3: a run written with a heartbeat
    /// ten years ahead used to hold its block for ever. A heartbeat from
    /// further ahead than a lease counts as expired: the block is taken,
    /// and the forged name is not listed as a live prover.
    @Test(arguments: TestDatabase.available) func aClaimWithAHeartbeatFromTheFutureDoesNotHoldTheBlock(_ backend: TestDatabase) async throws {
        let (database, store, _) = try await Fixture.chain(transferBlocks: 0, on: backend)
        let now = UnixTime.milliseconds()
        let decade: Int64 = 10 * 365 * 86_400_000
        let connection = try database.connect()
        try connection.run("INSERT INTO active_provers (name, started_at, heartbeat_at, stopped_at, current_block) VALUES ('evil', ?, ?, NULL, 1)",
                           [.integer(now), .integer(now + decade)])
        try connection.run("INSERT INTO prover_runs (block_number, prover, started_at, heartbeat_at) VALUES (1, 'evil', ?, ?)", [.integer(now), .integer(now + decade)])
        #expect(try store.proverStatus(now: now, lease: 30_000, maxFailures: 3).liveProvers.isEmpty)
        try store.registerProver("honest", now: now, lease: 30_000)
        #expect(try store.claimBlock(prover: "honest", now: now, lease: 30_000, maxFailures: 3)?.block == 1)
        let runs = try connection.rows("SELECT prover, outcome FROM prover_runs WHERE block_number = 1 ORDER BY id")
        #expect(runs.map { $0.text(0) } == ["evil", "honest"] && runs.first?.text(1) == "abandoned")
    }

    /// SIGTERM ends a worker process cleanly: exit 0, its stop recorded, no run left open.
    @Test(arguments: TestDatabase.available) func sigtermStopsAWorkerCleanly(_ backend: TestDatabase) async throws {
        let (database, _, _) = try await Fixture.chain(transferBlocks: 0, on: backend)
        let process = try Self.startWorkerProcess(database, name: "polite")
        let connection = try database.connect()
        #expect(try Self.waitForClaim(process, "polite", connection) != nil, "\(process.outputTail)")
        process.stop(SIGTERM)
        #expect(process.terminationStatus == 0)
        #expect(try connection.row("SELECT stopped_at FROM active_provers WHERE name = 'polite'")?.optionalInteger(0) != nil)
        #expect(try connection.row("SELECT COUNT(*) FROM prover_runs WHERE finished_at IS NULL")?.integer(0) == 0)
    }

    @Test(arguments: TestDatabase.available) func aCorruptStoredProofIsRejectedAndTheBlockProvedAgain(_ backend: TestDatabase) async throws {
        let (database, store, committer) = try await Fixture.chain(transferBlocks: 0, on: backend)
        try store.registerProver("faulty", now: UnixTime.milliseconds(), lease: 0)
        let run = try #require(try store.claimBlock(prover: "faulty", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 3))
        #expect(try store.finishRun(run, proof: #"{"pi_a": ["1", "2", "1"]}"#, error: nil, now: UnixTime.milliseconds()))
        #expect(try committer.applyProvedBlocks() == 0)
        #expect(try store.proof(block: 1) == nil)

        let worker = try Fixture.worker(database, name: "honest")
        #expect(try await Self.run([worker]) { try store.proof(block: 1) != nil })
        #expect(try committer.applyProvedBlocks() == 1)
        let outcomes = try database.connect().rows("SELECT outcome FROM prover_runs WHERE block_number = 1 ORDER BY id").map { $0.text(0) }
        #expect(outcomes == ["failed", "proved"])
    }

    /// One worker alone cannot halt verification: however often it fails a
    /// block, the block is not flagged, and another worker still takes it.
    @Test(arguments: TestDatabase.available) func oneWorkersFailuresDoNotFlagABlock(_ backend: TestDatabase) async throws {
        let (_, store, _) = try await Fixture.chain(transferBlocks: 0, on: backend)
        try store.registerProver("saboteur", now: UnixTime.milliseconds(), lease: 0)
        for _ in 0..<3 {
            let run = try #require(try store.claimBlock(prover: "saboteur", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 3))
            #expect(try store.finishRun(run, proof: nil, error: "refused to prove", now: UnixTime.milliseconds()))
        }
        #expect(try store.proverStatus(now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 3).flaggedBlocks.isEmpty)
        try store.registerProver("honest", now: UnixTime.milliseconds(), lease: 0)
        #expect(try store.claimBlock(prover: "honest", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 3)?.block == 1)
    }

    /// A block whose witness cannot be proved: each worker leaves it after
    /// failing it up to the limit; once a second worker has too, it is
    /// flagged and listed with the reasons, until `rollup blocks retry`
    /// clears the flag.
    @Test(arguments: TestDatabase.available) func aBlockThatKeepsFailingIsFlaggedUntilRetried(_ backend: TestDatabase) async throws {
        let (database, store, _) = try await Fixture.chain(transferBlocks: 0, on: backend)
        let connection = try database.connect()
        try connection.run("UPDATE blocks SET commitment = '1' WHERE number = 1")  // no witness satisfies a wrong commitment
        func status() throws -> ProverStatus { try store.proverStatus(now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 2) }
        func failures() throws -> Int64 { try connection.row("SELECT COUNT(*) FROM prover_runs WHERE outcome = 'failed' AND cleared_at IS NULL")?.integer(0) ?? -1 }
        let first = try Fixture.worker(database, name: "persistent", maxFailures: 2)
        #expect(try await Self.run([first]) { try failures() == 2 })
        #expect(try status().flaggedBlocks.isEmpty)
        #expect(try store.claimBlock(prover: "persistent", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 2) == nil)

        let second = try Fixture.worker(database, name: "another", maxFailures: 2)
        #expect(try await Self.run([second]) { try status().flaggedBlocks.map(\.block) == [1] })
        let flag = try #require(try status().flaggedBlocks.first)
        // Flagged once the second worker too gave up: 4 failures, 2 from each.
        #expect(Set(flag.failures.map(\.prover)) == ["persistent", "another"] && flag.failures.count == 4)
        #expect(flag.failures.allSatisfy { !$0.reason.isEmpty })
        try store.registerProver("third", now: UnixTime.milliseconds(), lease: 0)
        #expect(try store.claimBlock(prover: "third", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 2) == nil)

        let retry = try ChildProcess.run(RollupBinary.path, ["blocks", "retry", "1", "--db", database.argument])
        #expect(retry.status == 0 && retry.output.contains("cleared 4 failed run(s) of block 1"), "\(retry.output)")
        #expect(try status().flaggedBlocks.isEmpty && failures() == 0)
        #expect(try connection.row("SELECT COUNT(*) FROM prover_runs WHERE outcome = 'failed'")?.integer(0) == 4)  // kept as a record
        #expect(try store.claimBlock(prover: "third", now: UnixTime.milliseconds(), lease: 30_000, maxFailures: 2)?.block == 1)
        let unknown = try ChildProcess.run(RollupBinary.path, ["blocks", "retry", "99", "--db", database.argument])
        #expect(unknown.status != 0 && unknown.output.contains("block 99 is not in the database"), "\(unknown.output)")
    }


    @Test func keysForAnotherCircuitAreRefused() throws {
        var other = Fixture.parameters
        other[.transfer] = .init(treeDepth: 4, capacity: 3)
        #expect(throws: BlockProver.Failure.keyForAnotherCircuit(type: .transfer, expected: "transfer-v3-d4-c3", found: "transfer-v3-d4-c2")) {
            try BlockKeySet.load(other, from: Fixture.keyDirectory)
        }
    }
}
