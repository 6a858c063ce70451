import Algebra
import Groth16

/// One contribution recorded in a .ptau's section 7 (snarkjs's
/// powersoftau_utils.js `readContribution`): the first points after it
/// ([τ]₁, [τ]₂, [α]₁, [β]₁, [β]₂), its public key (per secret τ, α, β:
/// [s]₁, [s·x]₁, then the three [sp·x]₂), the response hash's state before
/// the key (``ResumableBlake2b``'s 216 bytes), the next challenge hash, the
/// type and the parameters (1 the name, 2 and 3 a beacon's).
public struct PhaseOneContribution: Sendable {
    public var tauG1: G1Affine
    public var tauG2: G2Affine
    public var alphaG1: G1Affine
    public var betaG1: G1Affine
    public var betaG2: G2Affine
    /// [s]₁, [s·x]₁ for τ, α and β in turn.
    public var keyG1: [G1Affine]
    /// [sp·x]₂ for τ, α and β.
    public var keyG2: [G2Affine]
    public var partialHash: [UInt8]
    public var nextChallenge: [UInt8]
    public var type: UInt32
    public var name: String?
    /// A beacon's hash and iteration exponent (type 1): its secrets are
    /// drawn from the hash iterated 2^exponent times with SHA-256.
    public var beacon: (hash: [UInt8], iterationsExponent: Int)?

    /// The response hash: the partial hash resumed over the public key,
    /// uncompressed. snarkjs prints it as the contribution's hash.
    public var responseHash: [UInt8]? {
        guard var hasher = ResumableBlake2b(partialState: partialHash) else { return nil }
        hasher.update(keyG1.flatMap(SnarkJSPointCoding.uncompressed) + keyG2.flatMap(SnarkJSPointCoding.uncompressed))
        return hasher.digest()
    }

    init(reading reader: inout SnarkJSSectionReader<PowersOfTauFailure>, index: Int) throws(PowersOfTauFailure) {
        tauG1 = try reader.g1(index)
        tauG2 = try reader.g2(index, subgroup: false)
        alphaG1 = try reader.g1(index)
        betaG1 = try reader.g1(index)
        betaG2 = try reader.g2(index, subgroup: false)
        keyG1 = []
        for _ in 0..<6 { keyG1.append(try reader.g1(index)) }
        keyG2 = []
        for _ in 0..<3 { keyG2.append(try reader.g2(index, subgroup: false)) }
        partialHash = try reader.raw(216)
        nextChallenge = try reader.raw(64)
        type = try reader.u32()
        var parameters = SnarkJSSectionReader<PowersOfTauFailure>(bytes: try reader.raw(Int(try reader.u32())), section: 7)
        var last: UInt8 = 0
        var exponent: Int?, hash: [UInt8]?
        while !parameters.isAtEnd {
            let kind = try parameters.raw(1)[0]
            guard kind > last, kind <= 3 else { throw .badSection(7, "contribution \(index + 1)'s parameters are unknown or not sorted") }
            last = kind
            let length = kind == 2 ? 1 : Int(try parameters.raw(1)[0])
            let value = try parameters.raw(length)
            switch kind {
            case 1: name = String(decoding: value, as: UTF8.self)
            case 2: exponent = Int(value[0])
            default: hash = value
            }
        }
        guard type <= 1 else { throw .badSection(7, "contribution \(index + 1) has type \(type); snarkjs writes 0 (a contribution) or 1 (a beacon)") }
        if type == 1 {
            guard let exponent, let hash else { throw .badSection(7, "beacon contribution \(index + 1) lacks its iteration exponent or hash") }
            // snarkjs's own range; an exponent of 63 would take 2^63 hashes to check.
            guard (10...63).contains(exponent) else {
                throw .badSection(7, "beacon contribution \(index + 1)'s iteration exponent \(exponent) is outside snarkjs's 10…63")
            }
            beacon = (hash, exponent)
        }
    }
}

extension PowersOfTau {
    /// The contributions recorded in section 7.
    public func contributions() throws(CeremonyError) -> [PhaseOneContribution] {
        guard let bytes = container.section(7) else { throw .ptau(.missingSection(7)) }
        var reader = SnarkJSSectionReader<PowersOfTauFailure>(bytes: bytes, section: 7)
        do throws(PowersOfTauFailure) {
            let count = Int(try reader.u32())
            var contributions = [PhaseOneContribution]()
            for index in 0..<count { contributions.append(try PhaseOneContribution(reading: &reader, index: index)) }
            try reader.finish()
            return contributions
        } catch { throw .ptau(error) }
    }

    /// The challenge that follows a response: BLAKE2b of the response hash
    /// and sections 2–6 as this file holds them, uncompressed. A file's
    /// last contribution records it as its next challenge.
    public func challengeHash(after responseHash: [UInt8]) throws(CeremonyError) -> [UInt8] {
        let n = largestDomain
        return Self.challengeHash(
            after: responseHash, tauG1: try g1(.tauG1, 0..<(2 * n - 1)), tauG2: try g2(.tauG2, 0..<n),
            alphaTauG1: try g1(.alphaTauG1, 0..<n), betaTauG1: try g1(.betaTauG1, 0..<n), betaG2: try g2(.betaG2, 0..<1)[0])
    }

    static func challengeHash(
        after responseHash: [UInt8], tauG1: [G1Affine], tauG2: [G2Affine], alphaTauG1: [G1Affine], betaTauG1: [G1Affine], betaG2: G2Affine
    ) -> [UInt8] {
        var hasher = Blake2b512()
        hasher.update(responseHash)
        for point in tauG1 { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        for point in tauG2 { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        for point in alphaTauG1 { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        for point in betaTauG1 { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        hasher.update(SnarkJSPointCoding.uncompressed(betaG2))
        return hasher.digest()
    }
}
