import APIServer
import Algebra
import Foundation
import Primitives

/// The node's own keys in its data directory, made on first start:
/// operator.key (the EdDSA key of the fee account, 32 bytes as hex) and
/// bridge.key (a development bridge's Ed25519 secret key, 64 bytes as hex;
/// its public half in bridge.pub). Secret files are readable by the owner only.
public enum NodeSecrets {
    /// Why a key file cannot be used.
    public struct UnreadableKey: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot use \(path): \(reason)" }
    }

    public static func operatorKey(in directory: String) throws -> EdDSAPrivateKey {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("operator.key").path
        if let text = try readIfPresent(path) {
            do { return try EdDSAPrivateKey(hex: text) } catch { throw UnreadableKey(path: path, reason: "\(error)") }
        }
        let key = EdDSAPrivateKey.generate()
        try writeSecret(key.hex, to: path)
        return key
    }

    public static func bridgeKey(in directory: String) throws -> Ed25519SigningKey {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("bridge.key").path
        if let text = try readIfPresent(path) { return try decodeBridgeKey(text, path: path) }
        let key = Ed25519SigningKey.generate()
        try writeSecret(key.secretKey.hexString, to: path)
        try (key.publicKey.hexString + "\n").write(
            toFile: URL(fileURLWithPath: directory).appendingPathComponent("bridge.pub").path, atomically: true, encoding: .utf8)
        return key
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
