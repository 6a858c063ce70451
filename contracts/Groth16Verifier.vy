#pragma version 0.4.3
"""
@title Groth16 verifier on BN254 with four public inputs
@notice Checks a block proof of the rollup: e(A, B) = e(alpha, beta) *
    e(IC0 + sum x_i IC_i, gamma) * e(C, delta), with the public inputs
    [old root, new root, commitment, chain id] (docs/PROTOCOL.md, "Blocks").
    The verifying key is given at deployment and kept in immutables, so one
    bytecode serves every block type and chain; the rollup deploys it once
    per block type. The ABI is the one `rollup export-verifier` writes for
    Solidity and snarkjs generates calldata for: each G2 coordinate is
    [imaginary, real] (EIP-197).
"""

# The base field of BN254 (coordinates) and its scalar field (public inputs).
FIELD_MODULUS: constant(uint256) = 21888242871839275222246405745257275088696311157297823662689037894645226208583
SCALAR_MODULUS: constant(uint256) = 21888242871839275222246405745257275088548364400416034343698204186575808495617
PUBLIC_INPUTS: constant(uint256) = 4

EC_ADD: constant(address) = 0x0000000000000000000000000000000000000006
EC_MUL: constant(address) = 0x0000000000000000000000000000000000000007
PAIRING: constant(address) = 0x0000000000000000000000000000000000000008

# The verifying key: alpha in G1; beta, gamma and delta in G2 as
# [x_im, x_re, y_im, y_re]; IC as five G1 points (x, y).
ALPHA: public(immutable(uint256[2]))
BETA: public(immutable(uint256[4]))
GAMMA: public(immutable(uint256[4]))
DELTA: public(immutable(uint256[4]))
IC: public(immutable(uint256[10]))


@deploy
def __init__(alpha: uint256[2], beta: uint256[4], gamma: uint256[4], delta: uint256[4], ic: uint256[10]):
    ALPHA = alpha
    BETA = beta
    GAMMA = gamma
    DELTA = delta
    IC = ic


@internal
@view
def _add(x1: uint256, y1: uint256, x2: uint256, y2: uint256) -> (bool, uint256, uint256):
    ok: bool = False
    out: Bytes[64] = b""
    ok, out = raw_call(EC_ADD, abi_encode(x1, y1, x2, y2), max_outsize=64, is_static_call=True, revert_on_failure=False)
    if not ok or len(out) != 64:
        return False, 0, 0
    return True, extract32(out, 0, output_type=uint256), extract32(out, 32, output_type=uint256)


@internal
@view
def _mul(x: uint256, y: uint256, s: uint256) -> (bool, uint256, uint256):
    ok: bool = False
    out: Bytes[64] = b""
    ok, out = raw_call(EC_MUL, abi_encode(x, y, s), max_outsize=64, is_static_call=True, revert_on_failure=False)
    if not ok or len(out) != 64:
        return False, 0, 0
    return True, extract32(out, 0, output_type=uint256), extract32(out, 32, output_type=uint256)


@external
@view
def verifyProof(pA: uint256[2], pB: uint256[2][2], pC: uint256[2], pubSignals: uint256[PUBLIC_INPUTS]) -> bool:
    """
    @notice True when the proof holds for the public inputs; false for a
        false proof, a public input outside the scalar field, or a point
        off the curve (never reverts on bad input).
    """
    for signal: uint256 in pubSignals:
        if signal >= SCALAR_MODULUS:
            return False
    for coordinate: uint256 in [pA[0], pA[1], pC[0], pC[1], pB[0][0], pB[0][1], pB[1][0], pB[1][1]]:
        if coordinate >= FIELD_MODULUS:
            return False

    # vk_x = IC0 + sum of pubSignals[i] * IC[i + 1]
    ok: bool = True
    x: uint256 = IC[0]
    y: uint256 = IC[1]
    for i: uint256 in range(PUBLIC_INPUTS):
        mx: uint256 = 0
        my: uint256 = 0
        ok, mx, my = self._mul(IC[2 * i + 2], IC[2 * i + 3], pubSignals[i])
        if not ok:
            return False
        ok, x, y = self._add(x, y, mx, my)
        if not ok:
            return False

    # e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1
    negativeAy: uint256 = 0
    if pA[1] != 0:
        negativeAy = FIELD_MODULUS - pA[1]
    pairs: Bytes[768] = concat(
        abi_encode(pA[0], negativeAy, pB[0][0], pB[0][1], pB[1][0], pB[1][1]),
        abi_encode(ALPHA[0], ALPHA[1], BETA[0], BETA[1], BETA[2], BETA[3]),
        abi_encode(x, y, GAMMA[0], GAMMA[1], GAMMA[2], GAMMA[3]),
        abi_encode(pC[0], pC[1], DELTA[0], DELTA[1], DELTA[2], DELTA[3]))
    paired: bool = False
    out: Bytes[32] = b""
    paired, out = raw_call(PAIRING, pairs, max_outsize=32, is_static_call=True, revert_on_failure=False)
    if not paired or len(out) != 32:
        return False
    return extract32(out, 0, output_type=uint256) == 1
