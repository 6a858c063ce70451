-- 0009 on PostgreSQL: block types as data (see migrations/0009 for the
-- why). PostgreSQL drops the CHECK lists of `blocks.type` and
-- `transactions.type` in place, by their default names. A role that
-- could read server_config (a prover's, `rollup db grant-prover`) may
-- read block_types too, so that provers granted before keep working.

CREATE TABLE block_types (
    name TEXT PRIMARY KEY,
    slots BIGINT NOT NULL CHECK (slots >= 1),
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
ALTER TABLE server_config
    DROP COLUMN transfer_block_size, DROP COLUMN deposit_block_size, DROP COLUMN exit_block_size,
    DROP COLUMN transfer_key_hash, DROP COLUMN deposit_key_hash, DROP COLUMN exit_key_hash;

ALTER TABLE blocks DROP CONSTRAINT blocks_type_check;
ALTER TABLE transactions DROP CONSTRAINT transactions_type_check;

DO $$
DECLARE reader RECORD;
BEGIN
    FOR reader IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_name = 'server_config' AND privilege_type = 'SELECT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT SELECT ON block_types TO %I', reader.grantee);
    END LOOP;
END
$$;
