/// Why a key file could not be read.
public enum KeyFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case notAKeyFile(file: String)
    case unsupportedVersion(file: String, version: UInt32)
    case truncated(file: String, reading: String)
    case corrupted(file: String)
    case malformed(file: String, detail: String)
    /// The key belongs to another circuit than the one asked for.
    case wrongCircuit(file: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "cannot read \(file): \(reason)"
        case .notAKeyFile(let file): return "\(file) is not a rollup Groth16 key file"
        case .unsupportedVersion(let file, let version):
            return "\(file) has key format version \(version); this build reads version \(KeyFile.version). Run setup again."
        case .truncated(let file, let reading): return "\(file) is truncated (while reading \(reading))"
        case .corrupted(let file): return "\(file) is corrupted: its checksum does not match. Run setup again."
        case .malformed(let file, let detail): return "\(file) is malformed: \(detail)"
        case .wrongCircuit(let file, let expected, let found):
            return "\(file) holds keys for \(found), not for \(expected). Run setup for this circuit or pass the right key."
        }
    }
}
