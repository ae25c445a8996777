package io.pipeline.bench.node;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Years of history written straight into a migrated metadata database with set-based SQL (generate_series, one
 * INSERT ... SELECT per table), not run by run through the engine. {@code dags} DAGs named {@code hist_dag_000...},
 * each with one scheduled run per XNYS session over the last {@code years} years (run id
 * {@code scheduled__<logical date>}, logical date = data interval start = the previous session's close, data
 * interval end = the session's close, as the session timetable makes them) and {@code tasks} task instances per run
 * ({@code task_00...}, three waves of ten). About 2% of the runs failed (their last task failed after 3 tries), 3% of
 * the task instances needed a second try; every try has its task_try row and a log chunk of about 450 bytes; every
 * third task pushed an XCom of about 150 bytes; the event log holds {@code auditPerSession} user actions per session
 * by 25 users. The DAGs are not defined by the jar's code, so they are written as inactive ({@code is_active =
 * false}), which is how the app keeps the history of a DAG whose code was removed.
 */
final class HistoryData {

    static final String PREFIX = "hist_dag_";

    private final String url;
    private final int dags;
    private final int tasks;
    private final int years;
    private final int auditPerSession;

    HistoryData(String url, int dags, int tasks, int years, int auditPerSession) {
        this.url = url;
        this.dags = dags;
        this.tasks = tasks;
        this.years = years;
        this.auditPerSession = auditPerSession;
    }

    static String dagId(int n) {
        return PREFIX + String.format("%03d", n);
    }

