-- Operators' changes to trading calendars (issue 18): one row per calendar and date, in the exchange's local time.
-- The later change of a date replaces the earlier (primary key); both are in audit_log with their reasons.
CREATE TABLE calendar_override (
    calendar_code text        NOT NULL,
    override_date date        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('closed', 'hours')),
    open_time     time,
    close_time    time,
    break_start   time,
    break_end     time,
    reason        text        NOT NULL,
    updated_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (calendar_code, override_date),
    CHECK ((kind = 'closed') = (open_time IS NULL AND close_time IS NULL)),
    CHECK ((break_start IS NULL) = (break_end IS NULL))
);

-- Bumped in the transaction of every change: nodes poll this one number as the fallback to NOTIFY.
CREATE TABLE calendar_override_revision (
    id       integer PRIMARY KEY CHECK (id = 1),
    revision bigint  NOT NULL
);
INSERT INTO calendar_override_revision (id, revision) VALUES (1, 0);
