-- Indexes that years of history ask for (bench/history.sh; docs/decisions/history-benchmark.md). The event log is
-- listed by user with a count for total_entries; without this index both read the whole audit_log (the filter by
-- DAG already has audit_log_dag).
-- Built CONCURRENTLY, so writers are never blocked while a large table is indexed: this migration runs outside a
-- transaction (V150__history_indexes.sql.conf: executeInTransaction=false), and Flyway must take its lock as a
-- session advisory lock (postgresql.transactional.lock=false, set wherever the project runs Flyway), else the build
-- waits forever for Flyway's own lock transaction. A concurrent build that fails leaves an INVALID index behind; the
-- DROP ... IF EXISTS in front makes a retry (after `flyway repair`) start clean.
DROP INDEX CONCURRENTLY IF EXISTS audit_log_owner;
CREATE INDEX CONCURRENTLY audit_log_owner ON audit_log (owner, id);
