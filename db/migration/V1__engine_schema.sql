-- Engine schema: DAGs, runs, task instances and their tries, logs, XCom, pools, nodes, audit log.
-- Every instant is timestamptz (stored as UTC, read back as java.time.Instant); no column depends on the session zone.
-- States are the lower-case names of io.pipeline.state.TaskState / DagRunState.

CREATE TABLE dag (
    dag_id                  text PRIMARY KEY,
    is_paused               boolean     NOT NULL DEFAULT false,
    -- false when the DAG is no longer defined by the deployed code (its history stays)
    is_active               boolean     NOT NULL DEFAULT true,
    description             text,
    fileloc                 text,
    owners                  text,
    tags                    text[]      NOT NULL DEFAULT '{}',
    schedule_expression     text,
    schedule_description    text,
    catchup                 boolean     NOT NULL DEFAULT false,
    start_date              timestamptz,
    end_date                timestamptz,
    max_active_runs         integer     NOT NULL DEFAULT 16 CHECK (max_active_runs > 0),
    max_active_tasks        integer     NOT NULL DEFAULT 16 CHECK (max_active_tasks > 0),
    -- set when the DAG's code failed to load or validate; the DAG is then not scheduled
    import_error            text,
    next_run_logical_date   timestamptz,
    next_run_interval_start timestamptz,
    next_run_interval_end   timestamptz,
    next_run_after          timestamptz,
    last_parsed_at          timestamptz,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);

