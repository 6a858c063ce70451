-- 0003: account updates no longer store the roots around each write.
--
-- A write's roots follow from its path and its leaves (the path from the
-- before-leaf gives the root before, from the after-leaf the root after),
-- and a block's writes chain from its old root to its new root, which
-- `blocks` keeps. The state keeper now rehashes the nodes that a block's
-- writes share once per block instead of once per write, so it no longer
-- computes the intermediate roots; storing them would cost 13 hashes per
-- write for data that anyone can recompute from the row.

ALTER TABLE account_updates DROP COLUMN root_before;
ALTER TABLE account_updates DROP COLUMN root_after;
