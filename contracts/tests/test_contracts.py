"""The L1 contracts on py-evm, against a real chain of proved blocks
(contracts/fixtures/chain.json, made by scripts/make_contract_fixtures.py
from the project's own node): deposits, blocks, exits and withdrawals, and
every refusal with its revert reason.

    python3 -m unittest discover -s contracts/tests
"""
import hashlib
import json
import subprocess
import sys
import unittest
from pathlib import Path

from l1 import FIXTURES, VERIFIER_TYPES, Chain, Reverted, proof_arguments, verifier_arguments

TAGS = {"deposit": 1, "transfer": 2, "exit": 3}
ORDER = ("deposit", "transfer", "exit")
NEW_ACCOUNT = 2**24 - 1
WEI_PER_UNIT = 10**9
FIXTURE = json.loads((FIXTURES / "chain.json").read_text())


def commit_of(block, pubdata=None, old_root=None):
    return (TAGS[block["type"]], int(old_root if old_root is not None else block["oldRoot"]), int(block["newRoot"]),
            int(block["totalFee"]), pubdata if pubdata is not None else bytes.fromhex(block["pubdata"][2:]))


def deposits_in(block):
    """The (public key, amount) of each deposit a deposit block's pubdata states, in order."""
    pubdata = bytes.fromhex(block["pubdata"][2:])
    size = 52
    slots = [pubdata[i:i + size] for i in range(0, len(pubdata), size)]
    return [(slot[20:52], int.from_bytes(slot[4:20], "big")) for slot in slots if slot[0] == 1]


class Deployment:
    """The fixture chain's contracts, deployed as scripts/make_contract_fixtures.py
    deployed them (the first account, three verifiers, then the rollup
    contract at its nonce 3): so at the same address, with the same CHAIN_ID,
    under which the fixture's blocks were signed and proved."""

    def __init__(self):
        self.chain = Chain()
        self.operator, self.user, self.stranger = self.chain.accounts[:3]
        verifiers = [self.chain.deploy("Groth16Verifier", VERIFIER_TYPES, verifier_arguments(FIXTURE["verificationKeys"][kind])) for kind in ORDER]
        self.verifiers = dict(zip(ORDER, verifiers))
        self.rollup = self.deploy_rollup()

    def deploy_rollup(self):
        """A rollup contract for the fixture's chain (its genesis id) at the deployer's next nonce."""
        return self.chain.deploy(
            "Rollup", ["address", "uint256", "uint256", "address[3]", "uint256[3]"],
            (self.operator, int(FIXTURE["genesisChainId"], 16), int(FIXTURE["genesisRoot"]), [self.verifiers[kind].address for kind in ORDER],
             [FIXTURE["blockSizes"][kind] for kind in ORDER]))

    def deposit(self, key, amount, account=NEW_ACCOUNT):
        return self.rollup.transact("deposit", key, account, value=amount * WEI_PER_UNIT, sender=self.user)

    def deposit_for(self, block):
        for key, amount in deposits_in(block):
            self.deposit(key, amount)


class VerifierTests(unittest.TestCase):
    """The Groth16 verifier against the blocks' real proofs."""

    @classmethod
    def setUpClass(cls):
        cls.deployment = Deployment()

    def check(self, block, proof=None, inputs=None):
        verifier = self.deployment.verifiers[block["type"]]
        a, b, c = proof_arguments(proof or block["proof"])
        inputs = inputs or [int(block["oldRoot"]), int(block["newRoot"]), int(block["commitment"]), int(FIXTURE["chainId"], 16)]
        return verifier.call("verifyProof", a, b, c, inputs)

    def test_every_real_proof_verifies(self):
        self.assertGreaterEqual(len(FIXTURE["blocks"]), 3)
        for block in FIXTURE["blocks"]:
            self.assertTrue(self.check(block), f"block {block['number']}")

    def test_tampered_inputs_points_off_the_curve_and_swapped_points_are_refused(self):
        block = FIXTURE["blocks"][0]
        good = [int(block["oldRoot"]), int(block["newRoot"]), int(block["commitment"]), int(FIXTURE["chainId"], 16)]
        for index in range(4):
            tampered = list(good)
            tampered[index] = (tampered[index] + 1) % 21888242871839275222246405745257275088548364400416034343698204186575808495617
            self.assertFalse(self.check(block, inputs=tampered), f"public input {index} changed")
        proof = json.loads(json.dumps(block["proof"]))
        proof["pi_a"], proof["pi_c"] = block["proof"]["pi_c"], block["proof"]["pi_a"]
        self.assertFalse(self.check(block, proof=proof), "A and C swapped")
        off = json.loads(json.dumps(block["proof"]))
        off["pi_a"][1] = str(int(off["pi_a"][1]) + 1)
        self.assertFalse(self.check(block, proof=off), "A off the curve")
        self.assertFalse(self.check(block, inputs=good[:3] + [good[3] + 21888242871839275222246405745257275088548364400416034343698204186575808495617]),
                         "a public input outside the scalar field")


