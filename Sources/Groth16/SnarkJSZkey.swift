import Algebra
import CFieldKernel
import R1CS

/// snarkjs's Groth16 proving key file (.zkey), read and written byte for
/// byte. iden3's container with magic "zkey", version 1, and these
/// sections (snarkjs's zkey_utils.js; they appear in the order
/// 1, 2, 4, 3, 9, 8, 5, 6, 7, 10, which the file keeps):
///
/// 1. header: u32 protocol, 1 for Groth16;
/// 2. Groth16 header: u32 n8q, q (n8q bytes), u32 n8r, r (n8r bytes), u32
///    nVars, u32 nPublic, u32 domainSize, then [α]₁, [β]₁, [β]₂, [γ]₂,
///    [δ]₁, [δ]₂;
/// 3. IC: nPublic + 1 G1 points;
/// 4. coefficients: u32 count, then per entry u32 matrix (0 for A, 1 for
///    B), u32 constraint, u32 signal and the value, stored as value·R² mod r
///    (R = 2²⁵⁶); the rows after the circuit's constraints are snarkjs's one
///    extra row per public signal (the constant one included);
/// 5. A: nVars G1 points; 6. B in G1: nVars; 7. B in G2: nVars;
/// 8. C: nVars − nPublic − 1 G1 points (the private signals');
/// 9. H: domainSize G1 points;
/// 10. contributions (kept as bytes).
///
/// Coordinates are little-endian in Montgomery form (x·R mod q); a G1
/// point is x ‖ y, a G2 point x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, and the identity
/// is all zeros.
public struct SnarkJSZkey: Sendable, Equatable {
    /// One entry of the A or B matrix.
    public struct Coefficient: Sendable, Equatable {
        public var matrix: UInt32
        public var constraint: UInt32
        public var signal: UInt32
        public var value: Fr

        public init(matrix: UInt32, constraint: UInt32, signal: UInt32, value: Fr) {
            self.matrix = matrix
            self.constraint = constraint
            self.signal = signal
            self.value = value
        }
    }

    public var variableCount: Int
    public var publicCount: Int
    public var domainSize: Int
    /// [α]₁, [β]₂, [γ]₂, [δ]₂ and IC.
    public var verifyingKey: VerifyingKey
    public var beta1: G1Affine
    public var delta1: G1Affine
    public var coefficients: [Coefficient]
    public var a: [G1Affine]
    public var b1: [G1Affine]
    public var b2: [G2Affine]
    public var c: [G1Affine]
    public var h: [G1Affine]
    /// Section 10 as written: the circuit hash and the contributions.
    public var contributions: [UInt8]
    /// The section types in file order.
    public var sectionOrder: [UInt32]

    public init(
        variableCount: Int, publicCount: Int, domainSize: Int, verifyingKey: VerifyingKey, beta1: G1Affine, delta1: G1Affine,
        coefficients: [Coefficient], a: [G1Affine], b1: [G1Affine], b2: [G2Affine], c: [G1Affine], h: [G1Affine],
        contributions: [UInt8], sectionOrder: [UInt32]
    ) {
        self.variableCount = variableCount
        self.publicCount = publicCount
        self.domainSize = domainSize
        self.verifyingKey = verifyingKey
        self.beta1 = beta1
        self.delta1 = delta1
        self.coefficients = coefficients
        self.a = a
        self.b1 = b1
        self.b2 = b2
        self.c = c
        self.h = h
        self.contributions = contributions
        self.sectionOrder = sectionOrder
    }

    /// Why a .zkey cannot be used.
    public enum Failure: SnarkJSSectionFailure, Equatable, CustomStringConvertible {
        case container(Iden3BinaryFile.FormatError)
        case notGroth16(protocol: UInt32)
        case missingSection(UInt32)
        case wrongField(String)
        case badSection(UInt32, String)
        case badPoint(section: UInt32, index: Int, CurveDecodingError)
        /// The zkey was made for another constraint system.
        case otherCircuit(String)

        public var description: String {
            switch self {
            case .container(let error): return error.description
            case .notGroth16(let id): return "the zkey is for protocol \(id), not Groth16 (1)"
            case .missingSection(let type): return "the zkey has no section \(type)"
            case .wrongField(let detail): return "the zkey is not over BN254: \(detail)"
            case .badSection(let type, let detail): return "the zkey's section \(type) is malformed: \(detail)"
            case .badPoint(let section, let index, let error): return "point \(index) of the zkey's section \(section): \(error)"
            case .otherCircuit(let detail): return "the zkey is for another circuit: \(detail)"
            }
        }
    }

