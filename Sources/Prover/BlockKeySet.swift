import Ceremony
import Circuits
import Foundation
import Groth16
import RollupTypes

/// The proving keys of the block circuits, one file per type in a
/// directory (docs/PROTOCOL.md, "Key files"): `TYPE.key` in the rollup's
/// key format, which carries its circuit's name and digest, or `TYPE.zkey`,
/// a snarkjs zkey (from `rollup ceremony` or `rollup setup --zkey`), which
/// is checked against the circuit's constraints when it is loaded.
public enum BlockKeySet {
    /// A proving key file's format, named by its extension.
    public enum Format: String, CaseIterable, Sendable {
        /// The rollup's key file (docs/PROTOCOL.md, "Key files").
        case native = "key"
        /// snarkjs's Groth16 .zkey.
        case zkey

        /// The format of a key file's first bytes, if either.
        public static func of(prefix: [UInt8]) -> Format? {
            if prefix.starts(with: Array("zkey".utf8)) { return .zkey }
            if prefix.starts(with: Array("RLG16PK\0".utf8)) { return .native }
            return nil
        }
    }

    /// Why a directory's keys cannot be used.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing(BlockType, directory: String)
        case bothFormats(BlockType, directory: String)
        case badZkey(file: String, detail: String)

        public var description: String {
            switch self {
            case .missing(let type, let directory):
                return "\(directory) holds no \(type.rawValue) proving key: neither \(type.rawValue).key nor \(type.rawValue).zkey "
                    + "(make one with `rollup setup`, or put a ceremony's zkey there)"
            case .bothFormats(let type, let directory):
                return "\(directory) holds both \(type.rawValue).key and \(type.rawValue).zkey: remove the one the chain should not prove with"
            case .badZkey(let file, let detail): return "\(file): \(detail)"
            }
        }
    }

    /// The file that holds (or would hold) `type`'s proving key in `format`.
    public static func path(_ type: BlockType, _ format: Format = .native, in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(type.rawValue).\(format.rawValue)").path
    }

    /// `type`'s key file in `directory` and its format, or nil if there is
    /// none; two files, one of each format, are refused.
    public static func existing(_ type: BlockType, in directory: String) throws -> (path: String, format: Format)? {
        let found = Format.allCases.filter { FileManager.default.fileExists(atPath: path(type, $0, in: directory)) }
        guard found.count < 2 else { throw Failure.bothFormats(type, directory: directory) }
        return found.first.map { (path(type, $0, in: directory), $0) }
    }

    /// The circuit shapes of a chain: its tree depth, and each type's block size.
    public static func parameters(_ chain: ChainParameters) -> [BlockType: BlockCircuitParameters] {
        Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, BlockCircuitParameters(chain, $0)) })
    }

    /// Makes development keys (single party, not a ceremony) in `format`
    /// for every type that has no key file; returns the types it made.
    @discardableResult
    public static func generateMissing(
        _ parameters: [BlockType: BlockCircuitParameters], in directory: String, format: Format = .native,
        progress: ((BlockType) -> ProgressHandler?)? = nil
    ) throws -> [BlockType] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var made = [BlockType]()
        for type in BlockType.allCases where try existing(type, in: directory) == nil {
            let bytes: [UInt8]
            switch format {
            case .native:
                bytes = KeyFile.encode(try BlockProver.developmentKey(type, parameters[type]!, progress: progress?(type)))
            case .zkey:
                bytes = try DevelopmentZkey.generate(r1cs: BlockProver.r1cs(type, parameters[type]!), progress: progress?(type)).encoded
            }
            try KeyFile.write(bytes, to: path(type, format, in: directory))
            made.append(type)
        }
        return made
    }

    /// The key files that `load` reads, by type.
    public static func files(in directory: String) throws -> [BlockType: String] {
        var files = [BlockType: String]()
        for type in BlockType.allCases {
            guard let (path, _) = try existing(type, in: directory) else { throw Failure.missing(type, directory: directory) }
            files[type] = path
        }
        return files
    }

    /// The proving keys in `directory`, checked against `parameters`: a
    /// key file by the circuit name written into it, a zkey by its sizes
    /// and coefficients against the circuit's constraints, and for its
    /// soundness. A key for another circuit is refused with a message
    /// naming both; an unsound zkey, naming the check it fails.
    public static func load(_ parameters: [BlockType: BlockCircuitParameters], from directory: String) throws -> BlockProver {
        var keys = [BlockType: BlockProvingKey]()
        for type in BlockType.allCases {
            guard let (file, format) = try existing(type, in: directory) else { throw Failure.missing(type, directory: directory) }
            switch format {
            case .native:
                keys[type] = .native(try KeyFile.decodeProvingKey(try KeyFile.read(file), file: file))
            case .zkey:
                guard let shape = parameters[type] else { throw BlockProver.Failure.missingKey(type) }
                keys[type] = try zkey(type, shape, file: file)
            }
        }
        return try BlockProver(provingKeys: keys, parameters: parameters)
    }

    /// The zkey in `file`, checked to be for `type`'s circuit of this shape
    /// and sound (``ZkeySoundness``: δ ≠ γ, its δs one secret, at least one
    /// verified contribution).
    static func zkey(_ type: BlockType, _ parameters: BlockCircuitParameters, file: String) throws -> BlockProvingKey {
        let r1cs = try BlockProver.r1cs(type, parameters)
        do {
            let zkey = try SnarkJSZkey(bytes: try KeyFile.read(file), file: file)
            try zkey.check(against: r1cs)
            try ZkeySoundness.check(zkey)
            return .zkey(zkey, circuit: CircuitDescription(name: BlockProver.circuitName(type, parameters), r1cs: r1cs))
        } catch let failure as SnarkJSZkey.Failure {
            throw Failure.badZkey(file: file, detail: "\(failure) (the \(BlockProver.circuitName(type, parameters)) circuit)")
        } catch let failure as CeremonyError {
            throw Failure.badZkey(file: file, detail: "\(failure)")
        }
    }
}
