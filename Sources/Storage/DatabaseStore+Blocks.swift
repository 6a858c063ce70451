import Algebra
import RollupTypes

/// Sealed blocks with their witnesses, proofs, and the verified state.
extension DatabaseStore {
    public func commit(_ block: SealedBlock) throws {
        try writeTransaction { connection in
            let expected = (try Self.lastCommittedNumber(connection) ?? 0) + 1
            guard block.number == expected else { throw StorageError.blockOutOfOrder(expected: expected, got: block.number) }
            try connection.run("""
                INSERT INTO blocks (number, type, slot_count, old_root, new_root, total_fee, pubdata, authority, commitment, committed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(Int64(block.number)), .text(block.type.rawValue), .integer(Int64(block.transactions.count)),
                      .text(block.oldRoot.decimalString), .text(block.newRoot.decimalString), .text(String(block.totalFee)),
                      .blob(block.pubdata), .blob(block.authority), .text(block.commitment.decimalString), .integer(UnixTime.milliseconds())])
            try Self.insertSpentSequences(block.transactions.compactMap { $0.kind?.spentBridgeSequence }, block: block.number, connection)
            // Its transactions committed, and its account writes, each in one statement.
            let slots = block.transactions.enumerated().filter { $0.element != .noop }
            if !slots.isEmpty {
                var values: [DatabaseValue] = [.integer(Int64(block.number))]
                for (slot, transaction) in slots {
                    values += [.text(transaction.hash), .integer(Int64(slot)), block.assignedAccounts[slot].map { .integer(Int64($0.value)) } ?? .null]
                }
                let changed = try connection.run("""
                    UPDATE transactions SET status = 'committed', block_number = ?, slot = v.column2, account_id = COALESCE(v.column3, account_id)
                    FROM (VALUES \(Array(repeating: "(?, CAST(? AS BIGINT), CAST(? AS BIGINT))", count: slots.count).joined(separator: ", "))) AS v
                    WHERE transactions.hash = v.column1 AND transactions.status = 'pending'
                    """, values)
                if changed != slots.count {
                    let stored = Set(try connection.rows(
                        "SELECT hash FROM transactions WHERE block_number = ?", [.integer(Int64(block.number))]).compactMap { $0.text(0) })
                    let missing = slots.first { !stored.contains($0.element.hash) }?.element.hash ?? ""
                    throw StorageError.unknownTransaction(missing)
                }
            }
            let writes = block.updates.enumerated().flatMap { slot, updates in updates.map { (Optional(slot), $0) } }
                + (block.feeUpdate.map { [(nil, $0)] } ?? [])
            if !writes.isEmpty {
                var values = [DatabaseValue]()
                for (position, (slot, update)) in writes.enumerated() {
                    values += [.integer(Int64(block.number)), .integer(Int64(position)), slot.map { .integer(Int64($0)) } ?? .null,
                               .integer(Int64(update.account.value)), update.before.map { .blob(StoredAccount.encode($0)) } ?? .null,
                               .blob(StoredAccount.encode(update.after)), .blob(update.path.siblings.flatMap(\.bigEndianBytes))]
                }
                try connection.run("""
                    INSERT INTO account_updates (block_number, position, slot, account_id, before, after, siblings)
                    VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: writes.count).joined(separator: ", "))
                    """, values)
            }
        }
    }

    public func lastCommittedBlock() throws -> (number: UInt32, newRoot: Fr)? {
        try read { connection in
            guard let row = try connection.row("SELECT number, new_root FROM blocks ORDER BY number DESC LIMIT 1") else { return nil }
            return (UInt32(row.integer(0)), try Self.field(row.text(1), "blocks.new_root"))
        }
    }

    public func lastVerifiedBlock() throws -> UInt32 {
        try read { connection in try Self.lastVerifiedNumber(connection) }
    }

    public func sealedBlock(_ number: UInt32) throws -> SealedBlock? {
        try read { connection in
            guard let row = try connection.row("""
                SELECT type, slot_count, old_root, new_root, total_fee, pubdata, commitment, authority FROM blocks WHERE number = ?
                """, [.integer(Int64(number))])
            else { return nil }
            guard let chain = try Self.configuration(connection) else { throw StorageError.corrupt("block \(number) is stored, but server_config has no chain") }
            guard let type = row.text(0).flatMap(BlockType.init(rawValue:)), let totalFee = row.text(4).flatMap(UInt128.init)
            else { throw StorageError.corrupt("block \(number) has an invalid type or fee") }
            let slotCount = Int(row.integer(1))
            var transactions = [Transaction](repeating: .noop, count: slotCount)
            for stored in try connection.rows("SELECT slot, body FROM transactions WHERE block_number = ? ORDER BY slot", [.integer(Int64(number))]) {
                let slot = Int(stored.integer(0))
                guard slot < slotCount else { throw StorageError.corrupt("block \(number) has a transaction in slot \(slot)") }
                transactions[slot] = try Self.decodeTransaction(stored.blob(1))
            }
            var updates = [[AccountUpdate]](repeating: [], count: slotCount)
            var feeUpdate: AccountUpdate?
            for stored in try connection.rows("""
                SELECT slot, account_id, before, after, siblings
                FROM account_updates WHERE block_number = ? ORDER BY position
                """, [.integer(Int64(number))]) {
                let update = try Self.decodeUpdate(stored)
                if let slot = stored.optionalInteger(0) {
                    guard slot < slotCount else { throw StorageError.corrupt("block \(number) has an update in slot \(slot)") }
                    updates[Int(slot)].append(update)
                } else {
                    feeUpdate = update
                }
            }
            let opensAccounts = TransactionKinds.kind(of: type).opensAccounts
            let assigned = (0..<slotCount).map { opensAccounts && transactions[$0] != .noop ? updates[$0].first?.account : nil }
            return SealedBlock(
                chainID: chain.chainID, number: number, type: type, oldRoot: try Self.field(row.text(2), "old_root"),
                newRoot: try Self.field(row.text(3), "new_root"), totalFee: totalFee, transactions: transactions, updates: updates,
                feeUpdate: feeUpdate, pubdata: row.blob(5) ?? [], authority: row.blob(7) ?? [], commitment: try Self.field(row.text(6), "commitment"),
                assignedAccounts: assigned)
        }
    }

    public func storeProof(block: UInt32, proof: String, prover: String?) throws {
        try write { connection in try Self.insertProof(block: block, proof: proof, prover: prover, now: UnixTime.milliseconds(), connection) }
    }

    static func insertProof(block: UInt32, proof: String, prover: String?, now: Int64, _ connection: any DatabaseConnection) throws {
        try connection.run(
            """
            INSERT INTO proofs (block_number, proof, prover, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (block_number) DO UPDATE SET proof = excluded.proof, prover = excluded.prover, created_at = excluded.created_at
            """,
            [.integer(Int64(block)), .text(proof), prover.map { .text($0) } ?? .null, .integer(now)])
    }

    public func proof(block: UInt32) throws -> String? {
        try read { connection in try connection.row("SELECT proof FROM proofs WHERE block_number = ?", [.integer(Int64(block))])?.text(0) }
    }

    public func proofRecord(block: UInt32) throws -> ProofRecord? {
        try read { connection in
            try connection.row("""
                SELECT p.prover, (SELECT r.finished_at - r.started_at FROM prover_runs r
                                  WHERE r.block_number = p.block_number AND r.outcome = 'proved' ORDER BY r.id DESC LIMIT 1)
                FROM proofs p WHERE p.block_number = ?
                """, [.integer(Int64(block))]).map { ProofRecord(prover: $0.text(0), milliseconds: $0.optionalInteger(1)) }
        }
    }

    public func deleteProof(block: UInt32) throws {
        try writeTransaction { connection in
            try connection.run("DELETE FROM proofs WHERE block_number = ?", [.integer(Int64(block))])
            // The run that stored it counts as failed, towards the retry limit.
            try connection.run("""
                UPDATE prover_runs SET outcome = 'failed', error = 'the stored proof did not verify'
                WHERE block_number = ? AND outcome = 'proved'
                """, [.integer(Int64(block))])
        }
    }

    public func markVerified(block number: UInt32, writes: [(AccountID, Account)]) throws {
        try writeTransaction { connection in
            let expected = try Self.lastVerifiedNumber(connection) + 1
            guard number == expected else { throw StorageError.blockOutOfOrder(expected: expected, got: number) }
            guard try connection.row("SELECT 1 FROM blocks WHERE number = ?", [.integer(Int64(number))]) != nil else {
                throw StorageError.unknownBlock(number)
            }
            for (id, account) in writes {
                try Self.upsertVerified(id, account, block: number, connection)
            }
            try connection.run("UPDATE blocks SET verified_at = ? WHERE number = ?", [.integer(UnixTime.milliseconds()), .integer(Int64(number))])
            try connection.run("UPDATE transactions SET status = 'verified' WHERE block_number = ?", [.integer(Int64(number))])
        }
    }

    public func appendFollowed(_ blocks: [FollowedBlock]) throws {
        guard !blocks.isEmpty else { return }
        try writeTransaction { connection in
            var last = try Self.lastCommittedNumber(connection) ?? 0
            guard try Self.lastVerifiedNumber(connection) == last else { throw StorageError.unverifiedBlocks(last) }
            let now = UnixTime.milliseconds()
            for block in blocks {
                guard block.number == last + 1 else { throw StorageError.blockOutOfOrder(expected: last + 1, got: block.number) }
                try connection.run("""
                    INSERT INTO blocks (number, type, slot_count, old_root, new_root, total_fee, pubdata, authority, commitment, committed_at, verified_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(Int64(block.number)), .text(block.type.rawValue), .integer(Int64(block.slotCount)),
                          .text(block.oldRoot.decimalString), .text(block.newRoot.decimalString), .text(String(block.totalFee)),
                          .blob(block.pubdata), .blob(block.authority), .text(block.commitment.decimalString), .integer(block.committedAt), .integer(now)])
                try Self.insertSpentSequences(block.spentSequences, block: block.number, connection)
                try Self.insertProof(block: block.number, proof: block.proof, prover: nil, now: now, connection)
                for (id, account) in block.writes {
                    try Self.upsertVerified(id, account, block: block.number, connection)
                }
                last = block.number
            }
        }
    }

    /// Records the bridge sequences `block` spent; one already recorded
    /// fails the database transaction (the table is a constraint, never
    /// believed: the spent sequences are read from the blocks' published
    /// authority, ``VerifiedChainAudit``).
    static func insertSpentSequences(_ sequences: [UInt64], block: UInt32, _ connection: any DatabaseConnection) throws {
        guard !sequences.isEmpty else { return }
        let values = sequences.flatMap { [DatabaseValue.integer(Int64(bitPattern: $0)), .integer(Int64(block))] }
        try connection.run(
            "INSERT INTO bridge_sequences (sequence, block_number) VALUES \(Array(repeating: "(?, ?)", count: sequences.count).joined(separator: ", "))",
            values)
    }

    /// Writes one account of the verified state, as of `block`.
    static func upsertVerified(_ id: AccountID, _ account: Account, block: UInt32, _ connection: any DatabaseConnection) throws {
        try connection.run("""
            INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, balance = excluded.balance,
                nonce = excluded.nonce, verified_block = excluded.verified_block
            """, [.integer(Int64(id.value)), .blob(StoredAccount.encodeKey(account.publicKey)), .text(String(account.balance)),
                  .integer(Int64(account.nonce)), .integer(Int64(block))])
    }

    public func blocks(from: UInt32, limit: Int) throws -> [StoredBlock] {
        try read { connection in
            try connection.transaction(writing: false) {
                try connection.rows("""
                    SELECT number, type, old_root, new_root, total_fee, pubdata, commitment, committed_at, verified_at,
                        EXISTS (SELECT 1 FROM proofs p WHERE p.block_number = b.number), authority
                    FROM blocks b WHERE number >= ? ORDER BY number LIMIT ?
                    """, [.integer(Int64(from)), .integer(Int64(limit))]).map { row in
                    let number = row.integer(0)
                    guard let type = row.text(1).flatMap(BlockType.init(rawValue:)), let fee = row.text(4).flatMap(UInt128.init)
                    else { throw StorageError.corrupt("block \(number) has an invalid type or fee") }
                    let hashes = try connection.rows(
                        "SELECT hash FROM transactions WHERE block_number = ? ORDER BY slot", [.integer(number)]).compactMap { $0.text(0) }
                    let record = BlockRecord(
                        number: UInt32(number), type: type, oldRoot: try Self.field(row.text(2), "old_root"),
                        newRoot: try Self.field(row.text(3), "new_root"), totalFee: fee, pubdata: row.blob(5) ?? [], authority: row.blob(10) ?? [],
                        commitment: try Self.field(row.text(6), "commitment"))
                    return StoredBlock(
                        record: record, committedAt: row.integer(7), verifiedAt: row.optionalInteger(8), hasProof: row.integer(9) == 1,
                        transactionHashes: hashes)
                }
            }
        }
    }

    public func verifiedAccount(_ id: AccountID) throws -> Account? {
        try read { connection in
            try connection.row("SELECT public_key, balance, nonce FROM accounts WHERE id = ?", [.integer(Int64(id.value))]).map {
                try StoredAccount.decode(key: $0.blob(0), balance: $0.text(1), nonce: $0.integer(2))
            }
        }
    }

    public func verifiedAccounts() throws -> [(AccountID, Account)] {
        try read { connection in try Self.verifiedAccounts(connection) }
    }

    public func committedAccounts() throws -> [(AccountID, Account)] {
        try read { connection in
            try connection.transaction(writing: false) {
                var accounts = Dictionary(uniqueKeysWithValues: try Self.verifiedAccounts(connection).map { ($0.0.value, $0.1) })
                for stored in try connection.rows("""
                    SELECT u.account_id, u.after FROM account_updates u JOIN blocks b ON b.number = u.block_number
                    WHERE b.verified_at IS NULL ORDER BY u.block_number, u.position
                    """) {
                    accounts[UInt32(stored.integer(0))] = try StoredAccount.decode(stored.blob(1) ?? [])
                }
                return try accounts.keys.sorted().map { (try AccountID(Int($0)), accounts[$0]!) }
            }
        }
    }

    static func verifiedAccounts(_ connection: any DatabaseConnection) throws -> [(AccountID, Account)] {
        try connection.rows("SELECT id, public_key, balance, nonce FROM accounts ORDER BY id").map { row in
            (try AccountID(Int(row.integer(0))), try StoredAccount.decode(key: row.blob(1), balance: row.text(2), nonce: row.integer(3)))
        }
    }

    static func lastCommittedNumber(_ connection: any DatabaseConnection) throws -> UInt32? {
        try connection.row("SELECT MAX(number) FROM blocks")?.optionalInteger(0).map { UInt32($0) }
    }

    static func lastVerifiedNumber(_ connection: any DatabaseConnection) throws -> UInt32 {
        UInt32(try connection.row("SELECT MAX(number) FROM blocks WHERE verified_at IS NOT NULL")?.optionalInteger(0) ?? 0)
    }

    static func decodeUpdate(_ row: DatabaseRow) throws -> AccountUpdate {
        let account = try AccountID(Int(row.integer(1)))
        let siblingBytes = row.blob(4) ?? []
        guard siblingBytes.count % 32 == 0, (siblingBytes.count / 32) % 3 == 0 else { throw StorageError.corrupt("a Merkle path has \(siblingBytes.count) bytes") }
        let siblings = try stride(from: 0, to: siblingBytes.count, by: 32).map { try Fr(bigEndianBytes: Array(siblingBytes[$0..<($0 + 32)])) }
        return AccountUpdate(
            account: account, before: try row.blob(2).map { try StoredAccount.decode($0) }, after: try StoredAccount.decode(row.blob(3) ?? []),
            path: MerklePath(index: account.value, siblings: siblings))
    }

    static func field(_ text: String?, _ column: String) throws -> Fr {
        guard let text, let value = try? Fr(decimal: text) else { throw StorageError.corrupt("\(column) is not a field element") }
        return value
    }
}
