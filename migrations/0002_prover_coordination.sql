-- 0002: prover coordination (the "locked prover" of the design).
--
-- `active_provers` is the registry: one row per worker name, with when it
-- started, its last heartbeat, when it stopped (NULL while it runs) and the
-- block it is proving.
--
-- `prover_runs` records every attempt to prove a block. A run without
-- `finished_at` is a lock; it is live while its heartbeat is younger than
-- the lease. A worker claims the lowest committed block that has no proof
-- and no live run, in one database transaction. A finished run says how it
-- ended: 'proved', 'failed' (with the error; failures count towards the
-- retry limit) or 'abandoned' (the worker stopped or lost its lease).

CREATE TABLE active_provers (
    name TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    stopped_at INTEGER,
    current_block INTEGER REFERENCES blocks(number)
);

CREATE TABLE prover_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    block_number INTEGER NOT NULL REFERENCES blocks(number),
    prover TEXT NOT NULL REFERENCES active_provers(name),
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT CHECK (outcome IN ('proved', 'failed', 'abandoned')),
    error TEXT,
    CHECK ((finished_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX prover_runs_open ON prover_runs(block_number) WHERE finished_at IS NULL;
CREATE INDEX prover_runs_by_block ON prover_runs(block_number, outcome);
