import Algebra
import Groth16

/// One contribution to a zkey's phase 2, as snarkjs records it in section
/// 10 (zkey_utils.js `writeContribution`): δ after it, the contributor's
/// public key [s]₁, [s·x]₁ and [sp·x]₂ for the secret x, the transcript
/// hash that sp was drawn from, the type (0 a contribution, 1 a beacon),
/// and sorted parameters: 1 the name, 2 a beacon's iteration exponent, 3
/// its hash.
public struct PhaseTwoContribution: Sendable, Equatable {
    /// What made the secret.
    public enum Origin: Sendable, Equatable {
        /// Randomness the contributor drew and wiped.
        case random
        /// A public beacon: the secret is derived from `hash` iterated
        /// 2^`iterationsExponent` times with SHA-256.
        case beacon(hash: [UInt8], iterationsExponent: Int)
    }

    public var deltaAfter: G1Affine
    public var g1S: G1Affine
    public var g1SX: G1Affine
    public var g2SPX: G2Affine
    /// BLAKE2b-512 of the circuit hash, the earlier contributions' public
    /// keys and this one's [s]₁ and [s·x]₁.
    public var transcript: [UInt8]
    public var origin: Origin
    public var name: String?

    /// The public key as snarkjs hashes it (`hashPubKey`): δ after, [s]₁,
    /// [s·x]₁, [sp·x]₂ uncompressed, and the transcript.
    public var publicKeyBytes: [UInt8] {
        SnarkJSPointCoding.uncompressed(deltaAfter) + SnarkJSPointCoding.uncompressed(g1S) + SnarkJSPointCoding.uncompressed(g1SX)
            + SnarkJSPointCoding.uncompressed(g2SPX) + transcript
    }

    /// The contribution hash snarkjs prints: BLAKE2b-512 of the public key.
    public var hash: [UInt8] { Blake2b512.hash(publicKeyBytes) }

    var encoded: [UInt8] {
        var bytes = SnarkJSPointCoding.montgomery(deltaAfter) + SnarkJSPointCoding.montgomery(g1S) + SnarkJSPointCoding.montgomery(g1SX)
            + SnarkJSPointCoding.montgomery(g2SPX) + transcript
        var parameters = [UInt8]()
        if let name, !name.isEmpty {
            let utf8 = Array(name.utf8)
            parameters += [1, UInt8(utf8.count)] + utf8
        }
        let type: UInt32
        switch origin {
        case .random: type = 0
        case .beacon(let hash, let exponent):
            type = 1
            parameters += [2, UInt8(exponent), 3, UInt8(hash.count)] + hash
        }
        var writer = LittleEndianWriter()
        writer.write(type)
        writer.write(UInt32(parameters.count))
        bytes += writer.bytes + parameters
        return bytes
    }

    /// The longest name snarkjs keeps, in UTF-16 units.
    public static let maximumNameLength = 64

    /// The beacon iteration exponents snarkjs accepts (zkey_beacon.js).
    public static let beaconExponents = 10...63