class RollupTests(unittest.TestCase):
    def setUp(self):
        self.d = Deployment()
        self.blocks = FIXTURE["blocks"]

    def commit_and_prove(self, blocks):
        for block in blocks:
            if block["type"] == "deposit":
                self.d.deposit_for(block)
        return self.d.rollup.transact("commitAndProveBlocks", [commit_of(b) for b in blocks], [proof_arguments(b["proof"]) for b in blocks],
                                      sender=self.d.operator)

    def test_the_chain_settles_and_its_exit_is_withdrawn(self):
        types = [block["type"] for block in self.blocks]
        self.assertIn("deposit", types)
        self.assertIn("transfer", types)
        self.assertEqual(types[-1], "exit")
        rollup = self.d.rollup
        # Committed in one transaction, proved in another.
        for block in self.blocks:
            if block["type"] == "deposit":
                self.d.deposit_for(block)
        rollup.transact("commitBlocks", [commit_of(b) for b in self.blocks], sender=self.d.operator)
        self.assertEqual(rollup.call("committedBlocks"), len(self.blocks))
        self.assertEqual(rollup.call("verifiedBlocks"), 0)
        self.assertEqual(rollup.call("depositsConsumed"), rollup.call("depositCount"))
        for block in self.blocks:
            stored = rollup.call("blocks", block["number"])
            self.assertEqual(stored[2], int(block["commitment"]), f"block {block['number']}'s commitment, recomputed on chain")
        rollup.transact("proveBlocks", [proof_arguments(b["proof"]) for b in self.blocks], sender=self.d.stranger)
        self.assertEqual(rollup.call("verifiedBlocks"), len(self.blocks))
        self.assertEqual(rollup.call("verifiedRoot"), int(self.blocks[-1]["newRoot"]))

        exit_address = FIXTURE["exitAddress"]
        exit_slot = bytes.fromhex(self.blocks[-1]["pubdata"][2:])[:42]
        amount = int.from_bytes(exit_slot[4:20], "big") * WEI_PER_UNIT
        self.assertEqual(rollup.call("withdrawable", exit_address), amount)
        before = self.d.chain.balance(exit_address)
        rollup.transact("withdraw", exit_address, sender=self.d.stranger)
        self.assertEqual(self.d.chain.balance(exit_address) - before, amount)
        with self.assertRaisesRegex(Reverted, "nothing to withdraw"):
            rollup.transact("withdraw", exit_address, sender=self.d.stranger)

    def test_blocks_commit_and_prove_in_one_transaction(self):
        self.commit_and_prove(self.blocks)
        self.assertEqual(self.d.rollup.call("verifiedRoot"), int(self.blocks[-1]["newRoot"]))

    def test_one_call_proves_stored_blocks_then_its_own_and_keeps_the_rest(self):
        # Blocks committed and proved in one call are never stored; a call
        # proves stored blocks before its own, and stores what it leaves unproved.
        self.assertGreaterEqual(len(self.blocks), 4)
        rollup = self.d.rollup
        for block in self.blocks:
            if block["type"] == "deposit":
                self.d.deposit_for(block)
        first, second, rest = self.blocks[0], self.blocks[1], self.blocks[2:]
        rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)
        self.assertEqual(rollup.call("blocks", first["number"])[2], int(first["commitment"]))
        rollup.transact("commitAndProveBlocks", [commit_of(second)], [proof_arguments(first["proof"]), proof_arguments(second["proof"])],
                        sender=self.d.operator)
        self.assertEqual(rollup.call("verifiedBlocks"), 2)
        self.assertEqual(rollup.call("blocks", second["number"]), (0, 0, 0))
        rollup.transact("commitAndProveBlocks", [commit_of(b) for b in rest], [proof_arguments(rest[0]["proof"])], sender=self.d.operator)
        self.assertEqual(rollup.call("verifiedBlocks"), 3)
        self.assertEqual(rollup.call("blocks", rest[0]["number"]), (0, 0, 0))
        self.assertEqual(rollup.call("blocks", rest[1]["number"])[2], int(rest[1]["commitment"]))
        with self.assertRaisesRegex(Reverted, "the block proof does not verify"):
            rollup.transact("proveBlocks", [proof_arguments(rest[0]["proof"])], sender=self.d.stranger)
        rollup.transact("proveBlocks", [proof_arguments(b["proof"]) for b in rest[1:]], sender=self.d.stranger)
        self.assertEqual(rollup.call("verifiedRoot"), int(self.blocks[-1]["newRoot"]))
        with self.assertRaisesRegex(Reverted, "no committed block to prove"):
            rollup.transact("proveBlocks", [proof_arguments(rest[-1]["proof"])], sender=self.d.stranger)

    def test_only_the_operator_commits(self):
        first = self.blocks[0]
        self.d.deposit_for(first)
        with self.assertRaisesRegex(Reverted, "only the operator commits blocks"):
            self.d.rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.stranger)

    def test_the_chain_id_binds_the_l1_chain_and_the_contracts_address(self):
        binding = FIXTURE["l1Binding"]
        self.assertEqual(self.d.rollup.address.lower(), binding["rollup"])
        self.assertEqual(self.d.chain.tester.backend.chain.chain_id, binding["l1ChainId"])
        preimage = bytes.fromhex(FIXTURE["genesisChainId"][2:]) + binding["l1ChainId"].to_bytes(32, "big") + bytes.fromhex(binding["rollup"][2:])
        self.assertEqual(self.d.rollup.call("CHAIN_ID"), int.from_bytes(hashlib.sha256(preimage).digest(), "big") & (2**253 - 1))
        self.assertEqual(self.d.rollup.call("CHAIN_ID"), int(FIXTURE["chainId"], 16))

    def test_a_block_of_one_deployment_is_refused_at_another_of_the_same_chain(self):
        # The same chain deployed a second time: its CHAIN_ID binds another
        # address, so the users' signatures in the first deployment's blocks
        # (and their proofs) are worth nothing there.
        first = self.blocks[0]
        other = self.d.deploy_rollup()
        self.assertNotEqual(other.address, self.d.rollup.address)
        self.assertNotEqual(other.call("CHAIN_ID"), self.d.rollup.call("CHAIN_ID"))
        for key, amount in deposits_in(first):
            other.transact("deposit", key, NEW_ACCOUNT, value=amount * WEI_PER_UNIT, sender=self.d.user)
        with self.assertRaisesRegex(Reverted, "the block proof does not verify"):
            other.transact("commitAndProveBlocks", [commit_of(first)], [proof_arguments(first["proof"])], sender=self.d.operator)
        self.commit_and_prove([first])
        self.assertEqual(self.d.rollup.call("verifiedBlocks"), 1)

    def test_a_wrong_proof_is_refused(self):
        first, second = self.blocks[0], self.blocks[1]
        self.d.deposit_for(first)
        with self.assertRaisesRegex(Reverted, "the block proof does not verify"):
            self.d.rollup.transact("commitAndProveBlocks", [commit_of(first)], [proof_arguments(second["proof"])], sender=self.d.operator)

    def test_a_wrong_old_root_is_refused(self):
        first = self.blocks[0]
        self.d.deposit_for(first)
        with self.assertRaisesRegex(Reverted, "the old root is not the last committed root"):
            self.d.rollup.transact("commitBlocks", [commit_of(first, old_root=int(first["oldRoot"]) + 1)], sender=self.d.operator)

    def test_altered_pubdata_is_refused(self):
        transfer_index = next(i for i, b in enumerate(self.blocks) if b["type"] == "transfer")
        self.commit_and_prove(self.blocks[:transfer_index])
        block = self.blocks[transfer_index]
        pubdata = bytearray.fromhex(block["pubdata"][2:])
        pubdata[9] ^= 1  # the packed amount
        with self.assertRaisesRegex(Reverted, "the block proof does not verify"):
            self.d.rollup.transact("commitAndProveBlocks", [commit_of(block, pubdata=bytes(pubdata))], [proof_arguments(block["proof"])],
                                   sender=self.d.operator)
        pubdata = bytes.fromhex(block["pubdata"][2:])
        with self.assertRaisesRegex(Reverted, "the pubdata's length is not its block type's"):
            self.d.rollup.transact("commitBlocks", [commit_of(block, pubdata=pubdata[:-1])], sender=self.d.operator)

    def test_a_deposit_block_must_consume_the_next_deposits_exactly(self):
        first = self.blocks[0]
        self.assertEqual(first["type"], "deposit")
        deposits = deposits_in(first)
        key, amount = deposits[0]
        # A deposit nobody made.
        with self.assertRaisesRegex(Reverted, "a deposit block consumes a deposit nobody made"):
            self.d.rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)
        # An earlier deposit the block skips.
        self.d.deposit(key, amount + 1)
        self.d.deposit_for(first)
        with self.assertRaisesRegex(Reverted, "a deposit block alters a deposit's amount"):
            self.d.rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)

    def test_a_deposit_block_must_state_the_deposits_key(self):
        first = self.blocks[0]
        key, amount = deposits_in(first)[0]
        other = bytes(31) + b"\x01"
        self.d.deposit(other, amount)
        with self.assertRaisesRegex(Reverted, "a deposit block alters a deposit's public key"):
            self.d.rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)

    def test_a_top_up_may_land_in_another_account_of_its_key(self):
        # A top-up naming an account that is not its key's is credited to a new account of the key: the queue never stalls.
        first = self.blocks[0]
        key, amount = deposits_in(first)[0]
        account = int.from_bytes(bytes.fromhex(first["pubdata"][2:])[1:4], "big")
        self.d.deposit(key, amount, account=account + 1)
        self.d.rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)
        self.assertEqual(self.d.rollup.call("depositsConsumed"), 1)

    def test_a_deposit_no_block_can_hold_is_refunded_to_its_depositor(self):
        first = self.blocks[0]
        rollup = self.d.rollup
        self.d.deposit(b"\xff" * 32, 7)  # no BabyJubJub point: no rollup account can hold it
        self.d.deposit_for(first)
        with self.assertRaisesRegex(Reverted, "a deposit block alters a deposit's amount"):
            rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)
        with self.assertRaisesRegex(Reverted, "only the operator skips deposits"):
            rollup.transact("skipDeposits", 1, sender=self.d.stranger)
        with self.assertRaisesRegex(Reverted, "a skip is 1 to 64 deposits"):
            rollup.transact("skipDeposits", 0, sender=self.d.operator)
        with self.assertRaisesRegex(Reverted, "a skip of a deposit nobody made"):
            rollup.transact("skipDeposits", 2 + len(deposits_in(first)), sender=self.d.operator)
        receipt = rollup.transact("skipDeposits", 1, sender=self.d.operator)
        self.assertEqual(len(receipt["logs"]), 1, "one DepositRefunded")
        self.assertEqual(rollup.call("depositsConsumed"), 1)
        self.assertEqual(rollup.call("withdrawable", self.d.user), 7 * WEI_PER_UNIT)
        rollup.transact("commitBlocks", [commit_of(first)], sender=self.d.operator)
        self.assertEqual(rollup.call("depositsConsumed"), 1 + len(deposits_in(first)))
        before = self.d.chain.balance(self.d.user)
        rollup.transact("withdraw", self.d.user, sender=self.d.stranger)
        self.assertEqual(self.d.chain.balance(self.d.user) - before, 7 * WEI_PER_UNIT)

    def test_deposits_are_whole_units_and_emit_their_serial(self):
        key, amount = deposits_in(self.blocks[0])[0]
        with self.assertRaisesRegex(Reverted, "a deposit is whole rollup units"):
            self.d.rollup.transact("deposit", key, NEW_ACCOUNT, value=WEI_PER_UNIT + 1, sender=self.d.user)
        with self.assertRaisesRegex(Reverted, "a deposit is more than 0"):
            self.d.rollup.transact("deposit", key, NEW_ACCOUNT, value=0, sender=self.d.user)
        with self.assertRaisesRegex(Reverted, "an account id is below 2\\^24"):
            self.d.rollup.transact("deposit", key, 2**24, value=WEI_PER_UNIT, sender=self.d.user)
        receipt = self.d.deposit(key, amount)
        self.assertEqual(len(receipt["logs"]), 1)
        self.assertEqual(int(receipt["logs"][0]["topics"][1].hex(), 16) if isinstance(receipt["logs"][0]["topics"][1], bytes)
                         else int(receipt["logs"][0]["topics"][1], 16), 0, "the first serial is 0")
        self.assertEqual(self.d.rollup.call("deposits", 0), (NEW_ACCOUNT, key, amount, self.d.user.lower()))
        self.assertEqual(self.d.chain.balance(self.d.rollup.address), amount * WEI_PER_UNIT)

    def test_nothing_is_proved_ahead_of_its_commit(self):
        with self.assertRaisesRegex(Reverted, "no committed block to prove"):
            self.d.rollup.transact("proveBlocks", [proof_arguments(self.blocks[0]["proof"])], sender=self.d.stranger)


class ArtifactTests(unittest.TestCase):
    def test_the_committed_artifacts_are_a_fresh_compile(self):
        compile_script = Path(__file__).resolve().parent.parent / "compile.py"
        result = subprocess.run([sys.executable, str(compile_script), "--check"], capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)


if __name__ == "__main__":
    unittest.main()