-- Import errors by source (a DAG class whose define() threw may have no known dag id).
CREATE TABLE import_error (
    id         bigserial PRIMARY KEY,
    fileloc    text        NOT NULL UNIQUE,
    dag_id     text,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE pool (
    name        text PRIMARY KEY,
    slots       integer NOT NULL CHECK (slots >= 0),
    description text
);
INSERT INTO pool (name, slots, description) VALUES ('default_pool', 128, 'Default pool');

CREATE TABLE dag_run (
    id                  bigserial PRIMARY KEY,
    dag_id              text        NOT NULL REFERENCES dag (dag_id),
    run_id              text        NOT NULL,
    run_type            text        NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    state               text        NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    logical_date        timestamptz NOT NULL,
    data_interval_start timestamptz NOT NULL,
    data_interval_end   timestamptz NOT NULL,
    -- the trading session for session timetables, else null
    session_date        date,
    run_after           timestamptz NOT NULL,
    conf                jsonb       NOT NULL DEFAULT '{}',
    note                text,
    -- set by the backfill operation (ops) for runs it created
    backfill_id         bigint,
    created_at          timestamptz NOT NULL,
    queued_at           timestamptz,
    start_date          timestamptz,
    end_date            timestamptz,
    updated_at          timestamptz NOT NULL,
    version             integer     NOT NULL DEFAULT 0,
    CONSTRAINT dag_run_dag_run_id_key UNIQUE (dag_id, run_id),
    CONSTRAINT dag_run_dag_logical_date_key UNIQUE (dag_id, logical_date)
);
CREATE INDEX dag_run_unfinished ON dag_run (dag_id, logical_date) WHERE state IN ('queued', 'running');
CREATE INDEX dag_run_logical_date ON dag_run (logical_date);

CREATE TABLE task_instance (
    id              bigserial PRIMARY KEY,
    run_pk          bigint      NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
    dag_id          text        NOT NULL,
    task_id         text        NOT NULL,
    -- -1: not mapped (or a mapped task not yet expanded); 0..n-1: instances of a mapped task
    map_index       integer     NOT NULL DEFAULT -1,
    state           text        NOT NULL DEFAULT 'none' CHECK (state IN ('none', 'scheduled', 'queued', 'running',
                        'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped',
                        'removed')),
    -- the number of the current (or last) try; incremented when a new try is scheduled. Never reset, so that
    -- clearing keeps the history of earlier tries in task_try.
    try_number      integer     NOT NULL DEFAULT 0,
    -- tries allowed; clearing raises it (try_number + retries) instead of resetting try_number
    max_tries       integer     NOT NULL,
    priority        integer     NOT NULL DEFAULT 1,
    pool            text        NOT NULL DEFAULT 'default_pool',
    pool_slots      integer     NOT NULL DEFAULT 1,
    queue           text        NOT NULL DEFAULT 'default',
    operator        text        NOT NULL DEFAULT 'task',
    scheduled_at    timestamptz,
    queued_at       timestamptz,
    start_date      timestamptz,
    end_date        timestamptz,
    duration_ms     bigint,
    -- retry time (up_for_retry) or next poke (up_for_reschedule)
    next_attempt_at timestamptz,
    -- reschedule sensors: when the first poke of this try ran, and when the sensor times out
    first_poke_at   timestamptz,
    sensor_deadline timestamptz,
    node_id         text,
    heartbeat_at    timestamptz,
    failure_reason  text,
    note            text,
    updated_at      timestamptz NOT NULL,
    -- bumped by every state write; a finishing worker writes only if the version is the one it claimed
    version         integer     NOT NULL DEFAULT 0,
    CONSTRAINT task_instance_key UNIQUE (run_pk, task_id, map_index)
);
-- Claim: the queued TIs of a queue in priority order. Small, as queued rows move on quickly.
CREATE INDEX ti_queued ON task_instance (queue, priority DESC, queued_at, id) WHERE state = 'queued';
-- Admission: ready TIs waiting for a pool slot or for the DAG's max_active_tasks.
CREATE INDEX ti_scheduled ON task_instance (dag_id, pool, priority DESC, id) WHERE state = 'scheduled';
-- Occupancy of pools and DAGs, heartbeats and zombies.
CREATE INDEX ti_active ON task_instance (pool, dag_id) INCLUDE (pool_slots) WHERE state IN ('queued', 'running');
-- "Is any upstream instance still unfinished?" and the run roll-up.
CREATE INDEX ti_unfinished ON task_instance (run_pk, task_id)
    WHERE state IN ('none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule');
-- Retries and reschedule pokes whose time has come.
CREATE INDEX ti_waiting ON task_instance (next_attempt_at) WHERE state IN ('up_for_retry', 'up_for_reschedule');

-- One row per try (kept when a TI is cleared, so the history of every try survives).
CREATE TABLE task_try (
    ti_id       bigint      NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
    try_number  integer     NOT NULL,
    state       text        NOT NULL,
    start_date  timestamptz,
    end_date    timestamptz,
    duration_ms bigint,
    node_id     text,
    error       text,
    PRIMARY KEY (ti_id, try_number)
);

-- Log lines of a try, in chunks (a long try flushes several), already masked.
CREATE TABLE task_log (
    id         bigserial PRIMARY KEY,
    ti_id      bigint      NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
    try_number integer     NOT NULL,
    lines      text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX task_log_try ON task_log (ti_id, try_number, id);

-- Task outputs (Airflow's XCom); the task's return value under key 'return_value'.
CREATE TABLE xcom (
    run_pk     bigint      NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
    task_id    text        NOT NULL,
    map_index  integer     NOT NULL,
    key        text        NOT NULL DEFAULT 'return_value',
    value      jsonb,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (run_pk, task_id, map_index, key)
);

CREATE TABLE node (
    node_id            text PRIMARY KEY,
    hostname           text        NOT NULL,
    roles              text[]      NOT NULL,
    queues             text[]      NOT NULL,
    worker_concurrency integer     NOT NULL,
    state              text        NOT NULL CHECK (state IN ('running', 'stopped')),
    started_at         timestamptz NOT NULL,
    heartbeat_at       timestamptz NOT NULL
);

-- Who did what, when, to what (Airflow's event log; served by GET /eventLogs).
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    event_time   timestamptz NOT NULL,
    event        text        NOT NULL,
    owner        text,
    dag_id       text,
    run_id       text,
    task_id      text,
    map_index    integer,
    try_number   integer,
    logical_date timestamptz,
    extra        text
);
CREATE INDEX audit_log_time ON audit_log (event_time);
CREATE INDEX audit_log_dag ON audit_log (dag_id, event_time);
