"""A development L1 for the contract tests: py-evm through eth-tester,
and the contracts of contracts/build driven by their ABI (no web3)."""
import json
from pathlib import Path

from eth_abi import decode, encode
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import TransactionFailed
from eth_utils import function_signature_to_4byte_selector

BUILD = Path(__file__).resolve().parent.parent / "build"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GAS = 15_000_000


def abi_type(parameter):
    """The canonical ABI type of an ABI parameter (tuples spelled out)."""
    kind = parameter["type"]
    if kind.startswith("tuple"):
        return "(" + ",".join(abi_type(component) for component in parameter["components"]) + ")" + kind[len("tuple"):]
    return kind


class Reverted(Exception):
    """A transaction or call that reverted, with its reason."""


class Contract:
    def __init__(self, chain, name, address):
        self.chain = chain
        self.address = address
        self.functions = {entry["name"]: entry for entry in load(name)["abi"] if entry["type"] == "function"}

    def _data(self, name, arguments):
        function = self.functions[name]
        types = [abi_type(parameter) for parameter in function["inputs"]]
        return function_signature_to_4byte_selector(f"{name}({','.join(types)})") + encode(types, list(arguments))

    def call(self, name, *arguments):
        function = self.functions[name]
        try:
            raw = self.chain.tester.call({"from": self.chain.accounts[0], "to": self.address, "gas": GAS, "data": "0x" + self._data(name, arguments).hex()})
        except TransactionFailed as failure:
            raise Reverted(reason(failure)) from None
        values = decode([abi_type(parameter) for parameter in function["outputs"]], bytes.fromhex(raw[2:]) if isinstance(raw, str) else raw)
        return values[0] if len(values) == 1 else values

    def transact(self, name, *arguments, sender=None, value=0):
        """Sends the call as a transaction; returns its receipt."""
        return self.chain.send(sender or self.chain.accounts[0], self.address, self._data(name, arguments), value)


def reason(failure):
    text = str(failure.args[0]) if failure.args else str(failure)
    return text.removeprefix("execution reverted: ")


def load(name):
    return json.loads((BUILD / f"{name}.json").read_text())


class Chain:
    def __init__(self):
        self.tester = EthereumTester(PyEVMBackend())
        self.accounts = self.tester.get_accounts()

    def send(self, sender, to, data, value=0):
        transaction = {"from": sender, "gas": GAS, "value": value, "data": "0x" + data.hex()}
        if to is not None:
            transaction["to"] = to
        # A mined transaction that reverts has status 0 and no reason: the
        # same call on the latest state first gives the reason.
        try:
            if to is not None:
                self.tester.call(transaction)
            hash = self.tester.send_transaction(transaction)
        except TransactionFailed as failure:
            raise Reverted(reason(failure)) from None
        receipt = self.tester.get_transaction_receipt(hash)
        if receipt["status"] != 1:
            raise Reverted("reverted without a reason")
        return receipt

    def deploy(self, name, types, arguments, sender=None):
        bytecode = bytes.fromhex(load(name)["bytecode"][2:])
        receipt = self.send(sender or self.accounts[0], None, bytecode + encode(types, list(arguments)))
        return Contract(self, name, receipt["contract_address"])

    def balance(self, address):
        return self.tester.get_balance(address)


def g1(point):
    return [int(point[0]), int(point[1])]


def g2(point):
    """snarkjs's [[x_re, x_im], [y_re, y_im], …] in EIP-197's order."""
    return [int(point[0][1]), int(point[0][0]), int(point[1][1]), int(point[1][0])]


def proof_arguments(proof):
    b = g2(proof["pi_b"])
    return (g1(proof["pi_a"]), [b[0:2], b[2:4]], g1(proof["pi_c"]))


def verifier_arguments(key):
    ic = [coordinate for point in key["IC"] for coordinate in g1(point)]
    return (g1(key["vk_alpha_1"]), g2(key["vk_beta_2"]), g2(key["vk_gamma_2"]), g2(key["vk_delta_2"]), ic)


VERIFIER_TYPES = ["uint256[2]", "uint256[4]", "uint256[4]", "uint256[4]", "uint256[10]"]
