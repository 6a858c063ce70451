import Algebra
import Groth16
import R1CS

/// A snarkjs powers-of-tau file (.ptau), phase 1 of a Groth16 ceremony.
/// iden3's container with magic "ptau", version 1 (snarkjs's
/// powersoftau_new.js and powersoftau_preparephase2.js), for 2^power:
///
/// 1. header: u32 n8 (32), q (32 bytes), u32 power, u32 ceremony power;
/// 2. [τⁱ]₁ for i < 2^(power+1) − 1;
/// 3. [τⁱ]₂ for i < 2^power;
/// 4. [α·τⁱ]₁ and 5. [β·τⁱ]₁ for i < 2^power;
/// 6. [β]₂;
/// 7. the contributions (``PhaseOneContribution``);
/// 12. for each domain size 2^k, k = 0 … power + 1, the Lagrange points
///     [Lᵢ(τ)]₁ of that domain, smallest domain first;
/// 13., 14. and 15. the same for [τ]₂, [α·τ]₁ and [β·τ]₁, k = 0 … power.
///
/// Sections 12–15 are what `snarkjs powersoftau prepare phase2` adds; a
/// Groth16 key needs them. Points are in ``SnarkJSPointCoding``'s file
/// form. The sections are kept as bytes and decoded, and checked, when
/// read, so a file of 2^20 stays one copy in memory.
public struct PowersOfTau: Sendable {
    public let power: Int
    public let ceremonyPower: Int
    let container: Iden3BinaryFile

    /// Section ids of the point sections that phase 2 reads.
    public enum Section: UInt32, Sendable {
        case tauG1 = 2, tauG2 = 3, alphaTauG1 = 4, betaTauG1 = 5, betaG2 = 6
        case lagrangeTauG1 = 12, lagrangeTauG2 = 13, lagrangeAlphaTauG1 = 14, lagrangeBetaTauG1 = 15

        var pointSize: Int { self == .tauG2 || self == .betaG2 || self == .lagrangeTauG2 ? 128 : 64 }
    }

    /// Reads a .ptau's bytes: the header, BN254's modulus, and every
    /// section's size against the power. Points are checked when read.
    public init(bytes: [UInt8], file: String = "the ptau") throws(CeremonyError) {
        do { container = try Iden3BinaryFile(decoding: bytes, magic: "ptau", file: file) } catch { throw .ptau(.container(error)) }
        guard container.version == 1 else { throw .ptau(.badSection(0, "version \(container.version), snarkjs writes 1")) }
        guard let headerBytes = container.section(1) else { throw .ptau(.missingSection(1)) }
        var header = SnarkJSSectionReader<PowersOfTauFailure>(bytes: headerBytes, section: 1)
        do throws(PowersOfTauFailure) {
            guard try header.u32() == 32, try header.raw(32) == SnarkJSPointCoding.littleEndian(FqParameters.derived.modulusLimbs) else {
                throw PowersOfTauFailure.wrongCurve
            }
            power = Int(try header.u32())
            ceremonyPower = Int(try header.u32())
            try header.finish()
        } catch { throw .ptau(error) }
        guard (1...28).contains(power) else { throw .ptau(.badSection(1, "power \(power) is outside 1…28")) }
        let n = 1 << power
        let expected: [(Section, Int)] = [(.tauG1, 2 * n - 1), (.tauG2, n), (.alphaTauG1, n), (.betaTauG1, n), (.betaG2, 1)]
        for (section, count) in expected { try Self.check(container, section, count, power: power) }
        guard container.section(7) != nil else { throw .ptau(.missingSection(7)) }
        if container.section(12) != nil {
            try Self.check(container, .lagrangeTauG1, 4 * n - 1, power: power)
            for section in [Section.lagrangeTauG2, .lagrangeAlphaTauG1, .lagrangeBetaTauG1] {
                try Self.check(container, section, 2 * n - 1, power: power)
            }
        }
    }

    private static func check(_ container: Iden3BinaryFile, _ section: Section, _ count: Int, power: Int) throws(CeremonyError) {
        guard let bytes = container.section(section.rawValue) else { throw .ptau(.missingSection(section.rawValue)) }
        guard bytes.count == count * section.pointSize else {
            throw .ptau(.badSection(section.rawValue, "it holds \(bytes.count) bytes, where power \(power) makes \(count) points of \(section.pointSize)"))
        }
    }

    /// Whether sections 12–15 (the Lagrange points) are present.
    public var isPreparedForPhaseTwo: Bool { container.section(12) != nil }

    /// The largest Groth16 domain this file serves: the zkey's H points
    /// come from the Lagrange points of twice the domain.
    public var largestDomain: Int { 1 << power }

    /// G1 points `range` of a section.
    public func g1(_ section: Section, _ range: Range<Int>) throws(CeremonyError) -> [G1Affine] {
        try points(section, range, size: 64) { (reader, index) throws(PowersOfTauFailure) in try reader.g1(index) }
    }

    /// G2 points `range` of a section (not checked for subgroup membership:
    /// the pairing checks of a verification cover them).
    public func g2(_ section: Section, _ range: Range<Int>) throws(CeremonyError) -> [G2Affine] {
        try points(section, range, size: 128) { (reader, index) throws(PowersOfTauFailure) in try reader.g2(index, subgroup: false) }
    }

    private func points<Point>(
        _ section: Section, _ range: Range<Int>, size: Int,
        _ read: (inout SnarkJSSectionReader<PowersOfTauFailure>, Int) throws(PowersOfTauFailure) -> Point
    ) throws(CeremonyError) -> [Point] {
        guard let bytes = container.section(section.rawValue), range.upperBound * size <= bytes.count else {
            throw .ptau(.missingSection(section.rawValue))
        }
        var reader = SnarkJSSectionReader<PowersOfTauFailure>(bytes: Array(bytes[(range.lowerBound * size)..<(range.upperBound * size)]), section: section.rawValue)
        var points = [Point]()
        points.reserveCapacity(range.count)
        do throws(PowersOfTauFailure) {
            for index in range { points.append(try read(&reader, index)) }
        } catch { throw .ptau(error) }
        return points
    }

    /// The range of section 12's points (or 13–15's) that holds the
    /// Lagrange points of the domain of size `size`.
    public static func lagrangeRange(domain size: Int) -> Range<Int> { (size - 1)..<(2 * size - 1) }

    /// The file's bytes.
    public var encoded: [UInt8] { container.encoded }
}
