import APIServer
import Algebra
import Foundation
import Primitives
import Support

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

    /// The bridge's keys. In development (`--dev`): bridge.key (its public
    /// half, and the key itself to sign development deposits); else
    /// bridge.pub alone; else a new development key, saved in both. In
    /// production the node holds no bridge secret: bridge.pub only, and a
    /// bridge.key in the directory is refused (whoever holds it can mint).
    public static func bridgeKey(in directory: String, development: Bool) throws -> (publicKey: [UInt8], signingKey: Ed25519SigningKey?) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("bridge.key").path
        guard development else {
            guard !FileManager.default.fileExists(atPath: path) else { throw BridgeKeyFailure.secretOnProductionNode(path: path) }
            guard let bytes = try bridgeKey(inFile: directory) else {
                throw BridgeKeyFailure.missingPublicKey(path: URL(fileURLWithPath: directory).appendingPathComponent("bridge.pub").path)
            }
            return (bytes, nil)
        }
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

    /// Why a node cannot use its directory's bridge keys.
    public enum BridgeKeyFailure: Error, Equatable, CustomStringConvertible {
        case missingPublicKey(path: String)
        case secretOnProductionNode(path: String)

        public var description: String {
            switch self {
            case .missingPublicKey(let path):
                return "\(path) is missing: the bridge's Ed25519 public key (64 hex digits), which deposits are checked against; "
                    + "for development, `rollup node --dev` makes a bridge key"
            case .secretOnProductionNode(let path):
                return "\(path) holds the bridge's secret key, which signs deposits: a node outside development keeps only bridge.pub. "
                    + "Move bridge.key off this machine (the wallet takes it with --bridge-key), or start with --dev"
            }
        }
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

    /// Writes a secret key file, mode 0600 from its creation (``SecretFile``).
    static func writeSecret(_ text: String, to path: String) throws {
        try SecretFile.write(Array((text + "\n").utf8), to: path)
    }
}
