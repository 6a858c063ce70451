import Algebra
import Primitives

/// The canonical byte encoding of a transaction: its id preimage
/// (docs/PROTOCOL.md), which holds every field, so storage keeps it and the
/// id is its SHA-256.
extension Transaction {
    /// Why bytes are not a transaction.
    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        case empty
        case unknownTag(UInt8)
        case wrongLength(type: String, expected: Int, actual: Int)
        case invalidField(String)

        public var description: String {
            switch self {
            case .empty: return "an encoded transaction cannot be empty"
            case .unknownTag(let tag): return "unknown transaction tag \(tag)"
            case .wrongLength(let type, let expected, let actual): return "an encoded \(type) is \(expected) bytes, got \(actual)"
            case .invalidField(let detail): return "invalid field: \(detail)"
            }
        }
    }

    /// The encoding (the id preimage).
    public var encoded: [UInt8] {
        switch self {
        case .deposit(let deposit): return deposit.idPreimage
        case .transfer(let transfer): return transfer.idPreimage
        case .exit(let exit): return exit.idPreimage
        case .noop: return [TransactionTag.noop.rawValue]
        }
    }

    /// Decodes ``encoded``; every field is validated as on submission.
    public init(encoded bytes: [UInt8]) throws {
        guard let tag = bytes.first else { throw DecodingError.empty }
        var reader = ByteReader(bytes: Array(bytes.dropFirst()))
        switch TransactionTag(rawValue: tag) {
        case .transfer:
            try Self.expect(bytes, 82, "transfer")
            let from = try reader.accountID(), to = try reader.accountID()
            let amount = try Self.field { try PackedAmount(bits: UInt64(reader.integer(5))) }
            let fee = try Self.field { try PackedFee(bits: UInt64(reader.integer(2))) }
            let nonce = UInt32(reader.integer(4))
            self = .transfer(Transfer(from: from, to: to, amount: amount, fee: fee, nonce: nonce, signature: try reader.signature()))
        case .exit:
            try Self.expect(bytes, 110, "exit")
            let account = try reader.accountID()
            let amount = reader.integer(16)
            let fee = try Self.field { try PackedFee(bits: UInt64(reader.integer(2))) }
            let address = reader.bytes(20)
            let nonce = UInt32(reader.integer(4))
            self = .exit(try Exit(account: account, amount: amount, fee: fee, nonce: nonce, l1Address: address, signature: try reader.signature()))
        case .deposit:
            try Self.expect(bytes, 60, "deposit")
            let accountField = reader.integer(3)
            let account = accountField == (1 << 24) - 1 ? nil : try AccountID(Int(accountField))
            let amount = reader.integer(16)
            let key = try Self.field { try EdDSAPublicKey(packed: reader.bytes(32)) }
            let sequence = UInt64(reader.integer(8))
            self = .deposit(Deposit(account: account, publicKey: key, amount: amount, bridgeSequence: sequence))
        case .noop:
            try Self.expect(bytes, 1, "noop")
            self = .noop
        case nil:
            throw DecodingError.unknownTag(tag)
        }
    }

    private static func expect(_ bytes: [UInt8], _ count: Int, _ type: String) throws {
        guard bytes.count == count else { throw DecodingError.wrongLength(type: type, expected: count, actual: bytes.count) }
    }

    private static func field<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw DecodingError.invalidField(String(describing: error)) }
    }
}

/// Reads big-endian fields off a byte string whose length was checked.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func integer(_ count: Int) -> UInt128 {
        bytes(count).reduce(0) { $0 << 8 | UInt128($1) }
    }

    mutating func accountID() throws -> AccountID { try AccountID(Int(integer(3))) }

    /// A packed signature, or nil for 64 zero bytes (unsigned).
    mutating func signature() throws -> EdDSASignature? {
        let packed = bytes(64)
        if packed.allSatisfy({ $0 == 0 }) { return nil }
        do { return try EdDSASignature(packed: packed) } catch {
            throw Transaction.DecodingError.invalidField("signature: \(error)")
        }
    }
}
