package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles of external resources ({@code task_handle}): the live handle of a task instance, release requests, and
 * the claim of release requests by the release step. See {@code docs/decisions/external-resources.md}.
 */
public class TaskHandleRepository {

    /** A handle row: live ({@code releaseReason} null) or waiting to be released. */
    public record HandleRow(long id, long tiId, String dagId, String runId, String taskId, int mapIndex,
                            int tryNumber, Map<String, String> values, String releaseReason, int releaseTries) {
        public String label() {
            return dagId + "." + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "") + " in " + runId;
        }
    }

    /** The identity of the task instance a handle belongs to. */
    public record Owner(long tiId, int version, String dagId, String runId, String taskId, int mapIndex,
                        int tryNumber) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, ti_id, dag_id, run_id, task_id, map_index, try_number, handle::text AS handle, release_reason,
            release_tries""";

    private final JdbcClient jdbc;

    public TaskHandleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<HandleRow> findLive(long tiId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task_handle WHERE ti_id = :ti AND release_reason IS NULL")
                .param("ti", tiId).query(TaskHandleRepository::row).optional();
    }

    /**
     * Merges {@code key = value} into the live handle of the owner's task instance. When the owner's claim is over
     * (the TI is no longer running under that version), the row is written as a release request with
     * {@code endedReason}, so that a resource started by a try that was cleared meanwhile is still released.
     */
    public void put(Owner owner, String key, String value, String endedReason, Instant now) {
        jdbc.sql("""
                WITH claim AS (
                    SELECT EXISTS (SELECT 1 FROM task_instance
                                   WHERE id = :ti AND coalesce(state, '') = 'running' AND version = :version) AS live)
                INSERT INTO task_handle (ti_id, dag_id, run_id, task_id, map_index, try_number, handle, created_at,
                                         updated_at, release_reason, release_after)
                SELECT :ti, :dag, :run, :task, :map, :try, jsonb_build_object(CAST(:key AS text), CAST(:value AS text)),
                       :now, :now, CASE WHEN live THEN NULL ELSE CAST(:ended AS text) END,
                       CASE WHEN live THEN NULL ELSE CAST(:now AS timestamptz) END
                FROM claim
                ON CONFLICT (ti_id) WHERE release_reason IS NULL DO UPDATE
                SET handle = task_handle.handle || EXCLUDED.handle, try_number = EXCLUDED.try_number,
                    updated_at = EXCLUDED.updated_at, release_reason = EXCLUDED.release_reason,
                    release_after = EXCLUDED.release_after
                """)
                .param("ti", owner.tiId()).param("version", owner.version()).param("dag", owner.dagId())
                .param("run", owner.runId()).param("task", owner.taskId()).param("map", owner.mapIndex())
                .param("try", owner.tryNumber()).param("key", key).param("value", value)
                .param("ended", endedReason).param("now", Timestamps.toDb(now))
                .update();
    }

    /** Turns the live handle of a task instance, if any, into a release request. */
    public int requestRelease(String dagId, String runId, String taskId, int mapIndex, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE task_handle SET release_reason = :reason, release_after = :now, updated_at = :now
                WHERE dag_id = :dag AND run_id = :run AND task_id = :task AND map_index = :map
                  AND release_reason IS NULL
                """)
                .param("reason", reason).param("now", Timestamps.toDb(now)).param("dag", dagId).param("run", runId)
                .param("task", taskId).param("map", mapIndex).update();
    }

    /**
     * Safety net, one statement: live handles whose task instance was deleted or is no longer in a state that may
     * still use them become release requests.
     */
    public int requestReleaseOfOrphans(Instant now) {
        return jdbc.sql("""
                UPDATE task_handle h
                SET release_reason = coalesce((SELECT 'task instance is ' || t.state FROM task_instance t
                                               WHERE t.id = h.ti_id), 'task instance was deleted'),
                    release_after = :now, updated_at = :now
                WHERE h.release_reason IS NULL
                  AND NOT EXISTS (SELECT 1 FROM task_instance t WHERE t.id = h.ti_id
                                  AND t.state IN ('scheduled', 'queued', 'running', 'up_for_retry',
                                                  'up_for_reschedule', 'deferred'))
                """)
                .param("now", Timestamps.toDb(now)).update();
    }

    /**
     * Claims due release requests of the given DAGs (SKIP LOCKED, so that two scheduler nodes never take the same), pushing
     * their time forward by the lease so that a node that dies while releasing leaves them to another later.
     */
    public List<HandleRow> claimReleases(Collection<String> dagIds, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                UPDATE task_handle SET release_after = :lease, release_tries = release_tries + 1
                WHERE id IN (SELECT id FROM task_handle
                             WHERE release_reason IS NOT NULL AND release_after <= :now AND dag_id = ANY(:dags)
                             ORDER BY release_after, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS)
                .param("now", Timestamps.toDb(now)).param("lease", Timestamps.toDb(leaseUntil))
                .param("dags", dagIds.toArray(String[]::new))
                .param("limit", limit).query(TaskHandleRepository::row).list();
    }

    public void released(long id) {
        jdbc.sql("DELETE FROM task_handle WHERE id = :id").param("id", id).update();
    }

    public void releaseFailed(long id, String error, Instant retryAt) {
        jdbc.sql("UPDATE task_handle SET last_error = :error, release_after = :at WHERE id = :id")
                .param("error", error).param("at", Timestamps.toDb(retryAt)).param("id", id).update();
    }

    private static HandleRow row(ResultSet rs, int n) throws SQLException {
        return new HandleRow(rs.getLong("id"), rs.getLong("ti_id"), rs.getString("dag_id"), rs.getString("run_id"),
                rs.getString("task_id"), rs.getInt("map_index"), rs.getInt("try_number"),
                Map.copyOf(JSON.readValue(rs.getString("handle"), MAP)), rs.getString("release_reason"),
                rs.getInt("release_tries"));
    }
}
