package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes finished tries in bulk: one statement for the TI rows, one for the try rows, one for logs, one for XComs,
 * however many tries finished together (group commit).
 */
public class OutcomeRepository {

    /** Log text of a try to append. */
    public record LogAppend(long tiId, int tryNumber, String text) {
    }

    /** A task output to store as its return value. */
    public record XComPut(long runPk, String taskId, int mapIndex, String json) {
    }

    private final JdbcClient jdbc;

    public OutcomeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In ONE statement: moves running TIs to their outcome state (only where the stored version is the claimed one
     * and the TI is still running, else it was reaped or cleared meanwhile and the outcome is dropped), writes one
     * {@code task_try} row per written try (a reschedule sensor's later pokes update the row of the same try), and
     * counts the finished ones off their task's progress counter.
     *
     * @return ids of the TIs written
     */
    public Set<Long> applyOutcomes(List<TryResult> results, Instant now) {
        if (results.isEmpty()) {
            return Set.of();
        }
        int n = results.size();
        Long[] ids = new Long[n];
        Integer[] versions = new Integer[n];
        String[] states = new String[n];
        String[] ends = new String[n];
        Long[] durations = new Long[n];
        String[] next = new String[n];
        String[] firstPokes = new String[n];
        String[] deadlines = new String[n];
        String[] errors = new String[n];
        Integer[] tries = new Integer[n];
        String[] starts = new String[n];
        String[] nodes = new String[n];
        Integer[] extra = new Integer[n];
        for (int i = 0; i < n; i++) {
            TryResult r = results.get(i);
            ids[i] = r.tiId();
            versions[i] = r.claimedVersion();
            states[i] = r.state().value();
            ends[i] = iso(r.end());
            durations[i] = r.durationMs();
            next[i] = iso(r.nextAttemptAt());
            firstPokes[i] = iso(r.firstPokeAt());
            deadlines[i] = iso(r.sensorDeadline());
            errors[i] = r.error();
            tries[i] = r.tryNumber();
            starts[i] = iso(r.tryStart());
            nodes[i] = r.nodeId();
            extra[i] = r.extraTries();
        }
        List<Long> written = jdbc.sql("""
                WITH v AS (
                    SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:versions AS int[]), CAST(:states AS text[]),
                                         CAST(:ends AS timestamptz[]), CAST(:durations AS bigint[]),
                                         CAST(:next AS timestamptz[]), CAST(:firstPokes AS timestamptz[]),
                                         CAST(:deadlines AS timestamptz[]), CAST(:errors AS text[]),
                                         CAST(:tries AS int[]), CAST(:starts AS timestamptz[]), CAST(:nodes AS text[]),
                                         CAST(:extra AS int[]))
                         AS v(id, version, state, end_date, duration_ms, next_attempt_at, first_poke_at,
                              sensor_deadline, error, try_number, try_start, node_id, extra_tries)),
                upd AS (
                    UPDATE task_instance t
                    SET state = v.state, end_date = v.end_date, duration_ms = v.duration_ms,
                        next_attempt_at = v.next_attempt_at, first_poke_at = v.first_poke_at,
                        sensor_deadline = v.sensor_deadline, failure_reason = v.error, version = t.version + 1,
                        max_tries = t.max_tries + v.extra_tries, updated_at = :now
                    FROM v
                    WHERE t.id = v.id AND t.version = v.version AND coalesce(t.state, '') = 'running'
                    RETURNING t.id, t.run_pk, t.task_id, t.state),
                tries AS (
                    INSERT INTO task_try (ti_id, try_number, state, start_date, end_date, duration_ms, node_id, error)
                    SELECT v.id, v.try_number, v.state, v.try_start, v.end_date, v.duration_ms, v.node_id, v.error
                    FROM v JOIN upd ON upd.id = v.id
                    ON CONFLICT (ti_id, try_number) DO UPDATE SET state = excluded.state,
                        end_date = excluded.end_date, duration_ms = excluded.duration_ms, node_id = excluded.node_id,
                        error = excluded.error),
                progress AS (
                    UPDATE task_progress p SET unfinished = p.unfinished - d.n
                    FROM (SELECT run_pk, task_id, count(*) AS n FROM upd
                          WHERE state IN ('success', 'failed', 'skipped') GROUP BY run_pk, task_id) d
                    WHERE p.run_pk = d.run_pk AND p.task_id = d.task_id)
                SELECT id FROM upd
                """)
                .param("ids", ids).param("versions", versions).param("states", states).param("ends", ends)
                .param("durations", durations).param("next", next).param("firstPokes", firstPokes)
                .param("deadlines", deadlines).param("errors", errors).param("tries", tries)
                .param("starts", starts).param("nodes", nodes).param("extra", extra)
                .param("now", Timestamps.toDb(now))
                .query(Long.class).list();
        return new HashSet<>(written);
    }

    public void appendLogs(List<LogAppend> logs, Instant now) {
        List<LogAppend> nonEmpty = new ArrayList<>();
        for (LogAppend l : logs) {
            if (l.text() != null && !l.text().isEmpty()) {
                nonEmpty.add(l);
            }
        }
        if (nonEmpty.isEmpty()) {
            return;
        }
        int n = nonEmpty.size();
        Long[] ids = new Long[n];
        Integer[] tries = new Integer[n];
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = nonEmpty.get(i).tiId();
            tries[i] = nonEmpty.get(i).tryNumber();
            texts[i] = nonEmpty.get(i).text();
        }
        jdbc.sql("""
                INSERT INTO task_log (ti_id, try_number, lines, created_at)
                SELECT v.ti, v.try, v.lines, :now
                FROM unnest(CAST(:ids AS bigint[]), CAST(:tries AS int[]), CAST(:texts AS text[])) AS v(ti, try, lines)
                WHERE EXISTS (SELECT 1 FROM task_instance t WHERE t.id = v.ti)
                """)
                .param("ids", ids).param("tries", tries).param("texts", texts).param("now", Timestamps.toDb(now))
                .update();
    }

    public void putXComs(List<XComPut> values, Instant now) {
        if (values.isEmpty()) {
            return;
        }
        int n = values.size();
        Long[] runs = new Long[n];
        String[] tasks = new String[n];
        Integer[] indexes = new Integer[n];
        String[] json = new String[n];
        for (int i = 0; i < n; i++) {
            runs[i] = values.get(i).runPk();
            tasks[i] = values.get(i).taskId();
            indexes[i] = values.get(i).mapIndex();
            json[i] = values.get(i).json();
        }
        jdbc.sql("""
                INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                SELECT v.run, v.task, v.mi, 'return_value', CAST(v.json AS jsonb), :now
                FROM unnest(CAST(:runs AS bigint[]), CAST(:tasks AS text[]), CAST(:indexes AS int[]),
                            CAST(:json AS text[])) AS v(run, task, mi, json)
                ON CONFLICT (run_pk, task_id, map_index, key) DO UPDATE SET value = excluded.value,
                    created_at = excluded.created_at
                """)
                .param("runs", runs).param("tasks", tasks).param("indexes", indexes).param("json", json)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
