-- 0001 for PostgreSQL: the rollup's state (see migrations/0001_rollup_state.sql
-- for what each table holds).
--
-- The same tables, columns, keys and checks as SQLite's, in PostgreSQL's
-- types: BYTEA for SQLite's blobs, and BIGINT for every integer (times are
-- Unix milliseconds and nonces reach 2^32, past PostgreSQL's 32-bit
-- INTEGER). length() of a BYTEA counts its bytes, as of a blob.

CREATE TABLE server_config (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    tree_depth BIGINT NOT NULL,
    transfer_block_size BIGINT NOT NULL,
    deposit_block_size BIGINT NOT NULL,
    exit_block_size BIGINT NOT NULL,
    operator_key BYTEA NOT NULL CHECK (length(operator_key) = 32),
    bridge_public_key BYTEA CHECK (bridge_public_key IS NULL OR length(bridge_public_key) = 32),
    transfer_key_hash TEXT,
    deposit_key_hash TEXT,
    exit_key_hash TEXT
);

CREATE TABLE accounts (
    id BIGINT PRIMARY KEY CHECK (id >= 0 AND id < 16777216),
    public_key BYTEA NOT NULL CHECK (length(public_key) = 64),
    balance TEXT NOT NULL,
    nonce BIGINT NOT NULL CHECK (nonce >= 0 AND nonce < 4294967296),
    verified_block BIGINT NOT NULL
);

CREATE TABLE blocks (
    number BIGINT PRIMARY KEY CHECK (number >= 1),
    type TEXT NOT NULL CHECK (type IN ('transfer', 'deposit', 'exit')),
    slot_count BIGINT NOT NULL,
    old_root TEXT NOT NULL,
    new_root TEXT NOT NULL,
    total_fee TEXT NOT NULL,
    pubdata BYTEA NOT NULL,
    commitment TEXT NOT NULL,
    committed_at BIGINT NOT NULL,
    verified_at BIGINT
);

CREATE TABLE transactions (
    hash TEXT PRIMARY KEY,
    sequence BIGINT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('transfer', 'deposit', 'exit')),
    body BYTEA NOT NULL,
    account_id BIGINT,
    recipient_id BIGINT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'committed', 'verified', 'rejected')),
    reason TEXT,
    block_number BIGINT REFERENCES blocks(number),
    slot BIGINT,
    received_at BIGINT NOT NULL,
    CHECK ((status IN ('committed', 'verified')) = (block_number IS NOT NULL)),
    CHECK ((status = 'rejected') = (reason IS NOT NULL))
);
CREATE INDEX transactions_pending ON transactions(sequence) WHERE status = 'pending';
CREATE INDEX transactions_by_block ON transactions(block_number, slot);
CREATE INDEX transactions_by_account ON transactions(account_id, sequence);
CREATE INDEX transactions_by_recipient ON transactions(recipient_id, sequence);

CREATE TABLE account_updates (
    block_number BIGINT NOT NULL REFERENCES blocks(number),
    position BIGINT NOT NULL,
    slot BIGINT,
    account_id BIGINT NOT NULL,
    before BYTEA CHECK (before IS NULL OR length(before) = 84),
    after BYTEA NOT NULL CHECK (length(after) = 84),
    siblings BYTEA NOT NULL,
    root_before TEXT NOT NULL,
    root_after TEXT NOT NULL,
    PRIMARY KEY (block_number, position)
);

CREATE TABLE proofs (
    block_number BIGINT PRIMARY KEY REFERENCES blocks(number),
    proof TEXT NOT NULL,
    prover TEXT,
    created_at BIGINT NOT NULL
);
