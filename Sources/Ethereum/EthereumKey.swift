import CSecp256k1
import Foundation
import Support

/// A secp256k1 private key that signs L1 transactions (libsecp256k1:
/// deterministic RFC 6979 nonces, low-s signatures, recovery id).
public struct EthereumKey: Sendable {
    private let secret: [UInt8]
    /// The key's L1 address: the last 20 bytes of keccak(uncompressed public key).
    public let address: EthereumAddress

    /// Why bytes or a file are not a key.
    public enum Invalid: Error, CustomStringConvertible {
        case notAKey
        case unreadable(path: String, detail: String)

        public var description: String {
            switch self {
            case .notAKey: return "an L1 key is 32 bytes, 0x and 64 hex digits, between 1 and the secp256k1 group order − 1"
            case .unreadable(let path, let detail): return "cannot read the L1 key file \(path): \(detail)"
            }
        }
    }

    /// libsecp256k1's context: the functions used here take it as const, so one serves every thread.
    nonisolated(unsafe) private static let context: OpaquePointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!

    public init(secret: [UInt8]) throws(Invalid) {
        guard secret.count == 32, secp256k1_ec_seckey_verify(Self.context, secret) == 1 else { throw .notAKey }
        var publicKey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(Self.context, &publicKey, secret) == 1 else { throw .notAKey }
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        secp256k1_ec_pubkey_serialize(Self.context, &serialized, &length, &publicKey, UInt32(SECP256K1_EC_UNCOMPRESSED))
        self.secret = secret
        address = EthereumAddress(bytes: Array(Keccak256.hash(serialized.dropFirst()).suffix(20)))
    }

    /// Reads a key file: "0x" and 64 hex digits, surrounding whitespace ignored.
    public init(file path: String) throws(Invalid) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable(path: path, detail: "\(error.localizedDescription)") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count == 66, trimmed.hasPrefix("0x"), let secret = [UInt8](hex: trimmed) else { throw .unreadable(path: path, detail: Invalid.notAKey.description) }
        try self.init(secret: secret)
    }

    /// The signature of a 32-byte digest: r, s and the recovery id (y parity).
    public func sign(digest: [UInt8]) -> (r: [UInt8], s: [UInt8], yParity: UInt8) {
        precondition(digest.count == 32, "a digest is 32 bytes")
        var signature = secp256k1_ecdsa_recoverable_signature()
        let signed = secp256k1_ecdsa_sign_recoverable(Self.context, &signature, digest, secret, nil, nil)
        precondition(signed == 1, "libsecp256k1 signs with a valid key")
        var compact = [UInt8](repeating: 0, count: 64)
        var recovery: Int32 = 0
        secp256k1_ecdsa_recoverable_signature_serialize_compact(Self.context, &compact, &recovery, &signature)
        return (Array(compact[0..<32]), Array(compact[32..<64]), UInt8(recovery))
    }
}

extension EthereumKey {
    /// A 32-byte secret for `purpose`, derived from this key (Keccak-256 of
    /// the purpose and the key's secret): what the node authenticates its
    /// own files with, so that whoever can write them without the key
    /// cannot forge them.
    public func derivedSecret(for purpose: String) -> [UInt8] {
        Keccak256.hash(Array("rollup: \(purpose)".utf8) + [0] + secret)
    }
}
