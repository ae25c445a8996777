-- Deadlines (Airflow's SLA; owner: io.pipeline.alert.deadline). A watch is armed when a run starts, for the run
-- (task_id = '') and for each task with a deadline; the checker turns overdue watches into one miss each.

CREATE TABLE deadline_watch (
    dag_id       text        NOT NULL,
    run_id       text        NOT NULL,
    task_id      text        NOT NULL DEFAULT '',
    logical_date timestamptz NOT NULL,
    date_label   text        NOT NULL,
    due_at       timestamptz NOT NULL,
    due_zone     text        NOT NULL,
    deadline     text        NOT NULL,
    armed_at     timestamptz NOT NULL,
    missed_at    timestamptz,
    succeeded_at timestamptz,
    PRIMARY KEY (dag_id, run_id, task_id)
);
CREATE INDEX deadline_watch_open ON deadline_watch (due_at) WHERE succeeded_at IS NULL AND missed_at IS NULL;

-- One row per missed deadline; the unique key makes raising a miss idempotent across checkers and nodes.
CREATE TABLE deadline_miss (
    id           bigserial   PRIMARY KEY,
    dag_id       text        NOT NULL,
    run_id       text        NOT NULL,
    task_id      text        NOT NULL DEFAULT '',
    logical_date timestamptz NOT NULL,
    deadline     text        NOT NULL,
    due_at       timestamptz NOT NULL,
    detected_at  timestamptz NOT NULL,
    succeeded_at timestamptz,
    late_by_ms   bigint,
    CONSTRAINT deadline_miss_once UNIQUE (dag_id, run_id, task_id)
);
