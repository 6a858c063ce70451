#!/usr/bin/env python3
"""Makes Tests/Groth16Tests/Fixtures/snarkjs-groth16/: an independent prover's
proof and verifying key for a .zkey that snarkjs wrote.

    python3 scripts/make_zkey_fixture.py ZKEY WTNS OUT_DIR

The inputs are snarkjs's own test files, test/groth16/circuit.zkey and
test/groth16/witness.wtns of github.com/iden3/snarkjs at commit 96b7d27
(a circuit of 1 public input, 103 wires, domain 128; the zkey has no
contributions). They are copied as they are. This script asks arkworks,
through groth16py (PyPI), to read the zkey (`import_zkey`) and prove from
the witness (`prove_wtns`), and writes:

- arkworks_verification_key.json: the verifying key arkworks read, snarkjs JSON;
- arkworks_proof.json: its proof, snarkjs JSON;
- public.json: the public inputs, read from the witness (wires 1 … nPublic).
"""
import json
import struct
import sys
from pathlib import Path

import groth16py


def g1(words):
    return [str(words[0]), str(words[1]), "1"]


def main():
    zkey, wtns, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    pk, vk = groth16py.import_zkey(zkey)
    key = json.loads(vk.to_json())
    (out / "arkworks_verification_key.json").write_text(json.dumps(key, indent=1) + "\n")

    # The Ethereum encoding: A.x A.y | B.x.c1 B.x.c0 B.y.c1 B.y.c0 | C.x C.y, 32-byte big-endian words.
    raw = groth16py.prove_wtns(pk, wtns)
    words = [int.from_bytes(raw[i:i + 32], "big") for i in range(0, len(raw), 32)]
    proof = {
        "pi_a": g1(words[0:2]),
        "pi_b": [[str(words[3]), str(words[2])], [str(words[5]), str(words[4])], ["1", "0"]],
        "pi_c": g1(words[6:8]),
        "protocol": "groth16",
        "curve": "bn128",
    }
    (out / "arkworks_proof.json").write_text(json.dumps(proof, indent=1) + "\n")

    # .wtns: "wtns", version, sections; section 1: n8, prime, count; section 2: the values.
    data = Path(wtns).read_bytes()
    offset, values = 12, None
    (count_sections,) = struct.unpack_from("<I", data, 8)
    n8 = 32
    for _ in range(count_sections):
        kind, size = struct.unpack_from("<IQ", data, offset)
        body = data[offset + 12: offset + 12 + size]
        if kind == 1:
            (n8,) = struct.unpack_from("<I", body, 0)
        if kind == 2:
            values = [int.from_bytes(body[i:i + n8], "little") for i in range(0, len(body), n8)]
        offset += 12 + size
    public = [str(v) for v in values[1:1 + key["nPublic"]]]
    (out / "public.json").write_text(json.dumps(public) + "\n")


if __name__ == "__main__":
    main()
