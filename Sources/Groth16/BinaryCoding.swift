import Algebra
import CFieldKernel

/// Appends the little-endian encodings of the key file format to a buffer:
/// the integers and field elements of ``LittleEndianWriter``, plus strings,
/// points and point arrays.
struct BinaryWriter {
    private var writer = LittleEndianWriter()

    var bytes: [UInt8] { writer.bytes }

    mutating func write(_ raw: [UInt8]) { writer.write(raw) }

    mutating func write(_ value: UInt32) { writer.write(value) }

    mutating func write(_ value: UInt64) { writer.write(value) }

    mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        write(UInt32(utf8.count))
        write(utf8)
    }

    /// 32 bytes: the canonical value's limbs, little-endian.
    mutating func write(_ element: Fq) { writer.write(element) }

    /// 64 bytes x‖y; the identity as 64 zero bytes ((0, 0) is not on the curve).
    mutating func write(_ point: G1Affine) {
        write(point.x)
        write(point.y)
    }

    /// 128 bytes x0‖x1‖y0‖y1; the identity as zeros.
    mutating func write(_ point: G2Affine) {
        write(point.x.c0)
        write(point.x.c1)
        write(point.y.c0)
        write(point.y.c1)
    }

    mutating func write(_ points: [G1Affine]) {
        write(UInt64(points.count))
        for point in points { write(point) }
    }

    mutating func write(_ points: [G2Affine]) {
        write(UInt64(points.count))
        for point in points { write(point) }
    }
}

/// Reads what ``BinaryWriter`` wrote, failing with ``KeyFileError`` on
/// anything short, out of range or off the curve.
struct BinaryReader {
    let bytes: [UInt8]
    private(set) var offset = 0
    let file: String

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func read(count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw KeyFileError.truncated(file: file, reading: what) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func readUInt32(_ what: String) throws -> UInt32 {
        try read(count: 4, what).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readUInt64(_ what: String) throws -> UInt64 {
        try read(count: 8, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count, bounded by what the rest of the file could hold.
    mutating func readCount(_ what: String, elementSize: Int) throws -> Int {
        let count = try readUInt64(what)
        guard count <= UInt64((bytes.count - offset) / max(1, elementSize)) else {
            throw KeyFileError.truncated(file: file, reading: what)
        }
        return Int(count)
    }

    mutating func readString(_ what: String) throws -> String {
        let length = Int(try readUInt32(what))
        guard let text = String(validating: try read(count: length, what), as: UTF8.self) else {
            throw KeyFileError.malformed(file: file, detail: "\(what) is not UTF-8")
        }
        return text
    }

    mutating func readFq(_ what: String) throws -> Fq {
        var limbs = [UInt64]()
        for _ in 0..<4 { limbs.append(try readUInt64(what)) }
        let value = fk_u256(l: (limbs[0], limbs[1], limbs[2], limbs[3]))
        guard let element = Fq(validating: value) else {
            throw KeyFileError.malformed(file: file, detail: "\(what) has a coordinate that is not below the field modulus")
        }
        return element
    }

    mutating func readG1(_ what: String) throws -> G1Affine {
        let x = try readFq(what), y = try readFq(what)
        if x.isZero && y.isZero { return .infinity }
        let point = G1Affine(x: x, y: y)
        guard point.isOnCurve else { throw KeyFileError.malformed(file: file, detail: "\(what) is not on the curve") }
        return point
    }

    /// A G2 point; `checkSubgroup` adds the (costly) prime-order check.
    mutating func readG2(_ what: String, checkSubgroup: Bool) throws -> G2Affine {
        let x = Fq2(try readFq(what), try readFq(what)), y = Fq2(try readFq(what), try readFq(what))
        if x.isZero && y.isZero { return .infinity }
        let point = G2Affine(x: x, y: y)
        guard point.isOnCurve else { throw KeyFileError.malformed(file: file, detail: "\(what) is not on the curve") }
        if checkSubgroup && !point.isValidGroupElement {
            throw KeyFileError.malformed(file: file, detail: "\(what) is not in G2's prime-order subgroup")
        }
        return point
    }

    mutating func readG1Array(_ what: String) throws -> [G1Affine] {
        let count = try readCount(what, elementSize: 64)
        return try (0..<count).map { _ in try readG1(what) }
    }

    mutating func readG2Array(_ what: String, checkSubgroup: Bool) throws -> [G2Affine] {
        let count = try readCount(what, elementSize: 128)
        return try (0..<count).map { _ in try readG2(what, checkSubgroup: checkSubgroup) }
    }
}
