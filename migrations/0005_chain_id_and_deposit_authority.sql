-- 0005: the chain id, and what deposits' authority published.
--
-- Every signed message binds the chain id (docs/PROTOCOL.md, "The chain
-- id"), and each block's proof takes it as its fourth public input (circuit
-- version 3). `server_config.chain_salt` holds the 32 random bytes drawn at
-- genesis and `chain_id` the id they derive with the genesis root, the
-- chain's shape and the operator's and bridge's keys, as "0x" and 64 hex
-- digits; the node derives it again on every start and refuses a row whose
-- id does not follow. A database made before this migration has neither,
-- and its blocks were proved by version 2's circuits: the node refuses it.
--
-- `blocks.authority` is what a block publishes beside its pubdata so that
-- anyone can check who vouched for each slot: for a deposit block, per
-- slot, the bridge's sequence (8 bytes) and its Ed25519 signature (64),
-- zeros in padding; empty for blocks of owner-signed kinds, whose
-- signatures the proof covers.
--
-- `bridge_sequences` holds every bridge sequence a stored block spent,
-- with that block, so that a sequence is credited once for the chain's
-- life, across restarts and restores. A sequence is a 64-bit unsigned
-- number stored as the signed 64-bit integer of the same bits.

ALTER TABLE server_config ADD COLUMN chain_salt BLOB CHECK (chain_salt IS NULL OR length(chain_salt) = 32);
ALTER TABLE server_config ADD COLUMN chain_id TEXT;
ALTER TABLE blocks ADD COLUMN authority BLOB NOT NULL DEFAULT x'';

CREATE TABLE bridge_sequences (
    sequence INTEGER PRIMARY KEY,
    block_number INTEGER NOT NULL REFERENCES blocks(number)
);
CREATE INDEX bridge_sequences_by_block ON bridge_sequences(block_number);
