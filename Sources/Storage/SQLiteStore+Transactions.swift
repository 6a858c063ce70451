import RollupTypes

/// Accepted transactions: pending on acceptance, then committed, verified
/// or rejected.
extension SQLiteStore {
    public func insertPending(_ transaction: Transaction, account: AccountID?, receivedAt: Int64) throws {
        let hash = transaction.hash
        do {
            try write { connection in
                try connection.run("""
                    INSERT INTO transactions (hash, sequence, type, body, account_id, status, received_at)
                    VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM transactions), ?, ?, ?, 'pending', ?)
                    """, [.text(hash), .text(Self.typeName(transaction)), .blob(transaction.encoded),
                          account.map { .integer(Int64($0.value)) } ?? .null, .integer(receivedAt)])
            }
        } catch let error as SQLiteError where error.isConstraintViolation {
            throw StorageError.duplicateTransaction(hash)
        }
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
            guard let row = try connection.row(
                "SELECT body, status, reason, block_number, sequence, received_at FROM transactions WHERE hash = ?", [.text(hash)])
            else { return nil }
            let block = UInt32(row.integer(3))
            let status: TransactionStatus
            switch row.text(1) {
            case "pending": status = .pending
            case "committed": status = .committed(block: block)
            case "verified": status = .verified(block: block)
            default: status = .rejected(reason: row.text(2) ?? "")
            }
            return StoredTransaction(
                hash: hash, transaction: try Self.decodeTransaction(row.blob(0)), status: status,
                sequence: row.integer(4), receivedAt: row.integer(5))
        }
    }

    static func typeName(_ transaction: Transaction) -> String {
        switch transaction {
        case .deposit: return "deposit"
        case .transfer, .noop: return "transfer"
        case .exit: return "exit"
        }
    }

    static func decodeTransaction(_ body: [UInt8]?) throws -> Transaction {
        do { return try Transaction(encoded: body ?? []) } catch { throw StorageError.corrupt("transaction body: \(error)") }
    }
}
