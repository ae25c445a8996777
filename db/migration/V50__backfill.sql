-- Backfills (Airflow 3's model): one row per backfill request, one row per logical date it covers. The runs a
-- backfill created or reprocessed carry its id in dag_run.backfill_id, so that they are admitted under the
-- backfill's own max_active_runs and never take the DAG's share from its scheduled runs.

CREATE TABLE backfill (
    id                 bigserial PRIMARY KEY,
    dag_id             text        NOT NULL REFERENCES dag (dag_id),
    from_date          timestamptz NOT NULL,
    to_date            timestamptz NOT NULL,
    run_backwards      boolean     NOT NULL DEFAULT false,
    dag_run_conf       jsonb       NOT NULL DEFAULT '{}',
    reprocess_behavior text        NOT NULL CHECK (reprocess_behavior IN ('none', 'failed', 'completed')),
    max_active_runs    integer     NOT NULL CHECK (max_active_runs > 0),
    is_paused          boolean     NOT NULL DEFAULT false,
    created_by         text,
    created_at         timestamptz NOT NULL,
    -- set when its last run finished, or when it was cancelled
    completed_at       timestamptz,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT backfill_range CHECK (from_date <= to_date)
);
CREATE INDEX backfill_dag ON backfill (dag_id, created_at);
-- As in Airflow 3: at most one backfill of a DAG is active at a time.
CREATE UNIQUE INDEX backfill_one_active_per_dag ON backfill (dag_id) WHERE completed_at IS NULL;

-- The logical dates of a backfill in the order its runs start; a date whose existing run was not reprocessed keeps
-- the reason (already_exists, in_flight) and no run.
CREATE TABLE backfill_dag_run (
    backfill_id      bigint      NOT NULL REFERENCES backfill (id) ON DELETE CASCADE,
    logical_date     timestamptz NOT NULL,
    dag_run_id       bigint      REFERENCES dag_run (id) ON DELETE SET NULL,
    exception_reason text        CHECK (exception_reason IN ('already_exists', 'in_flight')),
    sort_ordinal     integer     NOT NULL,
    PRIMARY KEY (backfill_id, logical_date)
);

ALTER TABLE dag_run ADD CONSTRAINT dag_run_backfill_fk FOREIGN KEY (backfill_id) REFERENCES backfill (id)
    ON DELETE SET NULL;
-- Admission of a backfill's queued runs and its progress counts.
CREATE INDEX dag_run_backfill ON dag_run (backfill_id, state, logical_date) WHERE backfill_id IS NOT NULL;

-- The event log is read newest first, filtered by event.
CREATE INDEX audit_log_event ON audit_log (event, event_time);
