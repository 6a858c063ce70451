-- 0006: a flagged block can be cleared, and one worker cannot flag one.
--
-- A block used to be flagged (left alone by every worker) after a number
-- of failed runs, whoever failed them, and nothing cleared the flag: one
-- faulty or hostile worker could halt verification for good. Now a block
-- is flagged only when its failed runs come from at least two different
-- workers; a worker that failed a block that often itself leaves it to
-- the others. `rollup blocks retry N` clears a block's flag by setting
-- `cleared_at` (Unix milliseconds) on its failed runs, which then no
-- longer count; they stay as a record of what happened.

ALTER TABLE prover_runs ADD COLUMN cleared_at BIGINT;
