-- Handles of external resources (an EMR cluster, a Kubernetes Job...) that a try owns while it waits in reschedule
-- mode with no worker thread to interrupt. At most one live handle per task instance; the engine turns a live handle
-- into a release request (release_reason set) when the TI is cleared, marked, fails finally or times out, and the
-- release step ends the resource through the task and deletes the row. No foreign key on purpose: a handle must
-- outlive a deleted run until its resource is released.
CREATE TABLE task_handle (
    id             bigserial PRIMARY KEY,
    ti_id          bigint      NOT NULL,
    dag_id         text        NOT NULL,
    run_id         text        NOT NULL,
    task_id        text        NOT NULL,
    map_index      integer     NOT NULL,
    -- the try that last wrote the handle (release lines go to its log)
    try_number     integer     NOT NULL,
    handle         jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- null while the try may still use the resource; else why it must be released
    release_reason text,
    -- when the release step may (re)try; a claim pushes it forward as a lease
    release_after  timestamptz,
    release_tries  integer     NOT NULL DEFAULT 0,
    last_error     text
);
CREATE UNIQUE INDEX task_handle_live ON task_handle (ti_id) WHERE release_reason IS NULL;
CREATE INDEX task_handle_live_key ON task_handle (dag_id, run_id, task_id, map_index) WHERE release_reason IS NULL;
CREATE INDEX task_handle_release ON task_handle (release_after) WHERE release_reason IS NOT NULL;