    /// Reads a .zkey's bytes, checking every point is on its curve and the
    /// verifying key's G2 points are in the prime-order subgroup.
    public init(bytes: [UInt8], file: String = "zkey") throws(Failure) {
        let container: Iden3BinaryFile
        do { container = try Iden3BinaryFile(decoding: bytes, magic: "zkey", file: file) } catch { throw .container(error) }
        func section(_ type: UInt32) throws(Failure) -> SnarkJSSectionReader<Failure> {
            guard let bytes = container.section(type) else { throw .missingSection(type) }
            return SnarkJSSectionReader<Failure>(bytes: bytes, section: type)
        }
        // The header's counts must match the sections' sizes before anything
        // is allocated for them: a damaged count cannot ask for terabytes.
        func section(_ type: UInt32, entries: Int, of size: Int, after prefix: Int = 0) throws(Failure) -> SnarkJSSectionReader<Failure> {
            let reader = try section(type)
            guard reader.bytes.count == prefix + entries * size else {
                throw .badSection(type, "it holds \(reader.bytes.count) bytes, where the header's counts make \(prefix + entries * size)")
            }
            return reader
        }
        var header = try section(1)
        let protocolID = try header.u32()
        guard protocolID == 1 else { throw .notGroth16(protocol: protocolID) }

        var groth = try section(2)
        guard try groth.u32() == 32, try groth.raw(32) == SnarkJSPointCoding.littleEndian(FqParameters.derived.modulusLimbs),
              try groth.u32() == 32, try groth.raw(32) == SnarkJSPointCoding.littleEndian(FrParameters.derived.modulusLimbs)
        else { throw .wrongField("q or r is not BN254's (or not 32 bytes)") }
        variableCount = Int(try groth.u32())
        publicCount = Int(try groth.u32())
        domainSize = Int(try groth.u32())
        let alpha = try groth.g1(0), beta1 = try groth.g1(1), beta2 = try groth.g2(2, subgroup: true)
        let gamma2 = try groth.g2(3, subgroup: true), delta1 = try groth.g1(4), delta2 = try groth.g2(5, subgroup: true)
        try groth.finish()
        guard variableCount > publicCount, domainSize > 0, domainSize & (domainSize - 1) == 0 else {
            throw .badSection(2, "\(variableCount) signals, \(publicCount) public, domain \(domainSize)")
        }

        var ic = try section(3, entries: publicCount + 1, of: 64)
        let icPoints = try (0...publicCount).map { (index) throws(Failure) in try ic.g1(index) }
        try ic.finish()
        verifyingKey = VerifyingKey(alpha: alpha, beta: beta2, gamma: gamma2, delta: delta2, ic: icPoints)
        self.beta1 = beta1
        self.delta1 = delta1

        var coefficientReader = try section(4)
        let count = Int(try coefficientReader.u32())
        guard coefficientReader.bytes.count == 4 + count * 44 else {
            throw .badSection(4, "it holds \(coefficientReader.bytes.count) bytes for \(count) entries of 44")
        }
        var coefficients = [Coefficient]()
        coefficients.reserveCapacity(count)
        for _ in 0..<count {
            let matrix = try coefficientReader.u32(), constraint = try coefficientReader.u32(), signal = try coefficientReader.u32()
            guard matrix < 2, Int(constraint) < domainSize, Int(signal) < variableCount else {
                throw .badSection(4, "an entry names matrix \(matrix), constraint \(constraint), signal \(signal)")
            }
            coefficients.append(Coefficient(matrix: matrix, constraint: constraint, signal: signal, value: try coefficientReader.fr() * Self.frRInverseSquared))
        }
        try coefficientReader.finish()
        self.coefficients = coefficients

        /// A section of `count` points of `size` bytes, decoded and checked
        /// in chunks across threads; the first bad point is reported.
        func points<Point>(
            _ type: UInt32, _ count: Int, size: Int, _ read: @escaping (inout SnarkJSSectionReader<Failure>, Int) throws(Failure) -> Point
        ) throws(Failure) -> [Point] {
            let bytes = try section(type, entries: count, of: size).bytes
            let chunk = 16_384, chunks = (count + chunk - 1) / chunk
            let decoded = ParallelResults<Result<[Point], Failure>>(repeating: .success([]), count: chunks)
            Parallelism.forEach(chunks, threads: Parallelism.available) { index in
                let range = (index * chunk)..<min(count, index * chunk + chunk)
                var reader = SnarkJSSectionReader<Failure>(bytes: Array(bytes[(range.lowerBound * size)..<(range.upperBound * size)]), section: type)
                var points = [Point]()
                points.reserveCapacity(range.count)
                do throws(Failure) {
                    for pointIndex in range { points.append(try read(&reader, pointIndex)) }
                    decoded[index] = .success(points)
                } catch { decoded[index] = .failure(error) }
            }
            var all = [Point]()
            all.reserveCapacity(count)
            for result in decoded.values { all += try result.get() }
            return all
        }
        func g1Points(_ type: UInt32, _ count: Int) throws(Failure) -> [G1Affine] {
            try points(type, count, size: 64) { (reader, index) throws(Failure) in try reader.g1(index) }
        }
        a = try g1Points(5, variableCount)
        b1 = try g1Points(6, variableCount)
        b2 = try points(7, variableCount, size: 128) { (reader, index) throws(Failure) in try reader.g2(index, subgroup: false) }
        c = try g1Points(8, variableCount - publicCount - 1)
        h = try g1Points(9, domainSize)
        guard let contributions = container.section(10) else { throw .missingSection(10) }
        self.contributions = contributions
        sectionOrder = container.sections.map(\.type)
    }

