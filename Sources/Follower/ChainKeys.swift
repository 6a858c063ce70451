import Ceremony
import Circuits
import Foundation
import Groth16
import R1CS
import RollupTypes

/// The verifying keys a follower trusts, each with the description of the
/// circuit it belongs to, checked against the chain that the upstream
/// describes: for every block type, the key hash the upstream binds to its
/// chain must be the pinned key's hash for the circuit of the chain's shape
/// (docs/PROTOCOL.md, "The chain and its keys"). A chain with another tree
/// depth or block size names another circuit, and so another hash.
public struct ChainKeys: Sendable {
    public let keys: [BlockType: VerifyingKey]
    public let descriptions: [BlockType: CircuitDescription]

    /// Keys already checked to belong to the circuits described.
    public init(keys: [BlockType: VerifyingKey], descriptions: [BlockType: CircuitDescription]) {
        self.keys = keys
        self.descriptions = descriptions
    }

    /// The keys pinned in `directory`, with the circuits of `chain`'s
    /// shape: per type, TYPE.json, a verifying key as snarkjs JSON, or else
    /// TYPE.zkey, a ceremony's zkey, whose verifying key is read. The
    /// circuits' descriptions are built once and cached in `cache` (the
    /// keys in the key file format, which carries them).
    public static func pinned(in directory: String, chain: ChainParameters, cache: String) throws -> ChainKeys {
        var keys = [BlockType: VerifyingKey]()
        var descriptions = [BlockType: CircuitDescription]()
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for type in BlockType.allCases {
            let base = URL(fileURLWithPath: directory).appendingPathComponent(type.rawValue)
            let json = base.appendingPathExtension("json").path, zkey = base.appendingPathExtension("zkey").path
            let path = FileManager.default.fileExists(atPath: json) || !FileManager.default.fileExists(atPath: zkey) ? json : zkey
            guard FileManager.default.fileExists(atPath: path) else { throw FollowerError.missingKeyFile(path) }
            let key: VerifyingKey
            do {
                if path == json {
                    key = try SnarkJSFormat.decodeVerifyingKey(try Data(contentsOf: URL(fileURLWithPath: path)))
                } else {
                    let zkey = try SnarkJSZkey(bytes: try KeyFile.read(path), file: path)
                    try ZkeySoundness.check(zkey)
                    key = zkey.verifyingKey
                }
            } catch {
                throw FollowerError.unreadableKey(path: path, detail: "\(error)")
            }
            guard key.delta != key.gamma else {
                throw FollowerError.unreadableKey(path: path, detail: "its [δ]₂ equals its [γ]₂ (a key with no contribution): anyone holding one proof could forge others")
            }
            guard key.ic.count == BlockCommitment.publicInputCount + 1 else {
                throw FollowerError.unreadableKey(
                    path: path, detail: "a block circuit has \(BlockCommitment.publicInputCount) public inputs, this key has \(key.ic.count - 1)")
            }
            keys[type] = key
            descriptions[type] = try description(type, BlockCircuitParameters(chain, type), key: key, cache: cache)
        }
        return ChainKeys(keys: keys, descriptions: descriptions)
    }

    /// The hash binding each key to a chain (``KeyFile/verifyingKeyHash(_:circuit:)``).
    public var hashes: [BlockType: String] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0.key, KeyFile.verifyingKeyHash($0.value, circuit: descriptions[$0.key]!)) })
    }

    /// Checks that `upstream` binds these keys to its chain.
    public func check(against upstream: [BlockType: String]) throws {
        let own = hashes
        for type in BlockType.allCases where upstream[type] != own[type] {
            throw FollowerError.keyMismatch(type: type, circuit: descriptions[type]!.name, pinned: own[type]!, upstream: upstream[type] ?? "none")
        }
    }

    /// `type`'s circuit description for `key`: from the cache when it holds
    /// this key for this circuit, else built from the circuit and cached.
    private static func description(_ type: BlockType, _ parameters: BlockCircuitParameters, key: VerifyingKey, cache: String) throws -> CircuitDescription {
        let name = BlockCircuits.name(type, parameters)
        let path = URL(fileURLWithPath: cache).appendingPathComponent("\(type.rawValue).vk").path
        if let bytes = try? KeyFile.read(path), let (cached, circuit) = try? KeyFile.decodeVerifyingKey(bytes, file: path),
           cached == key, circuit.name == name {
            return circuit
        }
        let circuit = CircuitDescription(name: name, r1cs: try R1CS(BlockCircuits.circuit(type, parameters)))
        try KeyFile.write(KeyFile.encode(key, circuit: circuit), to: path)
        return circuit
    }
}
