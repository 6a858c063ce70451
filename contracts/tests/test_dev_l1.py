"""scripts/dev_l1.py speaks standard JSON-RPC: raw EIP-1559 transactions
signed outside it, receipts, calls, revert reasons, logs, and the
snapshots that stage reorgs."""
import json
import subprocess
import sys
import time
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
    ARGUMENTS = []

    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen([sys.executable, str(SCRIPT)] + cls.ARGUMENTS, stdout=subprocess.PIPE, text=True)
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
                             [self.account.address, int(FIXTURE["genesisChainId"], 16), int(FIXTURE["genesisRoot"]), verifiers, [2, 2, 2]])
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


class PooledDevelopmentL1Tests(unittest.TestCase):
    """--block-time: transactions wait in a pool, replacements need a tenth
    more in both fees, and a minimum priority fee holds cheap ones back."""

    ARGUMENTS = ["--block-time", "0.5"]
    setUpClass = DevelopmentL1Tests.__dict__["setUpClass"]
    tearDownClass = DevelopmentL1Tests.__dict__["tearDownClass"]
    rpc = DevelopmentL1Tests.rpc

    def transfer(self, nonce, tip, max_fee):
        tx = {"type": 2, "chainId": self.info["chainId"], "nonce": nonce, "maxPriorityFeePerGas": tip, "maxFeePerGas": max_fee,
              "gas": 21000, "to": "0x" + "11" * 20, "value": 1}
        return "0x" + self.account.sign_transaction(tx).raw_transaction.hex().removeprefix("0x")

    def receipt_within(self, hash_, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            receipt = self.rpc("eth_getTransactionReceipt", hash_)
            if receipt is not None:
                return receipt
            time.sleep(0.1)
        return None

    def test_transactions_wait_and_are_replaced_only_with_higher_fees(self):
        gwei = 10**9
        address = self.account.address
        nonce = int(self.rpc("eth_getTransactionCount", address, "latest"), 16)
        self.assertTrue(self.rpc("dev_setMinimumPriorityFee", hex(2 * gwei)))
        cheap = self.transfer(nonce, gwei, 100 * gwei)
        cheap_hash = self.rpc("eth_sendRawTransaction", cheap)
        with self.assertRaisesRegex(RuntimeError, "already known"):
            self.rpc("eth_sendRawTransaction", cheap)
        self.assertEqual(int(self.rpc("eth_getTransactionCount", address, "pending"), 16), nonce + 1)
        self.assertIsNone(self.rpc("eth_getTransactionByHash", cheap_hash)["blockNumber"])
        self.assertIsNone(self.receipt_within(cheap_hash, 1.5), "mined below the pool's minimum priority fee")
        with self.assertRaisesRegex(RuntimeError, "replacement transaction underpriced"):
            self.rpc("eth_sendRawTransaction", self.transfer(nonce, gwei * 105 // 100, 105 * gwei))
        replacement = self.rpc("eth_sendRawTransaction", self.transfer(nonce, 2 * gwei, 200 * gwei))
        receipt = self.receipt_within(replacement, 10)
        self.assertIsNotNone(receipt)
        self.assertEqual(int(receipt["status"], 16), 1)
        self.assertIsNone(self.rpc("eth_getTransactionReceipt", cheap_hash), "a replaced transaction was mined too")
        with self.assertRaisesRegex(RuntimeError, "nonce too low"):
            self.rpc("eth_sendRawTransaction", self.transfer(nonce, 3 * gwei, 300 * gwei))
        self.assertTrue(self.rpc("dev_setMinimumPriorityFee", "0x0"))
