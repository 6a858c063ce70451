#!/usr/bin/env python3
"""Checks our Groth16 output with an independent implementation (py_ecc).

    pip install py_ecc==8.0.0
    python3 scripts/verify_groth16_py_ecc.py DIR

DIR holds verification_key.json, proof.json and public.json as snarkjs writes
them (`rollup groth16 sample --out DIR`), and optionally Verifier.sol
(`rollup export-verifier`). The script

1. verifies the proof with py_ecc's pairing:
   e(A, B) == e(alpha, beta) * e(vk_x, gamma) * e(C, delta);
2. checks that the proof fails for a changed public input;
3. if Verifier.sol is there, reads its constants the way the EVM's pairing
   precompile (EIP-197) reads them, imaginary part first, and checks that
   the contract's product e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta)
   is 1 for the proof.

It prints one line per check and exits non-zero if any fails.
"""
import json
import re
import sys
from pathlib import Path

from py_ecc.optimized_bn128 import FQ, FQ2, FQ12, add, curve_order, multiply, pairing


def g1(p):
    return (FQ(int(p[0])), FQ(int(p[1])), FQ(int(p[2])))


def g2(p):
    return (FQ2([int(p[0][0]), int(p[0][1])]), FQ2([int(p[1][0]), int(p[1][1])]), FQ2([int(p[2][0]), int(p[2][1])]))


def vk_x(vk, inputs):
    acc = g1(vk["IC"][0])
    for value, point in zip(inputs, vk["IC"][1:]):
        acc = add(acc, multiply(g1(point), value))
    return acc


def verify(vk, proof, inputs):
    assert len(inputs) == vk["nPublic"] and all(0 <= x < curve_order for x in inputs)
    lhs = pairing(g2(proof["pi_b"]), g1(proof["pi_a"]))
    rhs = (pairing(g2(vk["vk_beta_2"]), g1(vk["vk_alpha_1"]))
           * pairing(g2(vk["vk_gamma_2"]), vk_x(vk, inputs))
           * pairing(g2(vk["vk_delta_2"]), g1(proof["pi_c"])))
    return lhs == rhs


def solidity_check(source, proof, inputs):
    """Rebuilds the 24 words the contract passes to the pairing precompile
    from its own `input[k] = ...;` lines, then checks them as EIP-197 does."""
    q = FQ.field_modulus
    c = {k: int(v) for k, v in re.findall(r"uint256 constant (\w+) = (\d+);", source)}

    acc = (FQ(c["IC0_X"]), FQ(c["IC0_Y"]), FQ(1))
    for i, value in enumerate(inputs):
        acc = add(acc, multiply((FQ(c["IC%d_X" % (i + 1)]), FQ(c["IC%d_Y" % (i + 1)]), FQ(1)), value))
    acc_x, acc_y = acc[0] / acc[2], acc[1] / acc[2]
    a, b, cc = proof["pi_a"], proof["pi_b"], proof["pi_c"]
    # snarkjs' solidity calldata: pB with each coordinate imaginary part first.
    calldata = {
        "pA[0]": int(a[0]), "pA[1]": int(a[1]), "pC[0]": int(cc[0]), "pC[1]": int(cc[1]),
        "pB[0][0]": int(b[0][1]), "pB[0][1]": int(b[0][0]), "pB[1][0]": int(b[1][1]), "pB[1][1]": int(b[1][0]),
        "x": int(acc_x), "y": int(acc_y),
    }
    words = {}
    for index, expression in re.findall(r"input\[(\d+)\] = ([^;]+);", source):
        expression = expression.strip()
        if expression in c:
            words[int(index)] = c[expression]
        elif expression in calldata:
            words[int(index)] = calldata[expression]
        elif expression == "(Q - (pA[1] % Q)) % Q":
            words[int(index)] = (q - calldata["pA[1]"] % q) % q
        else:
            raise ValueError("unexpected pairing input expression: " + expression)
    assert sorted(words) == list(range(24)), "the contract must fill all 24 pairing words"
    product = FQ12.one()
    for k in range(4):
        w = [words[6 * k + i] for i in range(6)]
        p1 = (FQ(w[0]), FQ(w[1]), FQ(1))
        p2 = (FQ2([w[3], w[2]]), FQ2([w[5], w[4]]), FQ2([1, 0]))  # EIP-197: imaginary part first
        product = product * pairing(p2, p1)
    return product == FQ12.one()


def main():
    directory = Path(sys.argv[1])
    vk = json.loads((directory / "verification_key.json").read_text())
    proof = json.loads((directory / "proof.json").read_text())
    inputs = [int(x) for x in json.loads((directory / "public.json").read_text())]
    assert vk["protocol"] == "groth16" and vk["curve"] == "bn128" and proof["protocol"] == "groth16"

    results = [("py_ecc verifies the proof", verify(vk, proof, inputs))]
    changed = list(inputs)
    changed[0] = (changed[0] + 1) % curve_order
    results.append(("py_ecc rejects a changed public input", not verify(vk, proof, changed)))
    sol = directory / "Verifier.sol"
    if sol.exists():
        results.append(("Verifier.sol's EIP-197 pairing input accepts the proof", solidity_check(sol.read_text(), proof, inputs)))
    for name, ok in results:
        print(("ok    " if ok else "FAILED ") + name)
    sys.exit(0 if all(ok for _, ok in results) else 1)


if __name__ == "__main__":
    main()
