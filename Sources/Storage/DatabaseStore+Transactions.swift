import RollupTypes

/// Accepted transactions: pending on acceptance, then committed, verified
/// or rejected.
extension DatabaseStore {
    public func insertPending(_ transaction: Transaction, account: AccountID?, receivedAt: Int64) throws {
        do {
            try write { connection in try Self.insert(transaction, account: account, receivedAt: receivedAt, connection) }
        } catch let error as any DatabaseFailure where error.isConstraintViolation {
            throw StorageError.duplicateTransaction(transaction.hash)
        }
    }

    /// Stores a batch of accepted transactions in one database transaction
    /// (group commit), as multi-row inserts (one round trip per
    /// `insertChunk` rows, which counts on a server). A hash already stored
    /// is left as it is (a batch retried after a lost answer), except one
    /// that was rejected: accepted again now, it is pending again.
    public func insertPending(_ batch: [(Transaction, AccountID?, Int64)]) throws {
        var seen = Set<String>()
        let batch = batch.filter { seen.insert($0.0.hash).inserted }
        guard !batch.isEmpty else { return }
        try writeTransaction { connection in
            var next = (try connection.row("SELECT COALESCE(MAX(sequence), 0) FROM transactions")?.integer(0) ?? 0) + 1
            for start in stride(from: 0, to: batch.count, by: Self.insertChunk) {
                let chunk = batch[start..<min(start + Self.insertChunk, batch.count)]
                var values = [DatabaseValue]()
                values.reserveCapacity(chunk.count * 7)
                for (transaction, account, receivedAt) in chunk {
                    values += Self.columns(transaction, account: account, receivedAt: receivedAt, sequence: next)
                    next += 1
                }
                try connection.run("""
                    \(Self.insertColumns)
                    VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, 'pending', ?)", count: chunk.count).joined(separator: ", "))
                    ON CONFLICT (hash) DO UPDATE SET status = 'pending', reason = NULL, sequence = excluded.sequence,
                        account_id = excluded.account_id, received_at = excluded.received_at
                    WHERE transactions.status = 'rejected'
                    """, values)
            }
        }
    }

    /// Rows per multi-row insert (7 parameters each; PostgreSQL takes
    /// 65,535 parameters, SQLite 32,766).
    static let insertChunk = 500

    /// The insert's head: the columns every row gives, in order.
    static let insertColumns = "INSERT INTO transactions (hash, sequence, type, body, account_id, recipient_id, status, received_at)"

    static func insert(_ transaction: Transaction, account: AccountID?, receivedAt: Int64, _ connection: any DatabaseConnection) throws {
        let next = (try connection.row("SELECT COALESCE(MAX(sequence), 0) FROM transactions")?.integer(0) ?? 0) + 1
        try connection.run(
            "\(insertColumns) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
            columns(transaction, account: account, receivedAt: receivedAt, sequence: next))
    }

    /// The bound values of one row of a multi-row insert, in column order.
    static func columns(_ transaction: Transaction, account: AccountID?, receivedAt: Int64, sequence: Int64) -> [DatabaseValue] {
        [.text(transaction.hash), .integer(sequence), .text(transaction.blockType.rawValue), .blob(transaction.encoded),
         (transaction.kind?.primaryAccount ?? account).map { .integer(Int64($0.value)) } ?? .null,
         transaction.kind?.counterparty.map { .integer(Int64($0.value)) } ?? .null, .integer(receivedAt)]
    }

    public func markRejected(_ rejections: [(hash: String, reason: String)]) throws {
        guard !rejections.isEmpty else { return }
        try writeTransaction { connection in
            for (hash, reason) in rejections {
                try connection.run(
                    "UPDATE transactions SET status = 'rejected', reason = ? WHERE hash = ? AND status = 'pending'",
                    [.text(reason), .text(hash)])
            }
        }
    }

    public func pendingRows() throws -> [PendingRow] {
        try read { connection in
            try connection.rows("SELECT hash, body FROM transactions WHERE status = 'pending' ORDER BY sequence").map {
                PendingRow(hash: $0.text(0) ?? "", body: $0.blob(1) ?? [])
            }
        }
    }

    public func transaction(hash: String) throws -> StoredTransaction? {
        try read { connection in
            try connection.row("SELECT \(Self.transactionColumns) FROM transactions WHERE hash = ?", [.text(hash)]).map(Self.storedTransaction)
        }
    }

    public func transactions(account: AccountID, before: Int64?, limit: Int) throws -> [StoredTransaction] {
        try read { connection in
            try connection.rows("""
                SELECT \(Self.transactionColumns) FROM transactions
                WHERE (account_id = ?1 OR recipient_id = ?1) AND sequence < ?2 ORDER BY sequence DESC LIMIT ?3
                """, [.integer(Int64(account.value)), .integer(before ?? .max), .integer(Int64(limit))]).map(Self.storedTransaction)
        }
    }

    static let transactionColumns = "hash, body, status, reason, block_number, sequence, received_at, account_id"

    static func storedTransaction(_ row: DatabaseRow) throws -> StoredTransaction {
        let block = UInt32(row.integer(4))
        let status: TransactionStatus
        switch row.text(2) {
        case "pending": status = .pending
        case "committed": status = .committed(block: block)
        case "verified": status = .verified(block: block)
        default: status = .rejected(reason: row.text(3) ?? "")
        }
        return StoredTransaction(
            hash: row.text(0) ?? "", transaction: try decodeTransaction(row.blob(1)), status: status,
            account: try row.optionalInteger(7).map { try AccountID(Int($0)) }, sequence: row.integer(5), receivedAt: row.integer(6))
    }

    static func decodeTransaction(_ body: [UInt8]?) throws -> Transaction {
        do { return try Transaction(encoded: body ?? []) } catch { throw StorageError.corrupt("transaction body: \(error)") }
    }
}
