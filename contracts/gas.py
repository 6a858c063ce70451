#!/usr/bin/env python3
"""Measures the L1 gas of settling the fixture chain's blocks
(contracts/fixtures/chain.json: two deposit blocks, a transfer block and an
exit block, 2 slots each) on py-evm: commitAndProveBlocks with 1 block per
transaction and with all 4 in one, and withdraw. One JSON object per line.

    python3 contracts/gas.py
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

from test_contracts import FIXTURE, Deployment, commit_of  # noqa: E402
from l1 import proof_arguments  # noqa: E402


def settle(per_transaction):
    deployment = Deployment()
    for block in FIXTURE["blocks"]:
        if block["type"] == "deposit":
            deployment.deposit_for(block)
    blocks = FIXTURE["blocks"]
    gas = 0
    for start in range(0, len(blocks), per_transaction):
        batch = blocks[start:start + per_transaction]
        receipt = deployment.rollup.transact("commitAndProveBlocks", [commit_of(b) for b in batch], [proof_arguments(b["proof"]) for b in batch],
                                             sender=deployment.operator)
        gas += receipt["gas_used"]
    receipt = deployment.rollup.transact("withdraw", FIXTURE["exitAddress"], sender=deployment.stranger)
    return gas, receipt["gas_used"]


def main():
    transfers = sum(1 for b in FIXTURE["blocks"] if b["type"] == "transfer")
    for per_transaction in (1, len(FIXTURE["blocks"])):
        gas, withdraw = settle(per_transaction)
        print(json.dumps({"blocks_per_l1_transaction": per_transaction, "blocks": len(FIXTURE["blocks"]),
                          "l1_gas_commit_prove_per_block": gas // len(FIXTURE["blocks"]), "l1_gas_withdraw": withdraw,
                          "transfer_slots": transfers * FIXTURE["blockSizes"]["transfer"]}))


if __name__ == "__main__":
    main()
