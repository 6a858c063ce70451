import Algebra
import Committer
import Foundation
import Primitives
import RollupTypes
import TestSupport
import Storage
import StorageTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A child process accepts and seals transactions into a real database (an
/// SQLite file, a PostgreSQL server) and is killed with SIGKILL at random
/// points, then restarted. Nothing it
/// acknowledged is lost, the blocks chain root to root, and the restarted
/// state matches the last committed block.
struct CrashTests {
    /// Runs the workload until it has printed `acknowledgements` lines (or
    /// exited), then kills it with SIGKILL; returns the hashes it acknowledged.
    /// Its standard error goes to `log` (the last run's, for a failure message).
    static func runAndKill(database: DatabaseLocation, after acknowledgements: Int, log: URL? = nil) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RollupBinary.path)
        process.arguments = ["storage-workload", "--db", database.argument]
        let output = Pipe()
        process.standardOutput = output
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        var acknowledged = [String]()
        var buffer = Data()
        let reader = output.fileHandleForReading
        while acknowledged.count < acknowledgements {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // the child exited
            buffer += chunk
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                if line.hasPrefix("ACK ") { acknowledged.append(String(line.dropFirst(4))) }
            }
        }
        usleep(UInt32.random(in: 0...20_000))  // let it run on into a random point of its next step
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return acknowledged
    }

    @Test(arguments: TestDatabase.available) func killedWorkloadsLoseNothingAcknowledged(_ backend: TestDatabase) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RollupBinary.path), "build the rollup product first (swift build -c release)")
        let database = try backend.fresh()
        var acknowledged = [String]()
        // The kill points, in every failure message: a failing run can be replayed with them.
        let killPoints = (0..<8).map { _ in Int.random(in: 1...400) }
        let replay = "kill points \(killPoints)"
        for point in killPoints {
            acknowledged += try Self.runAndKill(database: database, after: point)
        }
        #expect(acknowledged.count > 8, "\(replay)")

        let store = try DatabaseStore(database)
        for hash in acknowledged {
            let stored = try store.transaction(hash: hash)
            #expect(stored != nil, "acknowledged \(hash) was lost; \(replay)")
        }
        // Blocks are numbered 1…n and chain root to root: none lost, none applied twice.
        let connection = try database.connect()
        let blocks = try connection.rows("SELECT number, old_root, new_root FROM blocks ORDER BY number")
        try #require(!blocks.isEmpty, "no block was committed; \(replay)")
        for (index, row) in blocks.enumerated() {
            #expect(row.integer(0) == Int64(index + 1), "\(replay)")
            if index > 0 { #expect(row.text(1) == blocks[index - 1].text(2), "block \(index + 1) does not start where block \(index) ended; \(replay)") }
        }
        // No slot holds two transactions (a transaction's hash is the table's
        // key, so a double commit can only show as two in one slot), and
        // every committed transaction has a slot of its block.
        let sharedSlots = try #require(try connection.row("""
            SELECT COUNT(*) FROM (SELECT block_number, slot FROM transactions WHERE block_number IS NOT NULL
                                  GROUP BY block_number, slot HAVING COUNT(*) > 1) AS shared
            """))
        #expect(sharedSlots.integer(0) == 0, "\(replay)")
        let outsideTheirBlock = try #require(try connection.row("""
            SELECT COUNT(*) FROM transactions t JOIN blocks b ON b.number = t.block_number
            WHERE t.slot IS NULL OR t.slot < 0 OR t.slot >= b.slot_count
            """))
        #expect(outsideTheirBlock.integer(0) == 0, "\(replay)")
        // A restart from what the kills left rebuilds the last committed root.
        let tree = try AccountTree(depth: 12, accounts: try store.committedAccounts())
        let last = try #require(try store.lastCommittedBlock())
        #expect(tree.root == last.newRoot, "\(replay)")
        let log = ScratchDirectory.path("storage-workload", extension: ".log")
        let resumed = try Self.runAndKill(database: database, after: 5, log: log)
        let said = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        #expect(resumed.count == 5, "the restarted workload acknowledged \(resumed.count); it said: \(said.suffix(2_000))")
    }
}
