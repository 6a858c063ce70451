import APIServer
import Algebra
import Foundation
import Primitives

/// The node's own keys in its data directory, made on first start:
/// operator.key (the EdDSA key of the fee account, 32 bytes as hex) and
/// bridge.key (a development bridge's Ed25519 secret key, 64 bytes as hex;
/// its public half in bridge.pub). Secret files are readable by the owner only.
///
/// A data directory that `rollup restore` wrote holds neither secret: the
/// node then runs with the fee account's owner that the chain records and
/// with bridge.pub alone, since it signs nothing with either.
public enum NodeSecrets {
    /// Why a key file cannot be used.
    public struct UnreadableKey: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot use \(path): \(reason)" }
    }

    /// The fee account's owner: operator.key's public key; else, for a
    /// chain already recorded, the owner it records; else a new key, saved.
    public static func operatorKey(in directory: String, recorded: EdDSAPublicKey?) throws -> EdDSAPublicKey {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("operator.key").path
        if let text = try readIfPresent(path) {
            do { return try EdDSAPrivateKey(hex: text).publicKey } catch { throw UnreadableKey(path: path, reason: "\(error)") }
        }
        if let recorded { return recorded }
        let key = EdDSAPrivateKey.generate()
        try writeSecret(key.hex, to: path)
        return key.publicKey
    }

    /// The bridge's keys: bridge.key (its public half, and the key itself
    /// to sign development deposits); else bridge.pub alone; else a new
    /// development key, saved in both.
    public static func bridgeKey(in directory: String) throws -> (publicKey: [UInt8], signingKey: Ed25519SigningKey?) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("bridge.key").path
        if let text = try readIfPresent(path) {
            let key = try decodeBridgeKey(text, path: path)
            return (key.publicKey, key)
        }
        if let bytes = try bridgeKey(inFile: directory) { return (bytes, nil) }
        let key = Ed25519SigningKey.generate()
        try writeSecret(key.secretKey.hexString, to: path)
        try writePublicBridgeKey(key.publicKey, in: directory)
        return (key.publicKey, key)
    }

    /// The key in bridge.pub, if the file exists.
    public static func bridgeKey(inFile directory: String) throws -> [UInt8]? {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("bridge.pub").path
        guard let text = try readIfPresent(path) else { return nil }
        guard let bytes = [UInt8](hex: text), bytes.count == 32 else {
            throw UnreadableKey(path: path, reason: "expected 32 bytes of hex (an Ed25519 public key)")
        }
        return bytes
    }

    /// Writes bridge.pub: the bridge's Ed25519 public key as hex.
    public static func writePublicBridgeKey(_ key: [UInt8], in directory: String) throws {
        try (key.hexString + "\n").write(
            toFile: URL(fileURLWithPath: directory).appendingPathComponent("bridge.pub").path, atomically: true, encoding: .utf8)
    }

    /// A bridge key file's contents (64 bytes of hex).
    public static func decodeBridgeKey(_ text: String, path: String) throws -> Ed25519SigningKey {
        guard let key = try? Ed25519SigningKey(hexSecretKey: text) else {
            throw UnreadableKey(path: path, reason: "expected 64 bytes of hex (libsodium's Ed25519 secret key)")
        }
        return key
    }

    static func readIfPresent(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw UnreadableKey(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    static func writeSecret(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw UnreadableKey(path: path, reason: "cannot create the file")
        }
    }
}
