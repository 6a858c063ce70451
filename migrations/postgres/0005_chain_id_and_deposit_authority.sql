-- 0005 for PostgreSQL: the chain id, and what deposits' authority published
-- (see migrations/0005_chain_id_and_deposit_authority.sql), in PostgreSQL's
-- types: BYTEA for blobs, BIGINT for integers.

ALTER TABLE server_config ADD COLUMN chain_salt BYTEA CHECK (chain_salt IS NULL OR length(chain_salt) = 32);
ALTER TABLE server_config ADD COLUMN chain_id TEXT;
ALTER TABLE blocks ADD COLUMN authority BYTEA NOT NULL DEFAULT ''::bytea;

CREATE TABLE bridge_sequences (
    sequence BIGINT PRIMARY KEY,
    block_number BIGINT NOT NULL REFERENCES blocks(number)
);
CREATE INDEX bridge_sequences_by_block ON bridge_sequences(block_number);
