-- Freshness deadlines of dataset partitions (see docs/decisions/datasets.md). One row per partition that had no
-- event by its deadline, written only by the scheduler step engine.CheckFreshnessStep (through store.FreshnessStore):
-- inserted once when the deadline passes (the unique key makes that idempotent across scheduler nodes), marked
-- arrived when the partition's first event comes in later.
CREATE TABLE dataset_freshness_miss (
    id            bigserial   PRIMARY KEY,
    dataset_id    bigint      NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    partition_key text        NOT NULL,
    due_at        timestamptz NOT NULL,
    -- the zone the deadline is shown in (the calendar's)
    due_zone      text        NOT NULL,
    -- the deadline in words, e.g. '45 min after the XNYS close'
    deadline      text        NOT NULL,
    detected_at   timestamptz NOT NULL,
    -- the partition's first event, once it came in
    arrived_at    timestamptz,
    event_id      bigint      REFERENCES dataset_event (id) ON DELETE SET NULL,
    CONSTRAINT dataset_freshness_miss_once UNIQUE (dataset_id, partition_key)
);
-- The step's "which late partitions have an event now" and the partition map's range read (by the unique key).
CREATE INDEX dataset_freshness_miss_open ON dataset_freshness_miss (dataset_id) WHERE arrived_at IS NULL;
