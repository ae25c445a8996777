-- Deferrable waits: a task instance may wait in state 'deferred' on a trigger, without a worker slot. The wait is
-- stored with its trigger's definition so that any node with the triggerer role can take it over.
ALTER TABLE task_instance DROP CONSTRAINT task_instance_state_check;
ALTER TABLE task_instance ADD CONSTRAINT task_instance_state_check CHECK (state IN ('none', 'scheduled', 'queued',
    'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped', 'removed',
    'deferred'));

-- A deferred TI is unfinished (DagRunStateRollup.UNFINISHED): the roll-up and upstream questions use this index.
DROP INDEX ti_unfinished;
CREATE INDEX ti_unfinished ON task_instance (run_pk, task_id)
    WHERE state IN ('none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule', 'deferred');
-- Deferred sensors whose timeout has come (the scheduler wakes them so that their next poke fails them).
CREATE INDEX ti_deferred ON task_instance (run_pk, sensor_deadline) WHERE state = 'deferred';

-- One row per deferred task instance: what it waits for and which triggerer node holds the wait. A wait whose
-- triggerer node stopped heartbeating (or stopped) is taken over by another triggerer.
CREATE TABLE deferred_wait (
    id             bigserial   PRIMARY KEY,
    ti_id          bigint      NOT NULL UNIQUE REFERENCES task_instance (id) ON DELETE CASCADE,
    try_number     integer     NOT NULL,
    -- 'time': fires at fire_at; 'object_key': fires when an object matches object_key (checked every check_every_ms)
    kind           text        NOT NULL CHECK (kind IN ('time', 'object_key')),
    fire_at        timestamptz,
    object_key     text,
    connection_id  text,
    -- object_key with a connection: fall back to the application's object store when the connection is not set
    or_default     boolean     NOT NULL DEFAULT false,
    check_every_ms bigint,
    triggerer_id   text,
    claimed_at     timestamptz,
    created_at     timestamptz NOT NULL,
    CONSTRAINT deferred_wait_definition CHECK (
        (kind = 'time' AND fire_at IS NOT NULL)
        OR (kind = 'object_key' AND object_key IS NOT NULL AND check_every_ms > 0))
);
-- New waits not yet held by any triggerer.
CREATE INDEX deferred_wait_free ON deferred_wait (id) WHERE triggerer_id IS NULL;
CREATE INDEX deferred_wait_holder ON deferred_wait (triggerer_id) WHERE triggerer_id IS NOT NULL;
