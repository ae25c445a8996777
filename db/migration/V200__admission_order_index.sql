-- Admission across every DAG takes a pool's ready task instances in priority order
-- (AdmissionRepository.candidates: WHERE state = 'scheduled' AND pool = ? ORDER BY priority DESC, id LIMIT free).
-- ti_scheduled leads with dag_id, so that statement read and sorted every scheduled TI of the pool on every pass: at
-- the close, thousands. With this index it reads as many entries as there are free slots.
-- Built CONCURRENTLY (outside a transaction: V200__admission_order_index.sql.conf), as V150; the DROP ... IF EXISTS
-- makes a retry after a failed concurrent build start clean.
DROP INDEX CONCURRENTLY IF EXISTS ti_scheduled_pool;
CREATE INDEX CONCURRENTLY ti_scheduled_pool ON task_instance (pool, priority DESC, id) WHERE state = 'scheduled';
