import Foundation
import Groth16
import Storage
import RollupTypes
import Circuits

/// The proving keys of the block circuits, one file per type in a
/// directory: transfer.key, deposit.key and exit.key (docs/PROTOCOL.md, key
/// files), each carrying its circuit's name and digest.
public enum BlockKeySet {
    /// The file that holds `type`'s proving key.
    public static func path(_ type: BlockType, in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(type.rawValue).key").path
    }

    /// The circuit shapes of a chain: its tree depth, and each type's block size.
    public static func parameters(_ chain: ChainParameters) -> [BlockType: BlockCircuitParameters] {
        Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, BlockCircuitParameters(chain, $0)) })
    }

    /// Makes development keys (single party, not a ceremony) for every type
    /// whose file is missing; returns the types it made.
    @discardableResult
    public static func generateMissing(
        _ parameters: [BlockType: BlockCircuitParameters], in directory: String, progress: ((BlockType) -> ProgressHandler?)? = nil
    ) throws -> [BlockType] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var made = [BlockType]()
        for type in BlockType.allCases where !FileManager.default.fileExists(atPath: path(type, in: directory)) {
            let key = try BlockProver.developmentKey(type, parameters[type]!, progress: progress?(type))
            try KeyFile.write(KeyFile.encode(key), to: path(type, in: directory))
            made.append(type)
        }
        return made
    }

    /// The proving keys in `directory`, checked against `parameters` (a key
    /// for another circuit is refused with a message naming both).
    public static func load(_ parameters: [BlockType: BlockCircuitParameters], from directory: String) throws -> BlockProver {
        var keys = [BlockType: ProvingKey]()
        for type in BlockType.allCases {
            let file = path(type, in: directory)
            keys[type] = try KeyFile.decodeProvingKey(try KeyFile.read(file), file: file)
        }
        return try BlockProver(keys: keys, parameters: parameters)
    }
}