    /** Writes the history; returns the rows written per table and the seconds each step took. */
    Map<String, Long> generate(LocalDate today) throws SQLException {
        ExchangeCalendar xnys = Calendars.get("XNYS");
        List<Session> sessions = xnys.sessions(today.minusYears(years).minusDays(7), today.minusDays(1));
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute("SET work_mem = '64MB'");
                s.execute("CREATE TEMP TABLE hist_session (n int, session_date date, close timestamptz,"
                        + " prev_close timestamptz)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hist_session VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i < sessions.size(); i++) {
                    p.setInt(1, i);
                    p.setObject(2, sessions.get(i).date());
                    p.setTimestamp(3, Timestamp.from(sessions.get(i).close()));
                    p.setTimestamp(4, Timestamp.from(sessions.get(i - 1).close()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                counts.put("dag", (long) s.executeUpdate("""
                        INSERT INTO dag (dag_id, is_paused, is_active, description, fileloc, owners, tags,
                                         schedule_expression, schedule_description, catchup, start_date,
                                         created_at, updated_at)
                        SELECT '%s' || lpad(g::text, 3, '0'), false, false,
                               'End-of-day load ' || g || ' (history benchmark)', 'io.pipeline.bench.history',
                               'desk_' || (g %% 8), ARRAY['history', 'desk_' || (g %% 8)],
                               'XNYS', 'at the XNYS close of every session', false,
                               (SELECT min(prev_close) FROM hist_session), now(), now()
                        FROM generate_series(0, %d) g""".formatted(PREFIX, dags - 1)));
                counts.put("dag_run", timed(counts, "dag_run", s, """
                        INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                             data_interval_end, session_date, run_after, conf, created_at,
                                             queued_at, start_date, end_date, updated_at)
                        SELECT d.dag_id, 'scheduled__' || to_char(s.prev_close AT TIME ZONE 'UTC',
                                                                  'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                               'scheduled', CASE WHEN random() < 0.02 THEN 'failed' ELSE 'success' END,
                               s.prev_close, s.prev_close, s.close, s.session_date, s.close, '{}',
                               s.close, s.close + interval '200 milliseconds', s.close + interval '300 milliseconds',
                               s.close + interval '4 minutes' + random() * interval '90 seconds',
                               s.close + interval '6 minutes'
                        FROM dag d CROSS JOIN hist_session s
                        WHERE d.dag_id LIKE '%s%%'
                        ORDER BY s.close, d.dag_id""".formatted(PREFIX)));
                counts.put("task_instance", timed(counts, "task_instance", s, """
                        INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                                                   priority, pool, queue, operator, scheduled_at, queued_at,
                                                   start_date, end_date, duration_ms, node_id, failure_reason,
                                                   updated_at)
                        SELECT r.id, r.dag_id, 'task_' || lpad(t::text, 2, '0'), -1,
                               CASE WHEN r.state = 'failed' AND t = %1$d THEN 'failed' ELSE 'success' END,
                               x.tries, 3, 1, 'default_pool', 'default', 'MarketDataTask',
                               x.start - interval '40 milliseconds', x.start - interval '20 milliseconds', x.start,
                               x.start + x.dur * interval '1 millisecond', x.dur, 'node-1',
                               CASE WHEN r.state = 'failed' AND t = %1$d
                                    THEN 'ConnectException: vendor endpoint timed out after 30000 ms' END,
                               x.start + x.dur * interval '1 millisecond'
                        FROM dag_run r CROSS JOIN generate_series(0, %1$d) t
                        CROSS JOIN LATERAL (
                            SELECT CASE WHEN r.state = 'failed' AND t = %1$d THEN 3
                                        WHEN random() < 0.03 THEN 2 ELSE 1 END AS tries,
                                   r.start_date + (t / 10) * interval '70 seconds' AS start,
                                   CAST(3000 + random() * 55000 AS bigint) AS dur) x
                        WHERE r.dag_id LIKE '%2$s%%'
                        ORDER BY r.id, t""".formatted(tasks - 1, PREFIX)));
                counts.put("task_try", timed(counts, "task_try", s, """
                        INSERT INTO task_try (ti_id, try_number, state, start_date, end_date, duration_ms, node_id,
                                              error)
                        SELECT ti.id, n, CASE WHEN n < ti.try_number THEN 'up_for_retry' ELSE ti.state END,
                               ti.start_date - (ti.try_number - n) * interval '5 minutes',
                               ti.end_date - (ti.try_number - n) * interval '5 minutes', ti.duration_ms, ti.node_id,
                               CASE WHEN n < ti.try_number OR ti.state = 'failed'
                                    THEN 'ConnectException: vendor endpoint timed out after 30000 ms' END
                        FROM task_instance ti CROSS JOIN LATERAL generate_series(1, ti.try_number) n
                        WHERE ti.dag_id LIKE '%s%%'""".formatted(PREFIX)));
                counts.put("task_log", timed(counts, "task_log", s, """
                        INSERT INTO task_log (ti_id, try_number, lines, created_at)
                        SELECT tt.ti_id, tt.try_number,
                               format(E'[%%1$s] INFO - Started try %%2$s of %%3$s on node-1\\n'
                                   || E'[%%1$s] INFO - GET https://api.vendor.example/v2/eod?date=%%4$s (page 1 of 3)\\n'
                                   || E'[%%1$s] INFO - fetched %%5$s rows, %%6$s symbols, request %%7$s\\n'
                                   || E'[%%1$s] INFO - wrote %%5$s rows to bars_1d, checksum %%8$s\\n'
                                   || E'[%%9$s] INFO - try %%2$s ended %%10$s after %%11$s ms\\n',
                                   to_char(tt.start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),
                                   tt.try_number, ti.task_id, to_char(tt.start_date, 'YYYY-MM-DD'),
                                   (tt.ti_id %% 90000) + 1000, (tt.ti_id %% 500) + 8000, md5(tt.ti_id::text),
                                   md5(tt.try_number || ':' || tt.ti_id),
                                   to_char(tt.end_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),
                                   tt.state, tt.duration_ms),
                               tt.end_date
                        FROM task_try tt JOIN task_instance ti ON ti.id = tt.ti_id
                        WHERE ti.dag_id LIKE '%s%%'""".formatted(PREFIX)));
                counts.put("xcom", timed(counts, "xcom", s, """
                        INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                        SELECT ti.run_pk, ti.task_id, -1, 'return_value',
                               jsonb_build_object('rows', (ti.id %% 90000) + 1000,
                                                  'path', 's3://market-data/eod/' || ti.dag_id || '/'
                                                          || to_char(ti.start_date, 'YYYY-MM-DD') || '.parquet',
                                                  'checksum', md5(ti.id::text)),
                               ti.end_date
                        FROM task_instance ti
                        WHERE ti.dag_id LIKE '%s%%' AND ti.state = 'success' AND right(ti.task_id, 2)::int %% 3 = 0
                        """.formatted(PREFIX)));
                counts.put("audit_log", timed(counts, "audit_log", s, """
                        INSERT INTO audit_log (event_time, event, owner, dag_id, run_id, task_id, logical_date, extra)
                        SELECT s.close + (g * 997 %% 72000) * interval '1 second',
                               (ARRAY['trigger', 'clear', 'mark_success', 'mark_failed', 'pause', 'unpause'])
                                   [1 + (g * 31 + s.n) %% 6],
                               'user_' || lpad(((g * 7 + s.n) %% 25)::text, 2, '0'),
                               '%1$s' || lpad(((g * 13 + s.n) %% %2$d)::text, 3, '0'),
                               'scheduled__' || to_char(s.prev_close AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                               CASE WHEN g %% 3 = 0 THEN 'task_' || lpad((g %% %3$d)::text, 2, '0') END,
                               s.prev_close, '{"scope":"run"}'
                        FROM hist_session s CROSS JOIN generate_series(1, %4$d) g
                        ORDER BY 1""".formatted(PREFIX, dags, tasks, auditPerSession)));
                long start = System.nanoTime();
                s.execute("VACUUM ANALYZE dag, dag_run, task_instance, task_try, task_log, xcom, audit_log");
                counts.put("vacuum_analyze_s", (System.nanoTime() - start) / 1_000_000_000L);
            }
        }
        return counts;
    }

    /** Bytes of the run tables with indexes and TOAST (as {@link DatabaseSize}), the whole database, task instances. */
    static long[] sizes(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                     + " AND c.relname IN (" + DatabaseSize.TABLES + ")), pg_database_size(current_database()),"
                     + " (SELECT count(*) FROM task_instance)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    private static long timed(Map<String, Long> counts, String table, Statement s, String sql) throws SQLException {
        long start = System.nanoTime();
        long rows = s.executeUpdate(sql);
        counts.put(table + "_s", (System.nanoTime() - start) / 1_000_000_000L);
        System.err.println("history: " + table + " " + rows + " rows");
        return rows;
    }
}
