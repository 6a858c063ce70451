-- 0004: server_config records the whole of the chain's parameters.
--
-- The tree depth and the slots per block type were recorded from the
-- start; the transfer block timeout, the third chain parameter, was only a
-- flag. It is now recorded beside them (in milliseconds; NULL in a database
-- made before, which ran with the 60 s default). Unlike the depth and the
-- slots it fixes no circuit, so a node restarted with another timeout
-- records the new one.
--
-- The *_key_hash columns of 0001 are now filled: on its first start the
-- node binds each block type's verifying key to the chain (the SHA-256 that
-- ends the key's verifying-key file), and every later start, and every
-- external prover, refuses keys that differ.

ALTER TABLE server_config ADD COLUMN transfer_block_timeout_ms INTEGER
    CHECK (transfer_block_timeout_ms IS NULL OR transfer_block_timeout_ms > 0);
