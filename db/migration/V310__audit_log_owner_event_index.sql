-- The event log filtered by user (GET /api/v1/eventLogs?owner=..., /ui/audit?owner=...) and its total_entries count
-- (AuditQuery) read only this index: the key (owner, id) gives the user's rows in the API's default order
-- (event_log_id, either direction) and event, INCLUDEd, answers the event filters (event, included_events,
-- excluded_events: the statements always carry the excluded_events test) without visiting the heap. V150's
-- audit_log_owner (owner, id) had no event, so the count and the page fetched every row of the user from the table;
-- V311 drops it (this index covers every use of it). See docs/decisions/history-benchmark.md.
-- Built CONCURRENTLY outside a transaction (V310__audit_log_owner_event_index.sql.conf), as V150; the DROP ... IF
-- EXISTS makes a retry after a failed concurrent build (an INVALID index left behind) start clean.
DROP INDEX CONCURRENTLY IF EXISTS audit_log_owner_event;
CREATE INDEX CONCURRENTLY audit_log_owner_event ON audit_log (owner, id) INCLUDE (event);