    /// Reads contribution `index` (0-based). Its points are decoded after its
    /// name is read, so that a point that does not decode names the
    /// contribution (``CeremonyError/badContribution(index:name:reason:)``).
    init(reading reader: inout SnarkJSSectionReader<SnarkJSZkey.Failure>, index: Int) throws(CeremonyError) {
        func bad(_ reason: String) -> CeremonyError { .badContribution(index: index + 1, name: nil, reason: reason) }
        func read<T>(_ body: (inout SnarkJSSectionReader<SnarkJSZkey.Failure>) throws(SnarkJSZkey.Failure) -> T) throws(CeremonyError) -> T {
            do { return try body(&reader) } catch { throw bad("its record is cut short or malformed: \(error)") }
        }
        let points = try read { reader throws(SnarkJSZkey.Failure) in try reader.raw(3 * 64 + 128) }
        transcript = try read { reader throws(SnarkJSZkey.Failure) in try reader.raw(64) }
        let type = try read { reader throws(SnarkJSZkey.Failure) in try reader.u32() }
        let length = Int(try read { reader throws(SnarkJSZkey.Failure) in try reader.u32() })
        var parameters = SnarkJSSectionReader<SnarkJSZkey.Failure>(bytes: try read { reader throws(SnarkJSZkey.Failure) in try reader.raw(length) }, section: 10)
        var last: UInt8 = 0
        var exponent: Int?, beaconHash: [UInt8]?, name: String?
        do {
            while !parameters.isAtEnd {
                let kind = try parameters.raw(1)[0]
                guard kind > last else { throw bad("its parameters are not sorted") }
                last = kind
                switch kind {
                case 1: name = String(decoding: try parameters.raw(Int(try parameters.raw(1)[0])), as: UTF8.self)
                case 2: exponent = Int(try parameters.raw(1)[0])
                case 3: beaconHash = try parameters.raw(Int(try parameters.raw(1)[0]))
                default: throw bad("it has an unknown parameter \(kind)")
                }
            }
        } catch let error as CeremonyError {
            throw error
        } catch {
            throw bad("its parameters are malformed: \(error)")
        }
        self.name = name
        func refuse(_ reason: String) -> CeremonyError { .badContribution(index: index + 1, name: name, reason: reason) }
        switch type {
        case 0: origin = .random
        case 1:
            guard let exponent, let beaconHash else { throw refuse("it is a beacon without its hash or iterations") }
            guard Self.beaconExponents.contains(exponent) else {
                throw refuse("its beacon iteration exponent is \(exponent); snarkjs accepts \(Self.beaconExponents.lowerBound) to \(Self.beaconExponents.upperBound)")
            }
            origin = .beacon(hash: beaconHash, iterationsExponent: exponent)
        default: throw refuse("its type is \(type), not 0 (a contribution) or 1 (a beacon)")
        }
        var decoder = SnarkJSSectionReader<SnarkJSZkey.Failure>(bytes: points, section: 10)
        let which = ["δ after it", "its [s]₁", "its [s·x]₁", "its [sp·x]₂"]
        var part = 0
        do {
            deltaAfter = try decoder.g1(0)
            part = 1
            g1S = try decoder.g1(1)
            part = 2
            g1SX = try decoder.g1(2)
            part = 3
            g2SPX = try decoder.g2(3, subgroup: true)
        } catch {
            let reason: String
            if case .badPoint(_, _, let problem) = error { reason = "\(problem)" } else { reason = "\(error)" }
            throw refuse("\(which[part]) does not decode: \(reason)")
        }
    }

    init(deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8], origin: Origin, name: String?) {
        self.deltaAfter = deltaAfter
        self.g1S = g1S
        self.g1SX = g1SX
        self.g2SPX = g2SPX
        self.transcript = transcript
        self.origin = origin
        self.name = name
    }
}

/// Section 10 of a zkey: the circuit hash and the contributions.
public struct PhaseTwoParameters: Sendable, Equatable {
    /// BLAKE2b-512 of the initial key (``ZkeyInitializer``).
    public var circuitHash: [UInt8]
    public var contributions: [PhaseTwoContribution]

    public init(circuitHash: [UInt8], contributions: [PhaseTwoContribution]) {
        self.circuitHash = circuitHash
        self.contributions = contributions
    }

    /// Reads section 10 of a zkey; a contribution that does not decode is
    /// named (``CeremonyError/badContribution(index:name:reason:)``).
    public init(zkey: SnarkJSZkey) throws(CeremonyError) {
        var reader = SnarkJSSectionReader<SnarkJSZkey.Failure>(bytes: zkey.contributions, section: 10)
        let count: Int
        do {
            circuitHash = try reader.raw(64)
            count = Int(try reader.u32())
        } catch {
            throw .zkey(error)
        }
        contributions = []
        for index in 0..<count { contributions.append(try PhaseTwoContribution(reading: &reader, index: index)) }
        do { try reader.finish() } catch { throw .zkey(error) }
    }

    /// The section's bytes.
    public var encoded: [UInt8] {
        var writer = LittleEndianWriter()
        writer.write(circuitHash)
        writer.write(UInt32(contributions.count))
        for contribution in contributions { writer.write(contribution.encoded) }
        return writer.bytes
    }

    /// The hash of the transcript so far: the circuit hash and every
    /// contribution's public key, as the next contributor's transcript
    /// starts.
    var transcriptSoFar: Blake2b512 {
        var hasher = Blake2b512()
        hasher.update(circuitHash)
        for contribution in contributions { hasher.update(contribution.publicKeyBytes) }
        return hasher
    }
}
