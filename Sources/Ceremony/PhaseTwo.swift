import Algebra
import CSodium
import Groth16
import Support

/// Contributions to a zkey's phase 2, as `snarkjs zkey contribute` and
/// `snarkjs zkey beacon` make them (zkey_contribute.js, zkey_beacon.js).
///
/// A contribution with secret x multiplies [δ]₁ and [δ]₂ by x and the C
/// (L) and H sections by x⁻¹, and appends its record: [s]₁ drawn at random,
/// [s·x]₁, the transcript T = BLAKE2b(circuit hash, earlier public keys,
/// [s]₁, [s·x]₁), and [sp·x]₂ for sp = hashToG2(T). Nothing else changes.
public enum PhaseTwo {
    /// A contribution with a secret drawn from libsodium. The secret and the
    /// generator it came from are wiped before this returns.
    public static func contribute(
        to zkey: SnarkJSZkey, name: String?, threads: Int = Parallelism.available
    ) throws(CeremonyError) -> (zkey: SnarkJSZkey, contribution: PhaseTwoContribution) {
        var generator = SnarkJSChaCha.seededFromLibsodium()
        defer { generator.wipe() }
        return try apply(to: zkey, generator: &generator, origin: .random, name: name, threads: threads)
    }

    /// A contribution whose secret is derived from a public beacon value:
    /// `hash` iterated 2^`iterationsExponent` times with SHA-256 seeds the
    /// generator (snarkjs's `rngFromBeaconParams`). Anyone can recompute it.
    public static func beacon(
        to zkey: SnarkJSZkey, hash: [UInt8], iterationsExponent: Int, name: String?, threads: Int = Parallelism.available
    ) throws(CeremonyError) -> (zkey: SnarkJSZkey, contribution: PhaseTwoContribution) {
        var generator = beaconGenerator(hash: hash, iterationsExponent: iterationsExponent)
        return try apply(
            to: zkey, generator: &generator, origin: .beacon(hash: hash, iterationsExponent: iterationsExponent), name: name, threads: threads)
    }

    /// The generator a beacon seeds.
    static func beaconGenerator(hash: [UInt8], iterationsExponent: Int) -> SnarkJSChaCha {
        var current = hash
        let iterations = UInt64(1) << UInt64(iterationsExponent)
        var done: UInt64 = 0
        while done < iterations {
            var hasher = SHA256()
            hasher.update(current)
            current = hasher.finalize()
            done += 1
        }
        return SnarkJSChaCha(seedingFrom: current)
    }

    private static func apply(
        to zkey: SnarkJSZkey, generator: inout SnarkJSChaCha, origin: PhaseTwoContribution.Origin, name: String?, threads: Int
    ) throws(CeremonyError) -> (zkey: SnarkJSZkey, contribution: PhaseTwoContribution) {
        var parameters: PhaseTwoParameters
        parameters = try PhaseTwoParameters(zkey: zkey)
        var secret = SnarkJSSampling.fr(&generator)
        defer { withUnsafeMutableBytes(of: &secret) { sodium_memzero($0.baseAddress, $0.count) } }
        guard var inverse = secret.inverse() else { throw .zeroSecret }
        defer { withUnsafeMutableBytes(of: &inverse) { sodium_memzero($0.baseAddress, $0.count) } }
        let contribution = try record(secret: secret, generator: &generator, after: parameters, delta: zkey.delta1, origin: origin, name: name)

        var next = zkey
        next.delta1 = contribution.deltaAfter
        next.verifyingKey.delta = zkey.verifyingKey.delta.jacobian.multiplied(by: secret).affine
        next.c = PointScaling.scale(zkey.c, by: inverse, threads: threads)
        next.h = PointScaling.scale(zkey.h, by: inverse, threads: threads)
        parameters.contributions.append(contribution)
        next.contributions = parameters.encoded
        next.sectionOrder = Array(1...10)
        return (next, contribution)
    }

    /// The record of a contribution with `secret` (x) to a key whose
    /// section 10 is `parameters` and whose [δ]₁ is `delta`: [s]₁ drawn from
    /// `generator`, [s·x]₁, the transcript, [sp·x]₂ and δ·x. The key's own
    /// points are the caller's to scale.
    static func record(
        secret: Fr, generator: inout SnarkJSChaCha, after parameters: PhaseTwoParameters, delta: G1Affine,
        origin: PhaseTwoContribution.Origin, name: String?
    ) throws(CeremonyError) -> PhaseTwoContribution {
        if let name, name.utf16.count > PhaseTwoContribution.maximumNameLength {
            throw .nameTooLong(name.utf16.count)
        }
        let g1S = SnarkJSSampling.g1(&generator)
        let g1SX = g1S.jacobian.multiplied(by: secret).affine
        var transcriptHasher = parameters.transcriptSoFar
        transcriptHasher.update(SnarkJSPointCoding.uncompressed(g1S))
        transcriptHasher.update(SnarkJSPointCoding.uncompressed(g1SX))
        let transcript = transcriptHasher.digest()
        let g2SPX = SnarkJSSampling.hashToG2(transcript).jacobian.multiplied(by: secret).affine
        return PhaseTwoContribution(
            deltaAfter: delta.jacobian.multiplied(by: secret).affine, g1S: g1S, g1SX: g1SX, g2SPX: g2SPX,
            transcript: transcript, origin: origin, name: name)
    }
}
