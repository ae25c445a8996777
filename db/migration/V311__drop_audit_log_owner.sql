-- V150's audit_log_owner (owner, id): audit_log_owner_event (V310) has the same key and event besides, so this one
-- only costs every insert into audit_log. Dropped CONCURRENTLY (outside a transaction:
-- V311__drop_audit_log_owner.sql.conf), so that no reader or writer of the event log waits on the drop; in its own
-- migration after V310, so the user's event log is never without an index and each step can be retried alone.
DROP INDEX CONCURRENTLY IF EXISTS audit_log_owner;
