-- HTTP-condition waits: a deferred task instance may wait until a URL answers an expected status (and, optionally,
-- a body containing a text). Stored with the wait like the other triggers, so that any triggerer can take it over.
ALTER TABLE deferred_wait ADD COLUMN http_url text;
-- 'GET' or 'HEAD'
ALTER TABLE deferred_wait ADD COLUMN http_method text;
ALTER TABLE deferred_wait ADD COLUMN expected_status integer[];
-- null: any body
ALTER TABLE deferred_wait ADD COLUMN body_contains text;

ALTER TABLE deferred_wait DROP CONSTRAINT deferred_wait_kind_check;
ALTER TABLE deferred_wait ADD CONSTRAINT deferred_wait_kind_check CHECK (kind IN ('time', 'object_key', 'http'));
ALTER TABLE deferred_wait DROP CONSTRAINT deferred_wait_definition;
ALTER TABLE deferred_wait ADD CONSTRAINT deferred_wait_definition CHECK (
    (kind = 'time' AND fire_at IS NOT NULL)
    OR (kind = 'object_key' AND object_key IS NOT NULL AND check_every_ms > 0)
    OR (kind = 'http' AND http_url IS NOT NULL AND http_method IN ('GET', 'HEAD')
        AND cardinality(expected_status) > 0 AND check_every_ms > 0));
