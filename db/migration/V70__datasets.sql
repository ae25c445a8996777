-- Datasets, their events (history kept) and the runs they trigger. See docs/decisions/datasets.md.

CREATE TABLE dataset (
    id           bigserial PRIMARY KEY,
    uri          text        NOT NULL UNIQUE,
    -- 'sessions:XNYS', 'days:UTC', or null for an unpartitioned dataset
    partitioning text,
    extra        jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    -- no loaded DAG refers to it any more (kept for its events)
    is_orphaned  boolean     NOT NULL DEFAULT false
);

-- Which DAGs and tasks produce a dataset, consume it, or are scheduled on it (rewritten at every DAG load).
CREATE TABLE dataset_reference (
    dataset_id bigint NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    dag_id     text   NOT NULL,
    -- null for a schedule reference
    task_id    text,
    kind       text   NOT NULL CHECK (kind IN ('produces', 'consumes', 'schedule')),
    -- schedule references on partitions: the mapping's label (same_session, previous_session, ...)
    mapping    text
);
CREATE UNIQUE INDEX dataset_reference_key ON dataset_reference (dataset_id, dag_id, kind, coalesce(task_id, ''));
CREATE INDEX dataset_reference_dag ON dataset_reference (dag_id);

CREATE TABLE dataset_event (
    id               bigserial PRIMARY KEY,
    dataset_id       bigint      NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    -- a session or day (YYYY-MM-DD) for partitioned datasets, else null
    partition_key    text,
    extra            jsonb       NOT NULL DEFAULT '{}',
    -- the producing task instance; null for an event reported through the API
    source_dag_id    text,
    source_task_id   text,
    source_run_id    text,
    source_map_index integer     NOT NULL DEFAULT -1,
    created_at       timestamptz NOT NULL
);
CREATE INDEX dataset_event_dataset_key ON dataset_event (dataset_id, partition_key, id);
CREATE INDEX dataset_event_source ON dataset_event (source_dag_id, source_run_id);
CREATE INDEX dataset_event_created ON dataset_event (created_at);

-- Pending triggers: an event counted towards a consumer DAG's run (Airflow's dataset_dag_run_queue, with the run's
-- partition key; '' for schedules on updates). A row per (DAG, key, dataset) until the run is created.
CREATE TABLE dataset_trigger_queue (
    target_dag_id text        NOT NULL,
    partition_key text        NOT NULL,
    dataset_id    bigint      NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (target_dag_id, partition_key, dataset_id)
);

-- The events a dataset-triggered run was created from (Airflow's dagrun_dataset_event).
CREATE TABLE dag_run_dataset_event (
    run_pk   bigint NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
    event_id bigint NOT NULL REFERENCES dataset_event (id) ON DELETE CASCADE,
    PRIMARY KEY (run_pk, event_id)
);
CREATE INDEX dag_run_dataset_event_event ON dag_run_dataset_event (event_id);

ALTER TABLE dag_run ADD COLUMN partition_key text;
CREATE INDEX dag_run_partition_key ON dag_run (dag_id, partition_key) WHERE partition_key IS NOT NULL;
ALTER TABLE dag_run DROP CONSTRAINT dag_run_run_type_check;
ALTER TABLE dag_run ADD CONSTRAINT dag_run_run_type_check
    CHECK (run_type IN ('scheduled', 'manual', 'backfill', 'dataset_triggered'));
