import Foundation

/// Prover coordination: every step is one write transaction, so workers in
/// other processes, or on other machines sharing a PostgreSQL server, see
/// each other's locks. A claim locks the block (on PostgreSQL with an
/// advisory lock taken without waiting, ``SQLDialect/claimLock``, so that
/// concurrent claims take different blocks, and a prover needs no right to
/// write `blocks`), and looks again, under that lock, for a live run or a
/// proof that committed meanwhile.
extension DatabaseStore: ProverQueue {
    /// A heartbeat that still holds a claim or a name: within the lease, and
    /// not from further in the future than a lease (a clock ahead by more,
    /// or a row written to hold a block for ever, counts as expired). Takes
    /// two parameters: now − lease and now + lease (``liveBounds(now:lease:)``).
    static func liveHeartbeat(_ column: String) -> String { "\(column) > ? AND \(column) <= ?" }

    static func liveBounds(now: Int64, lease: Int64) -> [DatabaseValue] { [.integer(now - lease), .integer(now + lease)] }

    /// Candidates a claim passes over (taken by a claim that committed
    /// while it looked) before it reports no block.
    static let claimAttempts = 16

    public func clock() throws -> Int64 {
        guard let query = location.dialect.clockQuery else { return UnixTime.milliseconds() }
        return try read { connection in
            guard let now = try connection.row(query)?.optionalInteger(0) else { throw StorageError.corrupt("the database's clock gave no time") }
            return now
        }
    }

