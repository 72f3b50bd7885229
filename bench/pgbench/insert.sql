-- Baseline: one single-row INSERT per transaction (pgbench wraps each script run in its own transaction),
-- synchronous_commit on. The payload is about the size of one inventory event's data (no colons: pgbench would
-- read them as variables).
\set v random(1, 1000000000)
INSERT INTO bench_baseline_insert (v, payload) VALUES (:v, repeat('x', 120));
