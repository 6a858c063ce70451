-- 0008: which database role wrote a prover run or a proof.
--
-- A worker names itself (`active_provers.name`, `prover_runs.prover`):
-- free text, which a hostile prover host can set to anything, such as
-- another worker's name, so that a block looks failed by two workers and
-- is flagged. On PostgreSQL each run and each proof now records the role
-- that inserted it (`db_role`, filled by the server from session_user),
-- row-level security lets a role insert and update only its own runs and
-- proofs (the table owner, the node, is not bound by it), and a block is
-- flagged only when its failed runs come from two different roles; runs
-- the owner wrote count by worker name. On SQLite, where whoever can write
-- the file is the operator, `db_role` stays NULL and runs count by name.

ALTER TABLE prover_runs ADD COLUMN db_role TEXT NOT NULL DEFAULT session_user;
ALTER TABLE proofs ADD COLUMN db_role TEXT NOT NULL DEFAULT session_user;
ALTER TABLE prover_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE proofs ENABLE ROW LEVEL SECURITY;
CREATE POLICY prover_runs_read ON prover_runs FOR SELECT USING (true);
CREATE POLICY prover_runs_insert_own ON prover_runs FOR INSERT WITH CHECK (db_role = session_user);
CREATE POLICY prover_runs_update_own ON prover_runs FOR UPDATE USING (db_role = session_user) WITH CHECK (db_role = session_user);
CREATE POLICY proofs_read ON proofs FOR SELECT USING (true);
CREATE POLICY proofs_insert_own ON proofs FOR INSERT WITH CHECK (db_role = session_user);
CREATE POLICY proofs_update_own ON proofs FOR UPDATE USING (db_role = session_user) WITH CHECK (db_role = session_user);
