#!/usr/bin/env python3
"""Proves our exported transfer-d2-c1 circuit with arkworks, an independent
Groth16 implementation, through groth16py (PyPI), and writes the result as
snarkjs JSON next to the circuit:

    pip install groth16py==0.2.0
    python3 scripts/make_arkworks_fixture.py Tests/CircuitsTests/Fixtures/transfer-d2-c1

It runs arkworks' single-party `setup` on circuit.r1cs and `prove_wtns` on
witness.wtns (both as `rollup circuits export --sample` wrote them), checks
the proof with arkworks' verifier in both of its input forms, and writes
arkworks_verification_key.json and arkworks_proof.json. CircomExportTests
then verifies that proof with our verifier against public.json: our .r1cs
and .wtns mean to arkworks what they mean to us.
"""
import gzip
import json
import sys
import tempfile
from pathlib import Path

import groth16py


def unpacked(directory, name, scratch):
    """The file, or its .gz decompressed into the scratch directory."""
    path = directory / name
    if path.exists():
        return str(path)
    target = Path(scratch) / name
    target.write_bytes(gzip.decompress((directory / (name + ".gz")).read_bytes()))
    return str(target)


def snarkjs_proof(blob):
    """Ethereum's 256-byte layout (a, b with each Fq2 imaginary part first, c;
    32-byte big-endian words) as snarkjs proof.json."""
    words = [str(int.from_bytes(blob[i:i + 32], "big")) for i in range(0, 256, 32)]
    return {
        "pi_a": [words[0], words[1], "1"],
        "pi_b": [[words[3], words[2]], [words[5], words[4]], ["1", "0"]],
        "pi_c": [words[6], words[7], "1"],
        "protocol": "groth16",
        "curve": "bn128",
    }


def main(directory):
    directory = Path(directory)
    public = [int(text) for text in json.loads((directory / "public.json").read_text())]
    with tempfile.TemporaryDirectory() as scratch:
        pk, vk = groth16py.setup(unpacked(directory, "circuit.r1cs", scratch))
        blob = groth16py.prove_wtns(pk, unpacked(directory, "witness.wtns", scratch))
    verifier = groth16py.Verifier(vk)
    proof = snarkjs_proof(blob)
    assert verifier.verify(blob, public), "arkworks rejects its own proof"
    assert verifier.verify_snarkjs(json.dumps(proof), json.dumps([str(x) for x in public])), "the snarkjs conversion is wrong"
    for index in range(len(public)):
        changed = list(public)
        changed[index] += 1
        assert not verifier.verify(blob, changed), f"arkworks accepts a changed public input {index}"
    (directory / "arkworks_verification_key.json").write_text(vk.to_json() + "\n")
    (directory / "arkworks_proof.json").write_text(json.dumps(proof, indent=1) + "\n")
    print(f"arkworks proved {directory.name}; wrote arkworks_verification_key.json and arkworks_proof.json")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1])
