import Algebra
import CSodium
import Foundation
import Support

/// Ed25519 through libsodium: the bridge's key, which signs the deposits it
/// relays to the node.
public struct Ed25519SigningKey: Sendable {
    /// libsodium's 64-byte secret key (seed ‖ public key).
    public let secretKey: [UInt8]

    /// Why bytes are not an Ed25519 key.
    public struct InvalidKey: Error, CustomStringConvertible {
        /// The bytes given, or −1 for text that is not hex.
        public let count: Int
        public var description: String {
            count < 0 ? "an Ed25519 secret key is 64 bytes of hex (libsodium's seed ‖ public key), got text that is not hex"
                : "an Ed25519 secret key is 64 bytes (libsodium's seed ‖ public key), got \(count)"
        }
    }

    public init(secretKey: [UInt8]) throws {
        guard secretKey.count == Int(crypto_sign_SECRETKEYBYTES) else { throw InvalidKey(count: secretKey.count) }
        self.secretKey = secretKey
    }

    /// A key file's text: the 64-byte secret key as hex (an optional `0x`,
    /// either case, surrounding white space ignored).
    public init(hexSecretKey text: String) throws {
        guard let bytes = [UInt8](hex: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw InvalidKey(count: -1) }
        try self.init(secretKey: bytes)
    }

    /// A new key from libsodium's CSPRNG.
    public static func generate() -> Ed25519SigningKey {
        _ = SecureRandom()  // sodium_init
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        crypto_sign_keypair(&publicKey, &secretKey)
        return try! Ed25519SigningKey(secretKey: secretKey)
    }

    /// The key whose 32-byte seed is `seed` (libsodium's
    /// crypto_sign_seed_keypair): the same seed gives the same key.
    public init(seed: [UInt8]) throws {
        guard seed.count == Int(crypto_sign_SEEDBYTES) else { throw InvalidKey(count: seed.count) }
        _ = SecureRandom()  // sodium_init
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
        try self.init(secretKey: secretKey)
    }

    /// The 32-byte public key.
    public var publicKey: [UInt8] { Array(secretKey[32..<64]) }

    /// The 64-byte detached signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }
}

/// Ed25519 verification through libsodium.
public enum Ed25519 {
    /// Whether `signature` (64 bytes) signs `message` under `publicKey` (32 bytes).
    public static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        _ = SecureRandom()  // sodium_init
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
