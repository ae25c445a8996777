-- Alert outbox (owner: io.pipeline.alert). Rows are written in the transaction of the state change they report,
-- so an alert exists exactly when its state change committed; a background sender delivers them afterwards.

CREATE TABLE alert_outbox (
    id              bigserial   PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    dag_id          text        NOT NULL,
    run_id          text        NOT NULL,
    task_id         text,
    map_index       integer     NOT NULL DEFAULT -1,
    event           text        NOT NULL,
    notifier        text        NOT NULL,
    channel         text,
    -- Alerts with the same key (one DAG run) are delivered to a notifier in id order, one at a time.
    ordering_key    text        NOT NULL,
    summary         text        NOT NULL,
    payload         jsonb       NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
        CONSTRAINT alert_outbox_state_check CHECK (state IN ('pending', 'delivered', 'undeliverable')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz,
    -- Set when an operator re-sends an undeliverable alert; its give-up period counts from here.
    resent_at       timestamptz
);

-- The sender's claim: due pending rows, and "is there an earlier pending row of this run for this notifier".
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX alert_outbox_order ON alert_outbox (ordering_key, notifier, id) WHERE state = 'pending';
-- The query API: newest first, by run, by state.
CREATE INDEX alert_outbox_created ON alert_outbox (created_at DESC, id DESC);
CREATE INDEX alert_outbox_run ON alert_outbox (dag_id, run_id);
CREATE INDEX alert_outbox_undeliverable ON alert_outbox (id) WHERE state = 'undeliverable';

-- One row per delivery attempt.
CREATE TABLE alert_attempt (
    id          bigserial   PRIMARY KEY,
    alert_id    bigint      NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    outcome     text        NOT NULL,
    http_status integer,
    error       text,
    duration_ms bigint      NOT NULL
);
CREATE INDEX alert_attempt_alert ON alert_attempt (alert_id, id);

-- The last outcome of each task that has a recovery alert, to tell "first success after a failure".
CREATE TABLE alert_task_outcome (
    dag_id       text        NOT NULL,
    task_id      text        NOT NULL,
    map_index    integer     NOT NULL,
    last_outcome text        NOT NULL CHECK (last_outcome IN ('success', 'failed')),
    at           timestamptz NOT NULL,
    PRIMARY KEY (dag_id, task_id, map_index)
);
