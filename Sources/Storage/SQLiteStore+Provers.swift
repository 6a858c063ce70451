import Foundation

/// Prover coordination on SQLite: every step is one write transaction, so
/// workers in other processes on the same file see each other's locks.
extension SQLiteStore: ProverQueue {
    public func registerProver(_ name: String, now: Int64, lease: Int64) throws {
        try writeTransaction { connection in
            if try connection.row(
                "SELECT 1 FROM active_provers WHERE name = ? AND stopped_at IS NULL AND heartbeat_at > ?", [.text(name), .integer(now - lease)]) != nil {
                throw ProverQueueError.nameInUse(name)
            }
            try abandonOpenRuns(of: name, now: now, connection)
            try connection.run("""
                INSERT INTO active_provers (name, started_at, heartbeat_at, stopped_at, current_block) VALUES (?, ?, ?, NULL, NULL)
                ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
                    stopped_at = NULL, current_block = NULL
                """, [.text(name), .integer(now), .integer(now)])
        }
    }

    public func stopProver(_ name: String, now: Int64) throws {
        try writeTransaction { connection in
            try abandonOpenRuns(of: name, now: now, connection)
            try connection.run("UPDATE active_provers SET stopped_at = ?, current_block = NULL WHERE name = ?", [.integer(now), .text(name)])
        }
    }

    public func releaseProvers(namePrefix prefix: String, reason: String, now: Int64) throws -> Int {
        try writeTransaction { connection in
            let pattern = prefix.replacingOccurrences(of: "[", with: "[[]").replacingOccurrences(of: "*", with: "[*]").replacingOccurrences(of: "?", with: "[?]") + "*"
            let released = try connection.run("""
                UPDATE prover_runs SET finished_at = ?, outcome = 'abandoned', error = ? WHERE prover GLOB ? AND finished_at IS NULL
                """, [.integer(now), .text(reason), .text(pattern)])
            try connection.run(
                "UPDATE active_provers SET stopped_at = ?, current_block = NULL WHERE name GLOB ? AND stopped_at IS NULL",
                [.integer(now), .text(pattern)])
            return released
        }
    }

    public func claimBlock(prover: String, now: Int64, lease: Int64, maxFailures: Int) throws -> ProverRun? {
        try writeTransaction { connection in
            guard let row = try connection.row("""
                SELECT b.number FROM blocks b
                WHERE b.verified_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM proofs p WHERE p.block_number = b.number)
                  AND NOT EXISTS (SELECT 1 FROM prover_runs r WHERE r.block_number = b.number AND r.finished_at IS NULL AND r.heartbeat_at > ?)
                  AND (SELECT COUNT(*) FROM prover_runs r WHERE r.block_number = b.number AND r.outcome = 'failed') < ?
                ORDER BY b.number LIMIT 1
                """, [.integer(now - lease), .integer(Int64(maxFailures))])
            else { return nil }
            let block = row.integer(0)
            try connection.run("""
                UPDATE prover_runs SET finished_at = ?, outcome = 'abandoned', error = 'lease expired'
                WHERE block_number = ? AND finished_at IS NULL
                """, [.integer(now), .integer(block)])
            try connection.run(
                "INSERT INTO prover_runs (block_number, prover, started_at, heartbeat_at) VALUES (?, ?, ?, ?)",
                [.integer(block), .text(prover), .integer(now), .integer(now)])
            let id = connection.lastInsertedRowID
            try connection.run("UPDATE active_provers SET current_block = ?, heartbeat_at = ? WHERE name = ?", [.integer(block), .integer(now), .text(prover)])
            return ProverRun(id: id, block: UInt32(block), prover: prover)
        }
    }

    public func heartbeat(prover: String, run: Int64?, now: Int64) throws -> Bool {
        try writeTransaction { connection in
            try connection.run("UPDATE active_provers SET heartbeat_at = ? WHERE name = ?", [.integer(now), .text(prover)])
            guard let run else { return true }
            return try connection.run(
                "UPDATE prover_runs SET heartbeat_at = ? WHERE id = ? AND finished_at IS NULL", [.integer(now), .integer(run)]) == 1
        }
    }

    public func finishRun(_ run: ProverRun, proof: String?, error: String?, now: Int64) throws {
        try writeTransaction { connection in
            if let proof { try Self.insertProof(block: run.block, proof: proof, prover: run.prover, now: now, connection) }
            try connection.run("""
                UPDATE prover_runs SET finished_at = ?, heartbeat_at = ?, outcome = ?, error = ? WHERE id = ?
                """, [.integer(now), .integer(now), .text(proof != nil ? "proved" : "failed"), error.map { .text($0) } ?? .null, .integer(run.id)])
            try connection.run("UPDATE active_provers SET current_block = NULL, heartbeat_at = ? WHERE name = ?", [.integer(now), .text(run.prover)])
        }
    }

    public func proverStatus(now: Int64, lease: Int64, maxFailures: Int) throws -> ProverStatus {
        try read { connection in
            try connection.transaction(writing: false) {
                let queue = try connection.row("""
                    SELECT COUNT(*) FROM blocks b WHERE b.verified_at IS NULL AND NOT EXISTS (SELECT 1 FROM proofs p WHERE p.block_number = b.number)
                    """)?.integer(0) ?? 0
                let live = try connection.rows(
                    "SELECT name, current_block FROM active_provers WHERE stopped_at IS NULL AND heartbeat_at > ? ORDER BY name", [.integer(now - lease)])
                let flagged = try connection.rows("""
                    SELECT block_number FROM prover_runs WHERE outcome = 'failed' GROUP BY block_number HAVING COUNT(*) >= ? ORDER BY block_number
                    """, [.integer(Int64(maxFailures))])
                let times = try connection.rows("""
                    SELECT block_number, finished_at - started_at FROM prover_runs WHERE outcome = 'proved' ORDER BY id DESC LIMIT 20
                    """)
                return ProverStatus(
                    queueDepth: Int(queue), liveProvers: live.map { ($0.text(0) ?? "", $0.optionalInteger(1).map { UInt32($0) }) },
                    flaggedBlocks: flagged.map { UInt32($0.integer(0)) }, recentProofTimes: times.map { (UInt32($0.integer(0)), $0.integer(1)) })
            }
        }
    }

    private func abandonOpenRuns(of prover: String, now: Int64, _ connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE prover_runs SET finished_at = ?, outcome = 'abandoned', error = 'the worker stopped' WHERE prover = ? AND finished_at IS NULL
            """, [.integer(now), .text(prover)])
    }
}
