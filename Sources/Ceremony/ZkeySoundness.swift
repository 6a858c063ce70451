import Algebra
import Groth16

/// What a zkey must show before the node, a prover or a follower trusts it
/// (and what `rollup ceremony verify` adds to snarkjs's checks), without
/// its ptau: a Groth16 key whose γ and δ are equal, or whose δ no one
/// contributed to, lets anyone holding one proof forge proofs of any
/// public inputs.
///
/// - [δ]₂ ≠ [γ]₂;
/// - e([δ]₁, [1]₂) = e([1]₁, [δ]₂): its two δs are the same secret;
/// - at least one contribution, each verified (``ContributionChain``),
///   and [δ]₁ is δ after the last.
public enum ZkeySoundness {
    /// Why a key with no phase-2 contribution is refused.
    public static let noContributionText =
        "it has no phase-2 contribution: its δ is the generator, known to all, so anyone holding one proof could forge others; "
        + "contribute to it (`rollup ceremony contribute`)"
    static let noContribution = CeremonyError.unsoundKey(noContributionText)

    /// Throws ``CeremonyError/unsoundKey(_:)`` naming the check that fails,
    /// or ``CeremonyError/badContribution(index:name:reason:)``.
    public static func check(_ zkey: SnarkJSZkey) throws(CeremonyError) {
        let key = zkey.verifyingKey
        guard key.delta != key.gamma else {
            throw .unsoundKey("its [δ]₂ equals its [γ]₂ (a key straight from `ceremony new`, with no contribution): anyone holding one proof could forge others")
        }
        guard ZkeyVerifier.sameRatio(.generator, zkey.delta1, .generator, key.delta) else {
            throw .unsoundKey("its [δ]₁ and [δ]₂ are not the same secret (e(δ₁, g₂) ≠ e(g₁, δ₂)): every proof would fail")
        }
        let parameters = try PhaseTwoParameters(zkey: zkey)
        guard !parameters.contributions.isEmpty else { throw noContribution }
        guard try ContributionChain.verify(parameters) == zkey.delta1 else {
            throw .unsoundKey("its [δ]₁ is not δ after its last contribution")
        }
    }
}
