-- A node that has begun to stop (no longer claiming, letting its running tries end within its grace period) says
-- so, so that the node registry can tell draining nodes from working ones.
ALTER TABLE node DROP CONSTRAINT node_state_check;
ALTER TABLE node ADD CONSTRAINT node_state_check CHECK (state IN ('running', 'stopping', 'stopped'));
