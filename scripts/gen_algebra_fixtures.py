#!/usr/bin/env python3
"""Generates Tests/AlgebraTests/Fixtures/bn254_reference.json with py_ecc,
an implementation independent of ours.

    pip install py_ecc==8.0.0
    python3 scripts/gen_algebra_fixtures.py > Tests/AlgebraTests/Fixtures/bn254_reference.json

Contents: scalar multiples of the G1 and G2 generators, and pairings
e(a·G1, b·G2) as the 12 coefficients of py_ecc's FQ12 (powers of w with
w^12 = 18 w^6 - 82). Scalars come from a fixed seed so the file is
reproducible. Decimal strings throughout, as snarkjs writes them.
"""
import json
import random

from py_ecc.optimized_bn128 import G1, G2, curve_order, multiply, normalize, pairing

rng = random.Random(20261121)
scalars = [1, 2, 3, 7, curve_order - 1] + [rng.randrange(1, curve_order) for _ in range(5)]


def g1(point):
    x, y = normalize(point)
    return [str(int(x)), str(int(y))]


def g2(point):
    x, y = normalize(point)
    return [[str(int(c)) for c in x.coeffs], [str(int(c)) for c in y.coeffs]]


out = {
    "source": "py_ecc.optimized_bn128",
    "g1_multiples": [{"scalar": str(k), "point": g1(multiply(G1, k))} for k in scalars],
    "g2_multiples": [{"scalar": str(k), "point": g2(multiply(G2, k))} for k in scalars],
    "pairings": [],
}
for a, b in [(1, 1), (2, 3), (rng.randrange(1, curve_order), rng.randrange(1, curve_order))]:
    value = pairing(multiply(G2, b), multiply(G1, a))
    out["pairings"].append({"g1_scalar": str(a), "g2_scalar": str(b), "w_coefficients": [str(int(c)) for c in value.coeffs]})
print(json.dumps(out, indent=1))
