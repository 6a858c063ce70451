import Algebra
import CSodium
import Foundation
import Primitives
import Support

/// A wallet's key encrypted with a passphrase: Argon2id (libsodium's
/// crypto_pwhash; new keystores use its "moderate" limits, 3 passes over
/// 256 MiB, and keystores sealed with other limits still open) derives a
/// 32-byte key from the passphrase and a random salt; XChaCha20-Poly1305 encrypts the EdDSA
/// private key, with the public key as associated data. Stored as JSON.
public struct Keystore: Codable, Equatable, Sendable {
    public var version = 1
    /// iden3-packed public key, 0x-hex (readable without the passphrase).
    public var publicKey: String
    public var kdf: KDF
    public var cipher: Cipher

    /// The key-derivation parameters.
    public struct KDF: Codable, Equatable, Sendable {
        public var algorithm = "argon2id13"
        public var opslimit: UInt64
        public var memlimit: UInt64
        public var salt: String
    }

    /// The encryption.
    public struct Cipher: Codable, Equatable, Sendable {
        public var algorithm = "xchacha20poly1305-ietf"
        public var nonce: String
        public var ciphertext: String
    }

    /// Why a keystore cannot be opened.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wrongPassphrase
        case unsupported(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .wrongPassphrase: return "the passphrase does not open this keystore (or the file was altered)"
            case .unsupported(let what): return "unsupported keystore: \(what)"
            case .malformed(let what): return "malformed keystore: \(what)"
            }
        }
    }

    /// Encrypts `key` under `passphrase` with fresh random salt and nonce.
    public static func seal(_ key: EdDSAPrivateKey, passphrase: String) throws -> Keystore {
        _ = SecureRandom()  // sodium_init
        var salt = [UInt8](repeating: 0, count: Int(crypto_pwhash_SALTBYTES))
        randombytes_buf(&salt, salt.count)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES))
        randombytes_buf(&nonce, nonce.count)
        let opslimit = UInt64(crypto_pwhash_OPSLIMIT_MODERATE), memlimit = UInt64(crypto_pwhash_MEMLIMIT_MODERATE)
        var secret = try derive(passphrase, salt: salt, opslimit: opslimit, memlimit: memlimit)
        defer { sodium_memzero(&secret, secret.count) }
        let associated = key.publicKey.packed
        var ciphertext = [UInt8](repeating: 0, count: 32 + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var length: UInt64 = 0
        key.withUnsafeBytes { plaintext in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext, &length, plaintext.baseAddress, UInt64(plaintext.count), associated, UInt64(associated.count), nil, nonce, secret)
        }
        return Keystore(
            publicKey: "0x" + associated.hexString,
            kdf: KDF(opslimit: opslimit, memlimit: memlimit, salt: "0x" + salt.hexString),
            cipher: Cipher(nonce: "0x" + nonce.hexString, ciphertext: "0x" + Array(ciphertext.prefix(Int(length))).hexString))
    }

    /// Decrypts the key; a wrong passphrase or an altered file fails authentication.
    public func open(passphrase: String) throws -> EdDSAPrivateKey {
        guard version == 1, kdf.algorithm == "argon2id13", cipher.algorithm == "xchacha20poly1305-ietf" else {
            throw Failure.unsupported("version \(version), \(kdf.algorithm), \(cipher.algorithm)")
        }
        guard let salt = [UInt8](hex: kdf.salt), salt.count == Int(crypto_pwhash_SALTBYTES),
              let nonce = [UInt8](hex: cipher.nonce), nonce.count == Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES),
              let ciphertext = [UInt8](hex: cipher.ciphertext), ciphertext.count == 32 + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES),
              let associated = [UInt8](hex: publicKey), associated.count == 32
        else { throw Failure.malformed("salt, nonce, ciphertext or public key has the wrong length") }
        var secret = try Self.derive(passphrase, salt: salt, opslimit: kdf.opslimit, memlimit: kdf.memlimit)
        defer { sodium_memzero(&secret, secret.count) }
        var plaintext = [UInt8](repeating: 0, count: 32)
        defer { sodium_memzero(&plaintext, plaintext.count) }  // the key copies it into memory of its own
        var length: UInt64 = 0
        guard crypto_aead_xchacha20poly1305_ietf_decrypt(
            &plaintext, &length, nil, ciphertext, UInt64(ciphertext.count), associated, UInt64(associated.count), nonce, secret) == 0
        else { throw Failure.wrongPassphrase }
        let key = try EdDSAPrivateKey(bytes: plaintext)
        guard key.publicKey.packed == associated else { throw Failure.malformed("the key does not match its public key") }
        return key
    }

    static func derive(_ passphrase: String, salt: [UInt8], opslimit: UInt64, memlimit: UInt64) throws -> [UInt8] {
        guard opslimit <= 16, memlimit <= 1 << 31 else { throw Failure.unsupported("KDF limits above what this wallet will spend") }
        var secret = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES))
        let length = UInt64(passphrase.utf8.count)
        let status = passphrase.withCString { chars in
            crypto_pwhash(&secret, UInt64(secret.count), chars, length, salt, opslimit, Int(memlimit), crypto_pwhash_ALG_ARGON2ID13)
        }
        guard status == 0 else { throw Failure.unsupported("the KDF ran out of memory") }
        return secret
    }
}
