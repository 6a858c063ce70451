import Algebra
import Foundation
import Support

/// The on-disk format of Groth16 keys.
///
/// Layout (integers little-endian):
/// - magic: 8 bytes, "RLG16PK\0" (proving key) or "RLG16VK\0" (verifying key);
/// - format version: u32 (currently 1);
/// - circuit name: u32 length + UTF-8; constraint count, variable count and
///   public input count: u64 each; the constraint system's SHA-256: 32 bytes;
/// - the key: point arrays as u64 count + points, G1 as x‖y and G2 as
///   x0‖x1‖y0‖y1, each coordinate 32 bytes of little-endian limbs, the
///   identity as zeros;
/// - trailer: SHA-256 of everything before it.
public enum KeyFile {
    public static let version: UInt32 = 1
    static let provingMagic = Array("RLG16PK\0".utf8)
    static let verifyingMagic = Array("RLG16VK\0".utf8)

    /// The bytes of a proving key file.
    public static func encode(_ key: ProvingKey) -> [UInt8] {
        var writer = header(magic: provingMagic, circuit: key.circuit)
        writeVerifyingKey(key.verifyingKey, to: &writer)
        writer.write(key.betaG1)
        writer.write(key.deltaG1)
        writer.write(key.aQuery)
        writer.write(key.bG1Query)
        writer.write(key.bG2Query)
        writer.write(key.hQuery)
        writer.write(key.lQuery)
        return sealed(writer)
    }

    /// The bytes of a verifying key file.
    public static func encode(_ key: VerifyingKey, circuit: CircuitDescription) -> [UInt8] {
        var writer = header(magic: verifyingMagic, circuit: circuit)
        writeVerifyingKey(key, to: &writer)
        return sealed(writer)
    }

    /// The hash that names a verifying key: the SHA-256 that ends its
    /// verifying-key file (of the circuit's description and the key's points),
    /// as 64 hex digits. A chain records it for each block type.
    public static func verifyingKeyHash(_ key: VerifyingKey, circuit: CircuitDescription) -> String {
        encode(key, circuit: circuit).suffix(32).hexString
    }

    /// Reads a proving key. With `expecting`, a key for another circuit (by
    /// name or constraint-system hash) is refused.
    public static func decodeProvingKey(_ bytes: [UInt8], file: String, expecting: CircuitDescription? = nil) throws -> ProvingKey {
        var reader = try open(bytes, magic: provingMagic, file: file)
        let circuit = try readHeader(&reader, expecting: expecting)
        let verifyingKey = try readVerifyingKey(&reader)
        let key = ProvingKey(
            circuit: circuit, verifyingKey: verifyingKey,
            betaG1: try reader.readG1("[β]₁"), deltaG1: try reader.readG1("[δ]₁"),
            aQuery: try reader.readG1Array("A query"), bG1Query: try reader.readG1Array("B query (G1)"),
            // The checksum protects these; a subgroup check of every point would dominate loading.
            bG2Query: try reader.readG2Array("B query (G2)", checkSubgroup: false),
            hQuery: try reader.readG1Array("H query"), lQuery: try reader.readG1Array("L query"))
        guard key.aQuery.count == circuit.variableCount, key.bG1Query.count == circuit.variableCount,
              key.bG2Query.count == circuit.variableCount, key.lQuery.count == circuit.variableCount - circuit.inputCount - 1,
              verifyingKey.ic.count == circuit.inputCount + 1, key.domainSize.nonzeroBitCount == 1
        else { throw KeyFileError.malformed(file: file, detail: "its sections do not match the circuit's sizes") }
        try finish(reader)
        return key
    }

    /// Reads a verifying key and the description of its circuit.
    public static func decodeVerifyingKey(_ bytes: [UInt8], file: String, expecting: CircuitDescription? = nil) throws -> (VerifyingKey, CircuitDescription) {
        var reader = try open(bytes, magic: verifyingMagic, file: file)
        let circuit = try readHeader(&reader, expecting: expecting)
        let key = try readVerifyingKey(&reader)
        guard key.ic.count == circuit.inputCount + 1 else {
            throw KeyFileError.malformed(file: file, detail: "IC has \(key.ic.count) points for \(circuit.inputCount) inputs")
        }
        try finish(reader)
        return (key, circuit)
    }

    /// Writes `bytes` to `path` atomically (a crash leaves the old file or the new one).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The bytes at `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw KeyFileError.unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func header(magic: [UInt8], circuit: CircuitDescription) -> BinaryWriter {
        var writer = BinaryWriter()
        writer.write(magic)
        writer.write(version)
        writer.write(circuit.name)
        writer.write(UInt64(circuit.constraintCount))
        writer.write(UInt64(circuit.variableCount))
        writer.write(UInt64(circuit.inputCount))
        writer.write(circuit.digest)
        return writer
    }

    private static func writeVerifyingKey(_ key: VerifyingKey, to writer: inout BinaryWriter) {
        writer.write(key.alpha)
        writer.write(key.beta)
        writer.write(key.gamma)
        writer.write(key.delta)
        writer.write(key.ic)
    }

    private static func sealed(_ writer: BinaryWriter) -> [UInt8] {
        writer.bytes + SHA256.hash(writer.bytes)
    }

    private static func open(_ bytes: [UInt8], magic: [UInt8], file: String) throws -> BinaryReader {
        guard bytes.count >= magic.count + 4 + 32, Array(bytes.prefix(magic.count)) == magic else {
            throw KeyFileError.notAKeyFile(file: file)
        }
        var reader = BinaryReader(Array(bytes.dropLast(32)), file: file)
        _ = try reader.read(count: magic.count, "magic")
        let found = try reader.readUInt32("version")
        guard found == version else { throw KeyFileError.unsupportedVersion(file: file, version: found) }
        guard SHA256.hash(reader.bytes) == Array(bytes.suffix(32)) else { throw KeyFileError.corrupted(file: file) }
        return reader
    }

    private static func readHeader(_ reader: inout BinaryReader, expecting: CircuitDescription?) throws -> CircuitDescription {
        let circuit = CircuitDescription(
            name: try reader.readString("circuit name"),
            constraintCount: Int(try reader.readUInt64("constraint count")),
            variableCount: Int(try reader.readUInt64("variable count")),
            inputCount: Int(try reader.readUInt64("input count")),
            digest: Array(try reader.read(count: 32, "constraint system hash")))
        if let expecting, expecting.name != circuit.name || expecting.digest != circuit.digest {
            throw KeyFileError.wrongCircuit(
                file: reader.file, expected: describe(expecting), found: describe(circuit))
        }
        return circuit
    }

    static func describe(_ circuit: CircuitDescription) -> String {
        "circuit '\(circuit.name)' (\(circuit.constraintCount) constraints, hash \(circuit.digest.hexString.prefix(16))…)"
    }

    private static func readVerifyingKey(_ reader: inout BinaryReader) throws -> VerifyingKey {
        VerifyingKey(
            alpha: try reader.readG1("[α]₁"),
            beta: try reader.readG2("[β]₂", checkSubgroup: true),
            gamma: try reader.readG2("[γ]₂", checkSubgroup: true),
            delta: try reader.readG2("[δ]₂", checkSubgroup: true),
            ic: try reader.readG1Array("IC"))
    }

    private static func finish(_ reader: BinaryReader) throws {
        guard reader.offset == reader.bytes.count else {
            throw KeyFileError.malformed(file: reader.file, detail: "\(reader.bytes.count - reader.offset) unexpected bytes at the end")
        }
    }
}
