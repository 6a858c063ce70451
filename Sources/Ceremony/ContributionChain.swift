import Algebra
import Groth16

/// The phase-2 contributions recorded in a zkey's section 10, verified in
/// order without the ptau (snarkjs's zkey_verify checks the same, then
/// the key against the ptau): each contribution's transcript hash covers
/// the circuit hash and every public key before it; its proof of knowledge
/// holds, e([s]₁, [sp·x]₂) = e([s·x]₁, [sp]₂) with sp = hashToG2(transcript);
/// δ after it is δ before it times x, by the same pairing, starting from
/// the generator; a beacon's key is the one its hash and iterations derive.
public enum ContributionChain {
    /// The highest beacon iteration exponent verified: 2^28 SHA-256
    /// iterations take about a minute here. snarkjs accepts 10 … 63, but
    /// 2^63 iterations never end; a beacon above this is refused as
    /// unverifiable rather than verified for ever.
    public static let maximumVerifiedBeaconExponent = 28

    /// Verifies every contribution of `parameters`; returns δ after the last
    /// (the generator when there is none). Throws
    /// ``CeremonyError/badContribution(index:name:reason:)`` naming the first
    /// that fails.
    public static func verify(_ parameters: PhaseTwoParameters) throws(CeremonyError) -> G1Affine {
        var transcript = Blake2b512()
        transcript.update(parameters.circuitHash)
        var delta = G1Affine.generator
        for (index, contribution) in parameters.contributions.enumerated() {
            func refuse(_ reason: String) -> CeremonyError { .badContribution(index: index + 1, name: contribution.name, reason: reason) }
            var mine = transcript
            mine.update(SnarkJSPointCoding.uncompressed(contribution.g1S))
            mine.update(SnarkJSPointCoding.uncompressed(contribution.g1SX))
            guard mine.digest() == contribution.transcript else { throw refuse("its transcript hash does not cover the contributions before it") }
            let sp = SnarkJSSampling.hashToG2(contribution.transcript)
            guard ZkeyVerifier.sameRatio(contribution.g1S, contribution.g1SX, sp, contribution.g2SPX) else {
                throw refuse("its proof of knowledge fails: [s]₁, [s·x]₁ and [sp·x]₂ do not share one secret")
            }
            guard ZkeyVerifier.sameRatio(delta, contribution.deltaAfter, sp, contribution.g2SPX) else {
                throw refuse("δ after it is not δ before it times its secret")
            }
            if case .beacon(let hash, let exponent) = contribution.origin {
                guard exponent <= maximumVerifiedBeaconExponent else {
                    throw refuse("its beacon takes 2^\(exponent) iterations; this verifier checks beacons of at most 2^\(maximumVerifiedBeaconExponent)")
                }
                var generator = PhaseTwo.beaconGenerator(hash: hash, iterationsExponent: exponent)
                let secret = SnarkJSSampling.fr(&generator)
                let g1S = SnarkJSSampling.g1(&generator)
                guard g1S == contribution.g1S, g1S.jacobian.multiplied(by: secret).affine == contribution.g1SX else {
                    throw refuse("its key is not the one its beacon hash and iterations derive")
                }
            }
            transcript.update(contribution.publicKeyBytes)
            delta = contribution.deltaAfter
        }
        return delta
    }
}
