#!/usr/bin/env python3
"""Recomputes a block's public inputs from block.json, as docs/PROTOCOL.md
defines them, with nothing but Python's hashlib: an outsider's check that
the public inputs of a block proof (old root, new root, commitment, chain
id) are what the block says.

    python3 scripts/check_block_commitment.py DIR

DIR holds block.json and public.json (`rollup circuits prove-sample ... --out DIR`).
The commitment is SHA-256 over
    block number (4 bytes) | total fee (16) | pubdata,
integers big-endian, with the digest's top 3 bits cleared; the chain id is
block.json's `chainId` (32 bytes, hex) read as a big-endian integer. The
script also splits the pubdata into slots of block.json's
`slotPubdataBytes` and prints each. Exits non-zero when the recomputed
inputs differ from public.json.
"""
import hashlib
import json
import sys
from pathlib import Path


def main(directory):
    block = json.loads((directory / "block.json").read_text())
    public = json.loads((directory / "public.json").read_text())
    pubdata = bytes.fromhex(block["pubdata"][2:])
    preimage = (
        int(block["number"]).to_bytes(4, "big")
        + int(block["totalFee"]).to_bytes(16, "big")
        + pubdata
    )
    digest = bytearray(hashlib.sha256(preimage).digest())
    digest[0] &= 0x1F
    commitment = int.from_bytes(digest, "big")
    chain_id = int(block["chainId"], 16)
    size = int(block["slotPubdataBytes"])
    for index in range(0, len(pubdata), size):
        print(f"slot {index // size}: {pubdata[index:index + size].hex()}")
    expected = [block["oldRoot"], block["newRoot"], str(commitment), str(chain_id)]
    matches = public == expected and block["commitment"] == str(commitment)
    print(f"commitment {commitment}; public inputs (old root, new root, commitment, chain id): "
          f"{'match' if matches else 'DIFFER from public.json or block.json'}")
    if public != expected:
        print(f"public.json {public}, expected {expected}")
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
