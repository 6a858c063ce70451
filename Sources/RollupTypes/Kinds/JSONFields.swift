import Algebra
import Primitives
import Support

/// The rules of the fields that requests share, read from their JSON values:
/// the kinds' JSON forms and the bridge's deposit requests check each field
/// here, so a rule and its message are written once.
public enum TransactionFields {
    static let accountRule = "must be an account id, 0 … 2^24 − 1"
    static let decimalRule = "must be a decimal integer below 2^128, as a string of digits with no sign, no leading zeros and no spaces"
    static let publicKeyRule = "must be a 32-byte iden3-packed BabyJubJub key in the prime subgroup, as 0x-hex"

    /// An account id, or the field's error.
    public static func account(_ value: Int, field: String) throws(TransactionFieldError) -> AccountID {
        guard let id = try? AccountID(value) else { throw .invalid(field: field, reason: accountRule) }
        return id
    }

    /// A canonical decimal below 2^128, or the field's error.
    public static func decimal(_ text: String, field: String) throws(TransactionFieldError) -> UInt128 {
        guard let value = CanonicalDecimal.parse(text, as: UInt128.self) else { throw .invalid(field: field, reason: decimalRule) }
        return value
    }

    /// An iden3-packed public key as 0x-hex, or the field's error.
    public static func publicKey(_ text: String, field: String) throws(TransactionFieldError) -> EdDSAPublicKey {
        guard let bytes = [UInt8](prefixedHex: text), bytes.count == 32, let key = try? EdDSAPublicKey(packed: bytes) else {
            throw .invalid(field: field, reason: publicKeyRule)
        }
        return key
    }
}

/// The JSON fields that kinds share, read so that each has one spelling and
/// a bad one is refused by name (``TransactionFieldError``): account ids and
/// nonces as JSON integers, amounts and fees as canonical decimal strings
/// (docs/PROTOCOL.md), bytes as 0x-hex. Where the decoder reads requests
/// (``Swift/CodingUserInfoKey/refusesForeignFields``), an object that
/// carries a field the request does not have is refused too: what nobody
/// reads, nobody signed.
public struct JSONFieldReader<Key: CodingKey & CaseIterable> {
    let container: KeyedDecodingContainer<Key>

    /// The reader of `decoder`'s object, or the error naming its first
    /// foreign field (``refuseForeignFields(_:envelope:)``).
    public init(_ decoder: any Decoder, _ keys: Key.Type) throws {
        container = try decoder.container(keyedBy: keys)
        try Self.refuseForeignFields(decoder)
    }

    /// Where `decoder` reads requests: throws
    /// ``TransactionFieldError/invalid(field:reason:)`` for the first key of
    /// its object that is neither one of `Key`'s nor one of `envelope`
    /// (for a kind's fields, `"type"`: ``Transaction``'s key). Elsewhere (a
    /// client reading a view that adds its own fields) it does nothing.
    public static func refuseForeignFields(_ decoder: any Decoder, envelope: Set<String> = ["type"]) throws {
        guard decoder.userInfo[.refusesForeignFields] as? Bool == true else { return }
        let known = Set(Key.allCases.map { $0.stringValue }).union(envelope)
        let present = try decoder.container(keyedBy: AnyFieldKey.self).allKeys.map(\.stringValue).sorted()
        if let foreign = present.first(where: { !known.contains($0) }) {
            let fields = Key.allCases.map { $0.stringValue }.joined(separator: ", ")
            throw TransactionFieldError.invalid(field: String(foreign.prefix(64)), reason: "is not a field of this request (its fields: \(fields))")
        }
    }

    public func account(_ key: Key) throws -> AccountID {
        guard let value = try optionalAccount(key) else { throw invalid(key, TransactionFields.accountRule) }
        return value
    }

    public func optionalAccount(_ key: Key) throws -> AccountID? {
        guard let value = try value(Int.self, key, TransactionFields.accountRule) else { return nil }
        return try TransactionFields.account(value, field: key.stringValue)
    }

