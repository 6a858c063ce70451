-- 0009: block types as data.
--
-- Each block type the chain was made with is a row of `block_types`: its
-- name, its slots per block, the hash of the verifying key it is bound to
-- (NULL until the node binds one) and whether that key came from a
-- development setup or a ceremony (NULL until recorded). The node writes
-- the rows at genesis, one per kind of its registry; a new kind adds a row
-- to a new chain, and no column or constraint here.
--
-- The rows replace server_config's columns TYPE_block_size and
-- TYPE_key_hash and the table key_setups (0007), whose values this
-- migration carries over; and the CHECK lists of `blocks.type` and
-- `transactions.type` go: the node checks every type it reads against
-- its registry, and refuses a row of a type it does not know as corrupt.
--
-- SQLite cannot drop a CHECK constraint, so `blocks` and `transactions`
-- are rebuilt as the same tables without it. The migrator runs this
-- with foreign keys off and checks them before it commits.

CREATE TABLE block_types (
    name TEXT PRIMARY KEY,
    slots INTEGER NOT NULL CHECK (slots >= 1),
    key_hash TEXT,
    setup TEXT CHECK (setup IS NULL OR setup IN ('development', 'ceremony'))
);

INSERT INTO block_types (name, slots, key_hash, setup)
SELECT 'transfer', transfer_block_size, transfer_key_hash, (SELECT setup FROM key_setups WHERE block_type = 'transfer') FROM server_config
UNION ALL
SELECT 'deposit', deposit_block_size, deposit_key_hash, (SELECT setup FROM key_setups WHERE block_type = 'deposit') FROM server_config
UNION ALL
SELECT 'exit', exit_block_size, exit_key_hash, (SELECT setup FROM key_setups WHERE block_type = 'exit') FROM server_config;

DROP TABLE key_setups;
ALTER TABLE server_config DROP COLUMN transfer_block_size;
ALTER TABLE server_config DROP COLUMN deposit_block_size;
ALTER TABLE server_config DROP COLUMN exit_block_size;
ALTER TABLE server_config DROP COLUMN transfer_key_hash;
ALTER TABLE server_config DROP COLUMN deposit_key_hash;
ALTER TABLE server_config DROP COLUMN exit_key_hash;

CREATE TABLE blocks_without_type_list (
    number INTEGER PRIMARY KEY CHECK (number >= 1),
    type TEXT NOT NULL,
    slot_count INTEGER NOT NULL,
    old_root TEXT NOT NULL,
    new_root TEXT NOT NULL,
    total_fee TEXT NOT NULL,
    pubdata BLOB NOT NULL,
    commitment TEXT NOT NULL,
    committed_at INTEGER NOT NULL,
    verified_at INTEGER,
    authority BLOB NOT NULL DEFAULT x''
);
INSERT INTO blocks_without_type_list (number, type, slot_count, old_root, new_root, total_fee, pubdata, commitment, committed_at, verified_at, authority)
SELECT number, type, slot_count, old_root, new_root, total_fee, pubdata, commitment, committed_at, verified_at, authority FROM blocks;
DROP TABLE blocks;
ALTER TABLE blocks_without_type_list RENAME TO blocks;

CREATE TABLE transactions_without_type_list (
    hash TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE,
    type TEXT NOT NULL,
    body BLOB NOT NULL,
    account_id INTEGER,
    recipient_id INTEGER,
    status TEXT NOT NULL CHECK (status IN ('pending', 'committed', 'verified', 'rejected')),
    reason TEXT,
    block_number INTEGER REFERENCES blocks(number),
    slot INTEGER,
    received_at INTEGER NOT NULL,
    CHECK ((status IN ('committed', 'verified')) = (block_number IS NOT NULL)),
    CHECK ((status = 'rejected') = (reason IS NOT NULL))
);
INSERT INTO transactions_without_type_list (hash, sequence, type, body, account_id, recipient_id, status, reason, block_number, slot, received_at)
SELECT hash, sequence, type, body, account_id, recipient_id, status, reason, block_number, slot, received_at FROM transactions;
DROP TABLE transactions;
ALTER TABLE transactions_without_type_list RENAME TO transactions;
CREATE INDEX transactions_pending ON transactions(sequence) WHERE status = 'pending';
CREATE INDEX transactions_by_block ON transactions(block_number, slot);
CREATE INDEX transactions_by_account ON transactions(account_id, sequence);
CREATE INDEX transactions_by_recipient ON transactions(recipient_id, sequence);