    public func registerProver(_ name: String, now: Int64, lease: Int64) throws {
        try writeTransaction { connection in
            if try connection.row(
                "SELECT 1 FROM active_provers WHERE name = ? AND stopped_at IS NULL AND \(Self.liveHeartbeat("heartbeat_at"))",
                [.text(name)] + Self.liveBounds(now: now, lease: lease)) != nil {
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
            let released = try connection.run("""
                UPDATE prover_runs SET finished_at = ?1, outcome = 'abandoned', error = ?2
                WHERE substr(prover, 1, length(?3)) = ?3 AND finished_at IS NULL
                """, [.integer(now), .text(reason), .text(prefix)])
            try connection.run(
                "UPDATE active_provers SET stopped_at = ?1, current_block = NULL WHERE substr(name, 1, length(?2)) = ?2 AND stopped_at IS NULL",
                [.integer(now), .text(prefix)])
            return released
        }
    }

    /// A run no later run of its block replaced. A claim marks the stale
    /// open runs it takes over 'abandoned', but on PostgreSQL a prover's
    /// role may update only its own runs (migrations/0008), so a run of
    /// another role stays open: its worker learns it lost the block by this.
    static let notSuperseded = """
        NOT EXISTS (SELECT 1 FROM prover_runs later WHERE later.block_number = prover_runs.block_number AND later.id > prover_runs.id)
        """

    /// Whether block `b` is flagged: at least two workers (by role on
    /// PostgreSQL, ``SQLDialect/runWorker``) have each failed it, in runs
    /// that still count, as often as the limit (one parameter): both gave
    /// up on it. One worker, or one role under any names, cannot flag a
    /// block alone.
    static func flagged(_ dialect: SQLDialect) -> String {
        // A second group that reached the limit exists.
        "EXISTS (SELECT \(dialect.runWorker) \(countedFailures) GROUP BY 1 HAVING COUNT(*) >= ? LIMIT 1 OFFSET 1)"
    }

    /// A block's failed runs that still count (not cleared by `rollup
    /// blocks retry`), for a query over `blocks b`.
    static let countedFailures = "FROM prover_runs f WHERE f.block_number = b.number AND f.outcome = 'failed' AND f.cleared_at IS NULL"

    public func claimBlock(prover: String, now: Int64, lease: Int64, maxFailures: Int) throws -> ProverRun? {
        try writeTransaction { connection in
            var after: Int64 = 0
            for _ in 0..<Self.claimAttempts {
                // Not flagged, and not failed `maxFailures` times by this
                // worker itself, which then leaves the block to the others.
                guard let row = try connection.row("""
                    SELECT b.number FROM blocks b
                    WHERE b.number > ? AND b.verified_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM proofs p WHERE p.block_number = b.number)
                      AND NOT EXISTS (SELECT 1 FROM prover_runs r WHERE r.block_number = b.number AND r.finished_at IS NULL AND \(Self.liveHeartbeat("r.heartbeat_at")))
                      AND NOT \(Self.flagged(connection.dialect))
                      AND (SELECT COUNT(*) \(Self.countedFailures) AND f.prover = ?) < ?
                    ORDER BY b.number LIMIT 1
                    """, [.integer(after)] + Self.liveBounds(now: now, lease: lease) + [.integer(Int64(maxFailures)), .text(prover), .integer(Int64(maxFailures))])
                else { return nil }
                let block = row.integer(0)
                if let lock = connection.dialect.claimLock, try connection.row(lock, [.integer(block & 0x7FFF_FFFF)])?.integer(0) != 1 {
                    after = block
                    continue
                }
                // Under the block's lock, a new statement sees every claim
                // and proof committed before the lock was taken.
                if try connection.row("""
                    SELECT 1 FROM proofs WHERE block_number = ?
                    UNION ALL SELECT 1 FROM prover_runs WHERE block_number = ? AND finished_at IS NULL AND \(Self.liveHeartbeat("heartbeat_at"))
                    """, [.integer(block), .integer(block)] + Self.liveBounds(now: now, lease: lease)) != nil {
                    after = block
                    continue
                }
                try connection.run("""
                    UPDATE prover_runs SET finished_at = ?, outcome = 'abandoned', error = 'lease expired'
                    WHERE block_number = ? AND finished_at IS NULL
                    """, [.integer(now), .integer(block)])
                guard let id = try connection.row(
                    "INSERT INTO prover_runs (block_number, prover, started_at, heartbeat_at) VALUES (?, ?, ?, ?) RETURNING id",
                    [.integer(block), .text(prover), .integer(now), .integer(now)])?.optionalInteger(0)
                else { throw StorageError.corrupt("a new prover run has no id") }
                try connection.run("UPDATE active_provers SET current_block = ?, heartbeat_at = ? WHERE name = ?", [.integer(block), .integer(now), .text(prover)])
                return ProverRun(id: id, block: UInt32(block), prover: prover)
            }
            return nil
        }
    }

    public func heartbeat(prover: String, run: Int64?, now: Int64) throws -> Bool {
        try writeTransaction { connection in
            try connection.run("UPDATE active_provers SET heartbeat_at = ? WHERE name = ?", [.integer(now), .text(prover)])
            guard let run else { return true }
            return try connection.run(
                "UPDATE prover_runs SET heartbeat_at = ? WHERE id = ? AND finished_at IS NULL AND \(Self.notSuperseded)", [.integer(now), .integer(run)]) == 1
        }
    }

    @discardableResult
    public func finishRun(_ run: ProverRun, proof: String?, error: String?, now: Int64) throws -> Bool {
        try writeTransaction { connection in
            try connection.run("UPDATE active_provers SET current_block = NULL, heartbeat_at = ? WHERE name = ?", [.integer(now), .text(run.prover)])
            // A run another worker took over after its lease is finished
            // already ('abandoned'): its late proof is not stored.
            guard try connection.run("""
                UPDATE prover_runs SET finished_at = ?, heartbeat_at = ?, outcome = ?, error = ? WHERE id = ? AND finished_at IS NULL
                    AND \(Self.notSuperseded)
                """, [.integer(now), .integer(now), .text(proof != nil ? "proved" : "failed"), error.map { .text($0) } ?? .null, .integer(run.id)]) == 1
            else { return false }
            if let proof { try Self.insertProof(block: run.block, proof: proof, prover: run.prover, now: now, connection) }
            return true
        }
    }

    public func proverStatus(now: Int64, lease: Int64, maxFailures: Int) throws -> ProverStatus {
        try read { connection in
            try connection.transaction(writing: false) {
                let queue = try connection.row("""
                    SELECT COUNT(*) FROM blocks b WHERE b.verified_at IS NULL AND NOT EXISTS (SELECT 1 FROM proofs p WHERE p.block_number = b.number)
                    """)?.integer(0) ?? 0
                let live = try connection.rows("""
                    SELECT a.name, a.current_block, a.heartbeat_at, r.started_at FROM active_provers a
                    LEFT JOIN prover_runs r ON r.prover = a.name AND r.block_number = a.current_block AND r.finished_at IS NULL
                    WHERE a.stopped_at IS NULL AND \(Self.liveHeartbeat("a.heartbeat_at")) ORDER BY a.name
                    """, Self.liveBounds(now: now, lease: lease))
                let flagged = try connection.rows("""
                    SELECT b.number FROM blocks b WHERE b.verified_at IS NULL
                      AND \(Self.flagged(connection.dialect))
                    ORDER BY b.number LIMIT 100
                    """, [.integer(Int64(maxFailures))]).map { UInt32($0.integer(0)) }
                var failures = [UInt32: [ProverStatus.Failure]]()
                if let first = flagged.first, let last = flagged.last {
                    for row in try connection.rows("""
                        SELECT block_number, prover, error FROM prover_runs
                        WHERE block_number >= ? AND block_number <= ? AND outcome = 'failed' AND cleared_at IS NULL ORDER BY id
                        """, [.integer(Int64(first)), .integer(Int64(last))]) {
                        failures[UInt32(row.integer(0)), default: []].append(ProverStatus.Failure(prover: row.text(1) ?? "", reason: row.text(2) ?? ""))
                    }
                }
                let times = try connection.rows("""
                    SELECT block_number, finished_at - started_at FROM prover_runs WHERE outcome = 'proved' ORDER BY id DESC LIMIT 20
                    """)
                return ProverStatus(
                    queueDepth: Int(queue), liveProvers: live.map {
                        ProverStatus.LiveProver(
                            name: $0.text(0) ?? "", block: $0.optionalInteger(1).map { UInt32($0) }, heartbeatAge: max(0, now - $0.integer(2)),
                            claimAge: $0.optionalInteger(3).map { max(0, now - $0) })
                    },
                    flaggedBlocks: flagged.map { ($0, failures[$0] ?? []) }, recentProofTimes: times.map { (UInt32($0.integer(0)), $0.integer(1)) })
            }
        }
    }

    public func clearFailures(block: UInt32, now: Int64) throws -> Int {
        try writeTransaction { connection in
            guard try connection.row("SELECT 1 FROM blocks WHERE number = ?", [.integer(Int64(block))]) != nil else {
                throw StorageError.unknownBlock(block)
            }
            return try connection.run(
                "UPDATE prover_runs SET cleared_at = ? WHERE block_number = ? AND outcome = 'failed' AND cleared_at IS NULL",
                [.integer(now), .integer(Int64(block))])
        }
    }

    private func abandonOpenRuns(of prover: String, now: Int64, _ connection: any DatabaseConnection) throws {
        try connection.run("""
            UPDATE prover_runs SET finished_at = ?, outcome = 'abandoned', error = 'the worker stopped' WHERE prover = ? AND finished_at IS NULL
            """, [.integer(now), .text(prover)])
    }
}
