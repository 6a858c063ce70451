#!/usr/bin/env python3
"""Makes contracts/fixtures/chain.json: a real chain of proved blocks for
the L1 contract's tests, from the project's own node.

    python3 scripts/make_contract_fixtures.py [ROLLUP_BINARY]

It starts `rollup node --dev` on a small chain (tree depth 4, 2 slots per
block) on loopback, opens two wallets with bridge deposits, sends a
transfer and an exit to an L1 address, waits until every block is
verified, and writes what the contract needs: the chain id, the genesis
root, the slots per block type, each type's verifying key (snarkjs JSON)
and each block (type, roots, total fee, pubdata and its proof, snarkjs
JSON). The tests make the L1 deposits the deposit blocks consume from
their pubdata. The keys are development keys (one party, NOT a ceremony);
the proofs are real Groth16 proofs under them.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXIT_ADDRESS = "0x00000000000000000000000000000000c0ffee01"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def main(binary):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        port = free_port()
        node_url = f"http://127.0.0.1:{port}"
        log = open(scratch / "node.log", "w")
        node = subprocess.Popen(
            [binary, "node", "--dev", "--data", str(scratch / "data"), "--port", str(port), "--tree-depth", "4",
             "--block-size", "2", "--transfer-timeout", "1", "--provers", "1"],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(600):
                try:
                    get(f"{node_url}/v1/chain")
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise SystemExit("the node did not start within 5 minutes; see its log")
            (scratch / "pass").write_text("fixture passphrase\n")

            def wallet(name, *arguments):
                command = [binary, "wallet", *arguments, "--node", node_url, "--keystore", str(scratch / f"{name}.json"),
                           "--passphrase-file", str(scratch / "pass"), "--json"]
                output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600).stdout
                return [json.loads(line) for line in output.splitlines() if line.strip()]

            hashes = []
            for name, amount in (("alice", "1000"), ("bob", "500")):
                wallet(name, "new")
                hashes.append(wallet(name, "deposit", "--amount", amount, "--bridge-key", str(scratch / "data" / "bridge.key"))[-1]["hash"])
            for hash in hashes:
                wallet("alice", "wait", hash)
            alice, bob = (wallet(name, "account")[-1]["id"] for name in ("alice", "bob"))
            hashes = [wallet("alice", "transfer", "--to", str(bob), "--amount", "100")[-1]["hash"]]
            wallet("alice", "wait", hashes[0])
            hashes.append(wallet("bob", "exit", "--amount", "150", "--to-l1", EXIT_ADDRESS)[-1]["hash"])
            wallet("bob", "wait", hashes[1])

            chain = get(f"{node_url}/v1/chain")
            status = get(f"{node_url}/v1/status")
            blocks = [get(f"{node_url}/v1/blocks/{n}") for n in range(1, status["lastVerifiedBlock"] + 1)]
            keys = {kind: get(f"{node_url}/v1/circuits/{kind}/verification-key") for kind in chain["blockSizes"]}
        finally:
            node.terminate()
            node.wait(timeout=60)
        fixture = {
            "madeBy": "scripts/make_contract_fixtures.py",
            "chainId": chain["chainId"],
            "genesisRoot": chain["genesisRoot"],
            "blockSizes": chain["blockSizes"],
            "exitAddress": EXIT_ADDRESS,
            "verificationKeys": keys,
            "blocks": [{field: block[field] for field in ("number", "type", "oldRoot", "newRoot", "totalFee", "pubdata", "commitment", "proof")}
                       for block in blocks],
        }
        out = ROOT / "contracts" / "fixtures" / "chain.json"
        out.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
        print(f"{out}: {len(blocks)} blocks ({', '.join(block['type'] for block in blocks)})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "release" / "rollup"))
