import RollupTypes

/// Accepted transactions: pending on acceptance, then committed, verified
/// or rejected.
extension DatabaseStore {
    public func insertPending(_ transaction: Transaction, account: AccountID?, receivedAt: Int64) throws {
        do {
            try write { connection in try Self.insert(transaction, account: account, receivedAt: receivedAt, orIgnore: false, connection) }
        } catch let error as any DatabaseFailure where error.isConstraintViolation {
            throw StorageError.duplicateTransaction(transaction.hash)
        }
    }

    /// Stores a batch of accepted transactions in one database transaction
    /// (group commit); a hash already stored is left as it is.
    public func insertPending(_ batch: [(Transaction, AccountID?, Int64)]) throws {
        try writeTransaction { connection in
            for (transaction, account, receivedAt) in batch {
                try Self.insert(transaction, account: account, receivedAt: receivedAt, orIgnore: true, connection)
            }
        }
    }

    static func insert(_ transaction: Transaction, account: AccountID?, receivedAt: Int64, orIgnore: Bool, _ connection: any DatabaseConnection) throws {
        try connection.run("""
            INSERT INTO transactions (hash, sequence, type, body, account_id, recipient_id, status, received_at)
            VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM transactions), ?, ?, ?, ?, 'pending', ?)
            \(orIgnore ? "ON CONFLICT DO NOTHING" : "")
            """, [.text(transaction.hash), .text(transaction.blockType.rawValue), .blob(transaction.encoded),
                  (transaction.kind?.primaryAccount ?? account).map { .integer(Int64($0.value)) } ?? .null,
                  transaction.kind?.counterparty.map { .integer(Int64($0.value)) } ?? .null, .integer(receivedAt)])
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

    public func pendingTransactions() throws -> [Transaction] {
        try read { connection in
            try connection.rows("SELECT body FROM transactions WHERE status = 'pending' ORDER BY sequence").map {
                try Self.decodeTransaction($0.blob(0))
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