    /// The file's bytes, its sections in `sectionOrder`.
    public var encoded: [UInt8] {
        // The sections are encoded in parallel, then put in order.
        let bodies = ParallelResults(repeating: [UInt8](), count: sectionOrder.count)
        Parallelism.forEach(sectionOrder.count, threads: Parallelism.available) { index in
            var writer = LittleEndianWriter()
            encodeSection(sectionOrder[index], into: &writer)
            bodies[index] = writer.bytes
        }
        var file = Iden3BinaryFile(magic: "zkey", version: 1)
        for (index, type) in sectionOrder.enumerated() { file.addSection(type) { $0.write(bodies[index]) } }
        return file.encoded
    }

    private func encodeSection(_ type: UInt32, into writer: inout LittleEndianWriter) {
        switch type {
        case 1: writer.write(UInt32(1))
        case 2:
            writer.write(UInt32(32))
            writer.write(SnarkJSPointCoding.littleEndian(FqParameters.derived.modulusLimbs))
            writer.write(UInt32(32))
            writer.write(SnarkJSPointCoding.littleEndian(FrParameters.derived.modulusLimbs))
            writer.write(UInt32(variableCount))
            writer.write(UInt32(publicCount))
            writer.write(UInt32(domainSize))
            Self.write(verifyingKey.alpha, &writer)
            Self.write(beta1, &writer)
            Self.write(verifyingKey.beta, &writer)
            Self.write(verifyingKey.gamma, &writer)
            Self.write(delta1, &writer)
            Self.write(verifyingKey.delta, &writer)
        case 3: for point in verifyingKey.ic { Self.write(point, &writer) }
        case 4:
            writer.write(UInt32(coefficients.count))
            for entry in coefficients {
                writer.write(entry.matrix)
                writer.write(entry.constraint)
                writer.write(entry.signal)
                writer.write(SnarkJSPointCoding.littleEndian((entry.value * Self.frRSquared).canonical))
            }
        case 5: for point in a { Self.write(point, &writer) }
        case 6: for point in b1 { Self.write(point, &writer) }
        case 7: for point in b2 { Self.write(point, &writer) }
        case 8: for point in c { Self.write(point, &writer) }
        case 9: for point in h { Self.write(point, &writer) }
        default: writer.write(contributions)
        }
    }

    // MARK: Montgomery form

    /// R² and R⁻² in Fr (R = 2²⁵⁶): coefficients are stored as value·R².
    static let frRSquared: Fr = { let r = (0..<256).reduce(Fr.one) { value, _ in value.doubled() }; return r * r }()
    static let frRInverseSquared: Fr = frRSquared.inverse()!

    static func write(_ point: G1Affine, _ writer: inout LittleEndianWriter) { writer.write(SnarkJSPointCoding.montgomery(point)) }
    static func write(_ point: G2Affine, _ writer: inout LittleEndianWriter) { writer.write(SnarkJSPointCoding.montgomery(point)) }
}