    public func nonce(_ key: Key) throws -> UInt32 {
        guard let value = try value(Int64.self, key, "must be 0 … 2^32 − 1"), let nonce = UInt32(exactly: value) else {
            throw invalid(key, "must be 0 … 2^32 − 1")
        }
        return nonce
    }

    public func unsigned(_ key: Key) throws -> UInt64 {
        guard let value = try value(UInt64.self, key, "must be an integer, 0 … 2^64 − 1") else { throw invalid(key, "must be an integer, 0 … 2^64 − 1") }
        return value
    }

    public func decimal(_ key: Key) throws -> UInt128 {
        guard let text = try value(String.self, key, TransactionFields.decimalRule) else { throw invalid(key, TransactionFields.decimalRule) }
        return try TransactionFields.decimal(text, field: key.stringValue)
    }

    public func packed<F: PackedFloat>(_ key: Key, as type: F.Type) throws -> F {
        let value = try decimal(key)
        guard let packed = F(exactly: value) else {
            throw TransactionFieldError.notPackable(field: key.stringValue, value: value, closest: F.closestPackable(to: value))
        }
        return packed
    }

    public func bytes(_ key: Key, count: Int, _ rule: String) throws -> [UInt8] {
        guard let text = try value(String.self, key, rule), let bytes = [UInt8](prefixedHex: text), bytes.count == count else { throw invalid(key, rule) }
        return bytes
    }

    /// `count` bytes as 0x-hex, or nil when absent or null.
    public func optionalBytes(_ key: Key, count: Int, _ rule: String) throws -> [UInt8]? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        return try bytes(key, count: count, rule)
    }

    public func signature(_ key: Key) throws -> EdDSASignature? {
        let rule = "must be a 64-byte packed EdDSA signature as 0x-hex"
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        guard let signature = try? EdDSASignature(packed: try bytes(key, count: 64, rule)) else { throw invalid(key, rule) }
        return signature
    }

    public func publicKey(_ key: Key) throws -> EdDSAPublicKey {
        guard let text = try value(String.self, key, TransactionFields.publicKeyRule) else { throw invalid(key, TransactionFields.publicKeyRule) }
        return try TransactionFields.publicKey(text, field: key.stringValue)
    }

    /// The value, nil when absent or null, or the field's error when it has another JSON type.
    private func value<T: Decodable>(_ type: T.Type, _ key: Key, _ rule: String) throws -> T? {
        do { return try container.decodeIfPresent(type, forKey: key) } catch { throw invalid(key, rule) }
    }

    private func invalid(_ key: Key, _ reason: String) -> TransactionFieldError {
        .invalid(field: key.stringValue, reason: reason)
    }
}

/// Writes the shared fields in the same spellings.
public struct JSONFieldWriter<Key: CodingKey> {
    var container: KeyedEncodingContainer<Key>

    public init(_ encoder: any Encoder, _ keys: Key.Type) {
        container = encoder.container(keyedBy: keys)
    }

    public mutating func account(_ id: AccountID?, _ key: Key) throws { try container.encodeIfPresent(id.map { Int($0.value) }, forKey: key) }
    public mutating func integer(_ value: some BinaryInteger & Encodable, _ key: Key) throws { try container.encode(value, forKey: key) }
    public mutating func decimal(_ value: UInt128, _ key: Key) throws { try container.encode(String(value), forKey: key) }
    public mutating func bytes(_ bytes: [UInt8]?, _ key: Key) throws { try container.encodeIfPresent(bytes.map { "0x" + $0.hexString }, forKey: key) }
}

/// Any key of a JSON object, to list what an object holds.
struct AnyFieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension CodingUserInfoKey {
    /// Set to true by the decoder of requests (the API's): an object's
    /// field that the request's type does not read is refused.
    public static let refusesForeignFields = CodingUserInfoKey(rawValue: "refusesForeignFields")!
}
