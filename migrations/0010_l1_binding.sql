-- 0010: a chain that settles on L1 is bound to its contracts.
--
-- `rollup contracts deploy` deploys the chain's rollup contract, which
-- computes its CHAIN_ID from the chain's genesis id, the L1 chain id and
-- its own address. From then on that bound id is the chain's: what users
-- sign and every block proof binds it, so a signature made for one
-- deployment is worth nothing at another. server_config records the
-- binding: the L1 chain id (decimal) and the rollup contract's address
-- (0x and 40 lowercase hex digits), both or neither, and `chain_id` holds
-- the bound id. A chain is bound only before its first transaction; the
-- node derives the id again from the genesis id and these columns on
-- every start, and refuses a row whose id does not follow.

ALTER TABLE server_config ADD COLUMN l1_chain_id TEXT
    CHECK (l1_chain_id IS NULL OR length(l1_chain_id) BETWEEN 1 AND 20);
ALTER TABLE server_config ADD COLUMN l1_rollup TEXT
    CHECK (l1_rollup IS NULL OR length(l1_rollup) = 42);
