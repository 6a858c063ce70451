#!/usr/bin/env python3
"""Recomputes a block's commitment from block.json, as docs/PROTOCOL.md
defines it, with nothing but Python's hashlib: an outsider's check that the
public inputs of a block proof (old root, new root, commitment) are what the
block says.

    python3 scripts/check_block_commitment.py DIR

DIR holds block.json and public.json (`rollup circuits prove-sample ... --out DIR`).
The commitment is SHA-256 over
    block number (4 bytes) | total fee (16) | pubdata,
integers big-endian, with the digest's top 3 bits cleared. The script also
splits the pubdata into slots by the block type's slot size and prints each.
Exits non-zero when the recomputed commitment differs from public.json.
"""
import hashlib
import json
import sys
from pathlib import Path

SLOT_BYTES = {"transfer": 14, "deposit": 52, "exit": 42}


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
    size = SLOT_BYTES[block["type"]]
    for index in range(0, len(pubdata), size):
        print(f"slot {index // size}: {pubdata[index:index + size].hex()}")
    expected = [block["oldRoot"], block["newRoot"], str(commitment)]
    matches = public == expected and block["commitment"] == str(commitment)
    print(f"commitment {commitment}; public inputs (old root, new root, commitment): "
          f"{'match' if matches else 'DIFFER from public.json or block.json'}")
    if public != expected:
        print(f"public.json {public}, expected {expected}")
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
