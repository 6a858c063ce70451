import Algebra
import Primitives
import RollupTypes

/// Accounts as the database stores them: public key x ‖ y (32 bytes each,
/// unpacked), balance (16 bytes) and nonce (4), big-endian: 84 bytes in
/// account updates; the accounts table keeps the key (64 bytes), the
/// balance as decimal text and the nonce as an integer.
enum StoredAccount {
    static func encodeKey(_ key: EdDSAPublicKey) -> [UInt8] { key.x.bigEndianBytes + key.y.bigEndianBytes }

    static func decodeKey(_ bytes: [UInt8]) throws -> EdDSAPublicKey {
        guard bytes.count == 64 else { throw StorageError.corrupt("a stored public key is 64 bytes, found \(bytes.count)") }
        do {
            return try EdDSAPublicKey(storedX: try Fr(bigEndianBytes: Array(bytes[0..<32])), y: try Fr(bigEndianBytes: Array(bytes[32..<64])))
        } catch {
            throw StorageError.corrupt("stored public key: \(error)")
        }
    }

    static func encode(_ account: Account) -> [UInt8] {
        var bytes = encodeKey(account.publicKey)
        for shift in stride(from: 120, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: account.balance >> UInt128(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: account.nonce >> UInt32(shift))) }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> Account {
        guard bytes.count == 84 else { throw StorageError.corrupt("an account record is 84 bytes, found \(bytes.count)") }
        let key = try decodeKey(Array(bytes[0..<64]))
        let balance = bytes[64..<80].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        let nonce = bytes[80..<84].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Account(publicKey: key, balance: balance, nonce: nonce)
    }

    /// An accounts row: (public_key, balance text, nonce).
    static func decode(key: [UInt8]?, balance: String?, nonce: Int64) throws -> Account {
        guard let key, let balance, let value = UInt128(balance) else { throw StorageError.corrupt("an accounts row has no key or balance") }
        return Account(publicKey: try decodeKey(key), balance: value, nonce: UInt32(nonce))
    }
}
