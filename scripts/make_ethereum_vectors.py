#!/usr/bin/env python3
"""Writes Tests/EthereumTests/Fixtures/vectors.json: Keccak-256, RLP, ABI,
addresses and a signed EIP-1559 transaction, computed by the Ethereum
Foundation's Python libraries (eth-hash, rlp, eth-abi, eth-account; PyPI),
for the Swift Ethereum module's tests.

    python3 scripts/make_ethereum_vectors.py
"""
import json
from pathlib import Path

import rlp
from eth_abi import encode
from eth_account import Account
from eth_utils import function_signature_to_4byte_selector, keccak, to_canonical_address, to_checksum_address

OUT = Path(__file__).resolve().parent.parent / "Tests" / "EthereumTests" / "Fixtures" / "vectors.json"


def main():
    keccak_inputs = [b"", b"abc", bytes(range(135)), bytes(range(136)), bytes(range(137)), bytes(i % 251 for i in range(1000))]
    rlp_items = [b"", b"\x00", b"\x7f", b"\x80", b"dog", b"a" * 55, b"b" * 56, b"c" * 1024, [], [b"cat", [b"dog", b""]], [b"x" * 60, b"y"]]

    def rlp_json(item):
        return [rlp_json(i) for i in item] if isinstance(item, list) else item.hex()

    key = "0x" + "%064x" % 1
    account = Account.from_key(key)
    transaction = {"type": 2, "chainId": 131277322940537, "nonce": 7, "maxPriorityFeePerGas": 10**9, "maxFeePerGas": 3 * 10**9 + 5,
                   "gas": 1_234_567, "to": to_checksum_address("0x00000000000000000000000000000000c0ffee01"), "value": 5 * 10**18 + 3, "data": bytes.fromhex("deadbeef" * 20)}
    deployment = dict(transaction)
    del deployment["to"]
    deployment["nonce"] = 0
    signed = account.sign_transaction(transaction)
    deployed = account.sign_transaction(deployment)
    commits = [(1, 5, 6, 0, bytes(range(104))), (3, 6, 2**255 + 1, 20, b"\x03" + bytes(41))]
    commit_types = ["(uint8,uint256,uint256,uint256,bytes)[]"]
    vectors = {
        "madeBy": "scripts/make_ethereum_vectors.py",
        "keccak": [{"input": data.hex(), "digest": keccak(data).hex()} for data in keccak_inputs],
        "rlp": [{"item": rlp_json(item), "encoded": rlp.encode(item).hex()} for item in rlp_items],
        "key": {"secret": key, "address": account.address.lower()},
        "contractAddress": {"deployer": account.address.lower(), "nonce": 5,
                            "address": "0x" + keccak(rlp.encode([to_canonical_address(account.address), 5]))[12:].hex()},
        "transaction": {**{k: (v.hex() if isinstance(v, bytes) else v) for k, v in transaction.items()}, "raw": signed.raw_transaction.hex(),
                        "hash": signed.hash.hex()},
        "deployment": {"raw": deployed.raw_transaction.hex(), "hash": deployed.hash.hex()},
        "abi": {
            "signature": "commitBlocks((uint8,uint256,uint256,uint256,bytes)[])",
            "selector": function_signature_to_4byte_selector("commitBlocks((uint8,uint256,uint256,uint256,bytes)[])").hex(),
            "commits": [[c[0], str(c[1]), str(c[2]), str(c[3]), c[4].hex()] for c in commits],
            "encoded": encode(commit_types, [commits]).hex(),
            "static": encode(["address", "uint256[2]", "bool", "bytes32"],
                             ["0x00000000000000000000000000000000c0ffee01", [1, 2**256 - 1], True, b"\x11" * 32]).hex(),
        },
    }
    OUT.write_text(json.dumps(vectors, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
