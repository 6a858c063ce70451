import RollupTypes

/// A pending transaction as the database holds it: the hash it is stored
/// under and its encoded body. Nothing in it is believed: the body may not
/// decode, or may hash to another id, when someone else wrote the row.
public struct PendingRow: Sendable, Equatable {
    public let hash: String
    public let body: [UInt8]

    public init(hash: String, body: [UInt8]) {
        self.hash = hash
        self.body = body
    }

    /// The decoded body, which must hash to the row's id.
    public func transaction() throws(StorageError) -> Transaction {
        let transaction: Transaction
        do { transaction = try Transaction(encoded: body) } catch { throw .corrupt("pending transaction \(hash.prefix(80)): its body does not decode: \(error)") }
        guard transaction.hash == hash else {
            throw .corrupt("pending transaction \(hash.prefix(80)): its body is transaction \(transaction.hash), stored under another id")
        }
        return transaction
    }
}
