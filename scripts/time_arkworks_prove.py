#!/usr/bin/env python3
"""Times arkworks (groth16py, from PyPI) on a circuit that
`rollup circuits export --sample` wrote, for the comparison in
docs/PERFORMANCE.md:

    pip install groth16py==0.2.0
    python3 scripts/time_arkworks_prove.py DIR

Prints the setup time, two `prove_wtns` times and whether arkworks'
verifier accepts the proof for DIR/public.json.
"""
import json
import sys
import time

import groth16py



def main(directory):
    started = time.time()
    pk, vk = groth16py.setup(directory + "/circuit.r1cs")
    print("setup_s", round(time.time() - started, 2), flush=True)
    for _ in range(2):
        started = time.time()
        proof = groth16py.prove_wtns(pk, directory + "/witness.wtns")
        print("prove_wtns_s", round(time.time() - started, 2), flush=True)
    public = [int(text) for text in json.load(open(directory + "/public.json"))]
    print("verifies", groth16py.Verifier(vk).verify(proof, public))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1])
