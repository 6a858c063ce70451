#!/usr/bin/env python3
"""Makes contracts/fixtures/chain.json: a real chain of proved blocks for
the L1 contract's tests, from the project's own node.

    python3 scripts/make_contract_fixtures.py [ROLLUP_BINARY]

It starts the development L1 (scripts/dev_l1.py) and `rollup node --dev` on
a small chain (tree depth 4, 2 slots per block) on loopback, deploys the
chain's contracts with the L1's first development key (`rollup contracts
deploy`: three verifiers, then the rollup contract at that key's nonce 3),
and runs the node in L1 mode. Two wallets deposit through the contract; a
transfer and an exit to an L1 address follow; it waits until every block
is verified, and writes what the contract needs: the chain id, the genesis
chain id, the L1 binding (L1 chain id and rollup address), the genesis
root, the slots per block type, each type's verifying key (snarkjs JSON)
and each block (type, roots, total fee, pubdata and its proof, snarkjs
JSON). The chain id binds the rollup contract's address, so the tests
deploy it as here (the same key, the same nonce, on eth-tester's chain)
and get the same CHAIN_ID. The genesis chain id is derived here with
hashlib (scripts/chain_id.py) from GET /v1/chain, and the bound one
checked against it. The keys are development keys (one party, NOT a
ceremony); the proofs are real Groth16 proofs under them.
"""
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from chain_id import bound_chain_id, genesis_chain_id

ROOT = Path(__file__).resolve().parent.parent
EXIT_ADDRESS = "0x00000000000000000000000000000000c0ffee01"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def wait_for(url, seconds, what):
    for _ in range(seconds * 2):
        try:
            return get(url)
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{what} did not answer within {seconds} s; see its log")


def main(binary):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        data = scratch / "data"
        l1_log = open(scratch / "l1.log", "w")
        l1 = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "dev_l1.py")], stdout=subprocess.PIPE, stderr=l1_log, text=True)
        node = None
        try:
            info = json.loads(l1.stdout.readline())
            (scratch / "operator.key").write_text(info["keys"][0] + "\n")
            (scratch / "payer.key").write_text(info["keys"][2] + "\n")
            port = free_port()
            node_url = f"http://127.0.0.1:{port}"
            log = open(scratch / "node.log", "w")
            shape = ["--tree-depth", "4", "--block-size", "2"]
            made = subprocess.Popen([binary, "node", "--dev", "--data", str(data), "--port", str(port), "--provers", "0", *shape],
                                    stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_for(f"{node_url}/v1/chain", 300, "the node making the chain")
            finally:
                made.terminate()
                made.wait(timeout=60)
            subprocess.run([binary, "contracts", "deploy", "--l1", info["url"], "--l1-key", str(scratch / "operator.key"), "--data", str(data)],
                           check=True, capture_output=True, text=True, timeout=300)
            node = subprocess.Popen(
                [binary, "node", "--dev", "--data", str(data), "--port", str(port), *shape, "--transfer-timeout", "1", "--provers", "1",
                 "--l1", info["url"], "--l1-key", str(scratch / "operator.key"), "--l1-confirmations", "0"],
                stdout=log, stderr=subprocess.STDOUT)
            wait_for(f"{node_url}/v1/chain", 300, "the node in L1 mode")
            (scratch / "pass").write_text("fixture passphrase\n")

            def wallet(name, *arguments):
                command = [binary, "wallet", *arguments, "--node", node_url, "--keystore", str(scratch / f"{name}.json"),
                           "--passphrase-file", str(scratch / "pass"), "--json"]
                output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600).stdout
                return [json.loads(line) for line in output.splitlines() if line.strip()]

            def verified_balance(name):
                try:
                    return (wallet(name, "account")[-1].get("verified") or {}).get("balance")
                except subprocess.CalledProcessError:
                    return None

            for name, amount in (("alice", "1000"), ("bob", "500")):
                wallet(name, "new")
                wallet(name, "deposit", "--l1", info["url"], "--l1-key", str(scratch / "payer.key"), "--amount", amount)
                for _ in range(600):
                    if verified_balance(name) == amount:
                        break
                    time.sleep(0.5)
                else:
                    raise SystemExit(f"{name}'s L1 deposit was not credited within 5 minutes; see the node's log")
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
            if node is not None:
                node.terminate()
                node.wait(timeout=60)
            l1.terminate()
            l1.wait(timeout=60)
        binding = chain["l1Binding"]
        genesis = genesis_chain_id(chain)
        if "0x" + bound_chain_id(genesis, binding["l1ChainId"], binding["rollup"]).hex() != chain["chainId"]:
            raise SystemExit(f"the node's chain id {chain['chainId']} is not its genesis id 0x{genesis.hex()} bound to {binding}")
        fixture = {
            "madeBy": "scripts/make_contract_fixtures.py",
            "chainId": chain["chainId"],
            "genesisChainId": "0x" + genesis.hex(),
            "l1Binding": binding,
            "genesisRoot": chain["genesisRoot"],
            "blockSizes": chain["blockSizes"],
            "exitAddress": EXIT_ADDRESS,
            "verificationKeys": keys,
            "blocks": [{field: block[field] for field in ("number", "type", "oldRoot", "newRoot", "totalFee", "pubdata", "commitment", "proof")}
                       for block in blocks],
        }
        out = ROOT / "contracts" / "fixtures" / "chain.json"
        out.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
        print(f"{out}: {len(blocks)} blocks ({', '.join(block['type'] for block in blocks)}), chain {chain['chainId']} bound to {binding}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "release" / "rollup"))
