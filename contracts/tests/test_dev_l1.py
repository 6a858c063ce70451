"""scripts/dev_l1.py speaks standard JSON-RPC: raw EIP-1559 transactions
signed outside it, receipts, calls, revert reasons, logs, and the
snapshots that stage reorgs."""
import json
import subprocess
import sys
import unittest
import urllib.request
from pathlib import Path

from eth_abi import decode, encode
from eth_account import Account
from eth_utils import function_signature_to_4byte_selector, keccak

from l1 import FIXTURES, VERIFIER_TYPES, load, proof_arguments, verifier_arguments

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "dev_l1.py"
FIXTURE = json.loads((FIXTURES / "chain.json").read_text())


class DevelopmentL1Tests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen([sys.executable, str(SCRIPT)], stdout=subprocess.PIPE, text=True)
        cls.info = json.loads(cls.process.stdout.readline())
        cls.account = Account.from_key(cls.info["keys"][0])

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(timeout=30)

    def rpc(self, method, *params):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
        request = urllib.request.Request(self.info["url"], body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(answer["error"]["message"])
        return answer["result"]

    def send(self, to, data, value=0):
        nonce = int(self.rpc("eth_getTransactionCount", self.account.address, "pending"), 16)
        base = int(self.rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
        transaction = {"type": 2, "chainId": self.info["chainId"], "nonce": nonce, "gas": 8_000_000, "maxFeePerGas": 2 * base + 10**9,
                       "maxPriorityFeePerGas": 10**9, "value": value, "data": data}
        if to:
            transaction["to"] = to
        signed = self.account.sign_transaction(transaction)
        hash = self.rpc("eth_sendRawTransaction", "0x" + signed.raw_transaction.hex())
        receipt = self.rpc("eth_getTransactionReceipt", hash)
        self.assertEqual(receipt["status"], "0x1")
        return receipt

    def deploy_verifier(self, kind):
        bytecode = bytes.fromhex(load("Groth16Verifier")["bytecode"][2:])
        receipt = self.send(None, bytecode + encode(VERIFIER_TYPES, list(verifier_arguments(FIXTURE["verificationKeys"][kind]))))
        return receipt["contractAddress"]

    def test_a_raw_deployment_and_a_call(self):
        self.assertEqual(int(self.rpc("eth_chainId"), 16), self.info["chainId"])
        address = self.deploy_verifier("transfer")
        self.assertNotEqual(self.rpc("eth_getCode", address, "latest"), "0x")
        block = next(b for b in FIXTURE["blocks"] if b["type"] == "transfer")
        a, b, c = proof_arguments(block["proof"])
        inputs = [int(block["oldRoot"]), int(block["newRoot"]), int(block["commitment"]), int(FIXTURE["chainId"], 16)]
        types = ["uint256[2]", "uint256[2][2]", "uint256[2]", "uint256[4]"]
        call = function_signature_to_4byte_selector(f"verifyProof({','.join(types)})") + encode(types, [a, b, c, inputs])
        result = self.rpc("eth_call", {"to": address, "data": "0x" + call.hex()}, "latest")
        self.assertEqual(decode(["bool"], bytes.fromhex(result[2:])), (True,))

    def test_revert_reasons_logs_and_snapshots(self):
        verifiers = [self.deploy_verifier(kind) for kind in ("deposit", "transfer", "exit")]
        constructor = encode(["address", "uint256", "uint256", "address[3]", "uint256[3]"],
                             [self.account.address, int(FIXTURE["chainId"], 16), int(FIXTURE["genesisRoot"]), verifiers, [2, 2, 2]])
        rollup = self.send(None, bytes.fromhex(load("Rollup")["bytecode"][2:]) + constructor)["contractAddress"]
        deposit = function_signature_to_4byte_selector("deposit(bytes32,uint256)")
        with self.assertRaisesRegex(RuntimeError, "execution reverted: a deposit is whole rollup units"):
            self.rpc("eth_call", {"from": self.account.address, "to": rollup, "value": hex(1), "data": "0x" + (deposit + encode(["bytes32", "uint256"], [b"\x01" * 32, 2**24 - 1])).hex()}, "latest")

        snapshot = self.rpc("evm_snapshot")
        height = int(self.rpc("eth_blockNumber"), 16)
        receipt = self.send(rollup, deposit + encode(["bytes32", "uint256"], [b"\x02" * 32, 2**24 - 1]), value=5 * 10**9)
        topic = "0x" + keccak(text="DepositRequested(uint256,uint256,bytes32,uint256)").hex()
        logs = self.rpc("eth_getLogs", {"address": rollup, "fromBlock": hex(height + 1), "toBlock": "latest", "topics": [topic]})
        self.assertEqual([log["transactionHash"] for log in logs], [receipt["transactionHash"]])
        self.assertEqual(int(logs[0]["topics"][1], 16), 0)

        # Back to the snapshot: the deposit's block and its log are gone.
        self.assertTrue(self.rpc("evm_revert", snapshot))
        self.assertEqual(int(self.rpc("eth_blockNumber"), 16), height)
        self.assertEqual(self.rpc("eth_getLogs", {"address": rollup, "fromBlock": hex(height), "toBlock": "latest", "topics": [topic]}), [])
        self.assertEqual(int(self.rpc("eth_getBalance", rollup, "latest"), 16), 0)


if __name__ == "__main__":
    unittest.main()
