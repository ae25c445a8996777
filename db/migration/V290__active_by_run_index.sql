-- Fair admission across runs (docs/decisions/herd.md, fourth part): a freed pool slot goes first to a waiting task
-- instance of a run that has nothing queued or running in that pool. Whether a run has is one probe of this index
-- (AdmissionRepository.starvedCandidates); ti_active leads with the pool and the DAG, and ti_unfinished holds every
-- unfinished TI of a run (20,000 in a wide fan-out). It holds only queued and running TIs, so it stays small.
-- Built CONCURRENTLY (outside a transaction: V290__active_by_run_index.sql.conf), as V150 and V200; the DROP ... IF
-- EXISTS makes a retry after a failed concurrent build start clean.
DROP INDEX CONCURRENTLY IF EXISTS ti_active_run;
CREATE INDEX CONCURRENTLY ti_active_run ON task_instance (run_pk, pool) WHERE state IN ('queued', 'running');
