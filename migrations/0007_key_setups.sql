-- 0007: whether each block type's proving key is a development key.
--
-- A single-party development setup (`rollup setup`, `rollup node --dev`)
-- leaves its maker able to forge proofs; a ceremony's key does not. The
-- node records which one each block type's bound key is, once, when it
-- binds the key (the key hashes of server_config), and GET /v1/chain shows
-- it; a follower refuses a chain with development keys unless told to
-- follow it anyway. A database made before has no rows: its keys were
-- development keys or a ceremony's, and the node records which on its
-- next start, from the key files.

CREATE TABLE key_setups (
    block_type TEXT PRIMARY KEY,
    setup TEXT NOT NULL CHECK (setup IN ('development', 'ceremony'))
);
