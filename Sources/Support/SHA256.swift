import CSodium

/// SHA-256 through libsodium, streaming.
public struct SHA256 {
    private var state = crypto_hash_sha256_state()

    public init() {
        _ = SecureRandom()  // makes sure sodium_init has run
        crypto_hash_sha256_init(&state)
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { crypto_hash_sha256_update(&state, $0.baseAddress, UInt64($0.count)) }
    }

    /// Feeds a 64-bit integer, little-endian.
    public mutating func update(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { update(Array($0)) }
    }

    /// The 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256_final(&state, &digest)
        return digest
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

