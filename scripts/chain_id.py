"""The rollup chain id (docs/PROTOCOL.md, "The chain id") from GET /v1/chain,
with nothing but hashlib: the genesis id, and the id of a chain bound to its
L1 contracts. Used by scripts/make_contract_fixtures.py and the settlement
tests' fixtures as a check independent of the Swift code."""
import hashlib

BLOCK_TYPES = ("transfer", "deposit", "exit")  # the registry's order


def genesis_chain_id(chain):
    """SHA-256(genesis root ‖ depth ‖ each type's name and slots ‖ operator key ‖ bridge key ‖ salt), below 2^253."""
    preimage = int(chain["genesisRoot"]).to_bytes(32, "big") + bytes([chain["treeDepth"]])
    for kind in BLOCK_TYPES:
        preimage += bytes([len(kind)]) + kind.encode() + bytes([chain["blockSizes"][kind]])
    preimage += bytes.fromhex(chain["operatorPublicKey"][2:]) + bytes.fromhex(chain["bridgePublicKey"][2:]) + bytes.fromhex(chain["chainSalt"][2:])
    return field_digest(preimage)


def bound_chain_id(genesis, l1_chain_id, rollup):
    """A genesis chain id bound to its L1 contracts, as the rollup contract computes CHAIN_ID."""
    return field_digest(genesis + l1_chain_id.to_bytes(32, "big") + bytes.fromhex(rollup[2:]))


def field_digest(preimage):
    digest = bytearray(hashlib.sha256(preimage).digest())
    digest[0] &= 0x1F
    return bytes(digest)
