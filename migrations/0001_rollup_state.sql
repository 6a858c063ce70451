-- 0001: the rollup's state.
--
-- Two states live here. `accounts` is the *verified* state: what proofs
-- have confirmed, block by block in order. The *committed* state is that
-- plus the `account_updates` of every block committed but not yet verified,
-- applied in block order; the node rebuilds its tree from the two on start.
--
-- `transactions` holds every accepted transaction from the moment it is
-- accepted (status 'pending', before the API answers), so a crash loses
-- nothing acknowledged. `sequence` is the arrival order, in which pending
-- transactions are re-queued after a restart. `body` is the transaction's
-- canonical encoding (its id preimage, docs/PROTOCOL.md), `hash` its id;
-- `account_id` is the account that signed it (or the deposit's account)
-- and `recipient_id` a transfer's recipient, for per-account listings.
--
-- `blocks` and `account_updates` are written in one database transaction
-- per sealed block. An update keeps the leaf before and after (public key
-- x and y, 32 bytes each, balance 16, nonce 4; NULL before a new account)
-- and the 36 siblings of its path (32 bytes each), so a prover can rebuild
-- a block's witness from the database alone. Integers in blobs are
-- big-endian. Public keys are stored unpacked (x ‖ y), so that reading
-- 100k accounts back needs no square roots or subgroup checks; they were
-- checked when they entered. Field elements are decimal text; balances too
-- (they are 128-bit); times are Unix milliseconds.
--
-- `server_config` is a single row: the chain's parameters, the hashes of
-- the circuits' verifying keys and the bridge's Ed25519 public key.

CREATE TABLE server_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tree_depth INTEGER NOT NULL,
    transfer_block_size INTEGER NOT NULL,
    deposit_block_size INTEGER NOT NULL,
    exit_block_size INTEGER NOT NULL,
    operator_key BLOB NOT NULL CHECK (length(operator_key) = 32),
    bridge_public_key BLOB CHECK (bridge_public_key IS NULL OR length(bridge_public_key) = 32),
    transfer_key_hash TEXT,
    deposit_key_hash TEXT,
    exit_key_hash TEXT
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY CHECK (id >= 0 AND id < 16777216),
    public_key BLOB NOT NULL CHECK (length(public_key) = 64),
    balance TEXT NOT NULL,
    nonce INTEGER NOT NULL CHECK (nonce >= 0 AND nonce < 4294967296),
    verified_block INTEGER NOT NULL
);

CREATE TABLE blocks (
    number INTEGER PRIMARY KEY CHECK (number >= 1),
    type TEXT NOT NULL CHECK (type IN ('transfer', 'deposit', 'exit')),
    slot_count INTEGER NOT NULL,
    old_root TEXT NOT NULL,
    new_root TEXT NOT NULL,
    total_fee TEXT NOT NULL,
    pubdata BLOB NOT NULL,
    commitment TEXT NOT NULL,
    committed_at INTEGER NOT NULL,
    verified_at INTEGER
);

CREATE TABLE transactions (
    hash TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('transfer', 'deposit', 'exit')),
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
CREATE INDEX transactions_pending ON transactions(sequence) WHERE status = 'pending';
CREATE INDEX transactions_by_block ON transactions(block_number, slot);
CREATE INDEX transactions_by_account ON transactions(account_id, sequence);
CREATE INDEX transactions_by_recipient ON transactions(recipient_id, sequence);

CREATE TABLE account_updates (
    block_number INTEGER NOT NULL REFERENCES blocks(number),
    position INTEGER NOT NULL,
    slot INTEGER,
    account_id INTEGER NOT NULL,
    before BLOB CHECK (before IS NULL OR length(before) = 84),
    after BLOB NOT NULL CHECK (length(after) = 84),
    siblings BLOB NOT NULL,
    root_before TEXT NOT NULL,
    root_after TEXT NOT NULL,
    PRIMARY KEY (block_number, position)
);

CREATE TABLE proofs (
    block_number INTEGER PRIMARY KEY REFERENCES blocks(number),
    proof TEXT NOT NULL,
    prover TEXT,
    created_at INTEGER NOT NULL
);
