import Algebra
import Circuits
import R1CS
import R1CSTesting
import Support
import Testing

/// SHA-256 in constraints against libsodium's, on the standard vector and
/// messages of one and two blocks.
struct SHA256GadgetTests {
    static func digest<CS: ConstraintSystem>(_ message: [UInt8], _ cs: inout CS) throws -> [Variable] {
        let bits = try message.enumerated().flatMap { index, byte in
            try (0..<8).map { try cs.allocateBoolean("m\(index).\($0)", value: (byte >> UInt8(7 - $0)) & 1 == 1) }
        }
        return try SHA256Gadget.hash(bits: bits, &cs, "sha")
    }

    static func bytes(_ bits: [Variable], _ cs: ConstraintChecker) -> [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (cs.value(of: bits[start + $1]) == .one ? 1 : 0) }
        }
    }

    @Test(arguments: [0, 3, 55, 64, 100])
    func matchesLibsodium(length: Int) throws {
        let message = length == 3 ? Array("abc".utf8) : (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var cs = ConstraintChecker()
        let digest = try Self.digest(message, &cs)
        #expect(cs.isSatisfied)
        #expect(Self.bytes(digest, cs) == SHA256.hash(message))
        if length == 3 {
            #expect(Self.bytes(digest, cs).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    @Test func oneBlockCostIsPinned() throws {
        var cs = ConstraintRecorder()
        let bits = try (0..<(55 * 8)).map { try cs.allocateBoolean("m\($0)", value: nil) }
        let before = cs.constraintCount
        _ = try SHA256Gadget.hash(bits: bits, &cs, "sha")
        #expect(cs.constraintCount - before == 26_037)
    }

    @Test func tamperedWitnessIsRefused() throws {
        var cs = CorruptingSystem(inner: ConstraintChecker(), corruptAllocation: 5_000)
        _ = try Self.digest(Array("abc".utf8), &cs)
        #expect(!cs.inner.isSatisfied)
    }
}
