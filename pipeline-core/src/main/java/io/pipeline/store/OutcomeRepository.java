package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
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
    private final TaskInstanceStateStore states;

    public OutcomeRepository(JdbcClient jdbc, TaskInstanceStateStore states) {
        this.jdbc = jdbc;
        this.states = states;
    }

    /**
     * In ONE statement ({@link TaskInstanceStateStore}'s, the one gate for TI states): moves running TIs to their outcome state (only where the stored version is the claimed one
     * and the TI is still running, else it was reaped or cleared meanwhile and the outcome is dropped), writes one
     * {@code task_try} row per written try (a reschedule sensor's later pokes update the row of the same try), and
     * counts the finished ones off their task's progress counter.
     *
     * @return ids of the TIs written
     */
    public Set<Long> applyOutcomes(List<TryResult> results, Instant now) {
        return states.applyOutcomes(results, now, new long[0]);
    }

    /**
     * As {@link #applyOutcomes(List, Instant)}, but the finished TIs of the runs in {@code countedLater} are not
     * counted off their progress counters: the caller does it last in its transaction
     * ({@link ProgressRepository#countOff}), so that the counter's row is locked only for the commit.
     */
    public Set<Long> applyOutcomes(List<TryResult> results, Instant now, long[] countedLater) {
        return states.applyOutcomes(results, now, countedLater);
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
}
