package io.pipeline.ops;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import io.pipeline.store.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Airflow's {@code db clean}: deletes the metadata of finished DAG runs older than a date, and what hangs off them,
 * so that the database stays small after years of history.
 * <ul>
 *   <li>Runs are chosen by logical date ({@code < before}) and optionally by DAG. Only finished runs (success,
 *       failed) are deleted. A selection that contains a queued or running run is refused as a whole, naming the
 *       runs: a clean never deletes work in progress, and never half of what was asked for.</li>
 *   <li>The latest scheduled run of each DAG is kept, as Airflow does: the timetable computes the next run from it,
 *       and without it a DAG with catch-up would create its past runs again.</li>
 *   <li>One transaction per run: an interrupted clean leaves every run either whole or gone, never half-deleted.
 *       Each run is locked ({@code NOWAIT}) and its state checked again inside its transaction; a run being
 *       changed at that moment is left for the next clean.</li>
 *   <li>Tables: {@code dag_run} (the runs, with their task instances, tries, logs, XCom values and progress rows),
 *       {@code task_log} or {@code xcom} (only those rows of the selected runs, the runs stay), and
 *       {@code audit_log} (event log entries older than the date), which is kept unless named.</li>
 *   <li>With an archive directory, the rows are first written as CSV (PostgreSQL's {@code COPY ... CSV}, one file
 *       per table, header once) in the same transaction that deletes them: a failed write deletes nothing.</li>
 * </ul>
 */
public final class DbClean {

    /** What may be cleaned; {@code dag_run} includes everything that hangs off a run. */
    public enum Table {
        DAG_RUN, TASK_LOG, XCOM, AUDIT_LOG;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Table of(String name) {
            for (Table t : values()) {
                if (t.sqlName().equals(name.strip())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown table '" + name + "': expected one of "
                    + EnumSet.allOf(Table.class).stream().map(Table::sqlName).collect(Collectors.joining(", ")));
        }
    }

    /** The default tables: the runs and what hangs off them; the event log is kept unless named. */
    public static final Set<Table> DEFAULT_TABLES = EnumSet.of(Table.DAG_RUN);

    /**
     * @param before  runs with a logical date before this instant (and event log entries older than it)
     * @param dagId   only this DAG's runs, or null for all
     * @param tables  what to clean
     * @param dryRun  count only
     * @param archive a directory to write the rows to as CSV before deleting them, or null
     * @param skipActive leave queued and running runs out of the selection instead of refusing (the daily
     *                   retention clean: one stuck run must not stop it); they are counted in the report
     */
    public record Request(Instant before, String dagId, Set<Table> tables, boolean dryRun, Path archive,
                          boolean skipActive) {
        public Request {
            Objects.requireNonNull(before, "before");
            tables = tables == null || tables.isEmpty() ? DEFAULT_TABLES : Set.copyOf(tables);
        }

        /** A clean as the command line asks for it: a selection holding a queued or running run is refused. */
        public Request(Instant before, String dagId, Set<Table> tables, boolean dryRun, Path archive) {
            this(before, dagId, tables, dryRun, archive, false);
        }
    }

    /**
     * Rows per table that were (or, in a dry run, would be) deleted, the runs deleted, the runs left because another
     * transaction held them, and (with {@code skipActive}) the queued or running runs left out.
     */
    public record Report(boolean dryRun, int runs, Map<String, Long> rows, int skippedBusy, int skippedActive) {
    }

    /** The clean would touch a queued or running run: refused, nothing deleted. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private static final int AUDIT_BATCH = 10_000;
    /** The rows of a run, per table, in the order they are archived (children before the run they hang off). */
    private static final Map<String, String> RUN_ROWS = new LinkedHashMap<>();

    static {
        RUN_ROWS.put("task_log", "SELECT l.* FROM task_log l JOIN task_instance t ON t.id = l.ti_id WHERE t.run_pk = ");
        RUN_ROWS.put("task_try", "SELECT y.* FROM task_try y JOIN task_instance t ON t.id = y.ti_id WHERE t.run_pk = ");
        RUN_ROWS.put("xcom", "SELECT * FROM xcom WHERE run_pk = ");
        RUN_ROWS.put("task_instance", "SELECT * FROM task_instance WHERE run_pk = ");
        RUN_ROWS.put("dag_run", "SELECT * FROM dag_run WHERE id = ");
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;

    public DbClean(DataSource dataSource, TransactionTemplate tx, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = tx;
        this.clock = clock;
        this.audit = new AuditLog(jdbc, clock);
    }

    /**
     * Cleans (or counts, in a dry run) what the request names.
     *
     * @throws IllegalArgumentException a date in the future
     * @throws RefusedException         the selection holds a queued or running run
     */
    public Report clean(Request request, Actor actor) {
        Instant now = clock.instant();
        if (request.before().isAfter(now)) {
            throw new IllegalArgumentException("--before " + request.before() + " is in the future (now " + now
                    + "): a clean only deletes the past");
        }
        boolean runsNamed = request.tables().contains(Table.DAG_RUN) || request.tables().contains(Table.TASK_LOG)
                || request.tables().contains(Table.XCOM);
        List<Long> runIds = runsNamed ? candidates(request) : List.of();
        int active = 0;
        if (runsNamed && request.tables().contains(Table.DAG_RUN)) {
            active = refuseActive(request);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        int runs = 0;
        int busy = 0;
        for (long id : runIds) {
            Map<String, Long> deleted;
            try {
                deleted = request.dryRun() ? count(id, request.tables()) : tx.execute(s -> cleanRun(id, request));
            } catch (BusyRun locked) {
                deleted = null;
            }
            if (deleted == null) {
                busy++;
                continue;
            }
            deleted.forEach((table, n) -> rows.merge(table, n, Long::sum));
            if (request.tables().contains(Table.DAG_RUN)) {
                runs++;
            }
        }
        if (request.tables().contains(Table.AUDIT_LOG)) {
            rows.put("audit_log", request.dryRun() ? countAudit(request) : cleanAudit(request));
        }
        Report report = new Report(request.dryRun(), runs, rows, busy, active);
        if (!request.dryRun()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("before", request.before().toString());
            extra.put("tables", request.tables().stream().map(Table::sqlName).sorted().toList());
            extra.put("runs_deleted", runs);
            extra.put("rows_deleted", rows);
            if (request.archive() != null) {
                extra.put("archive", request.archive().toString());
            }
            tx.executeWithoutResult(s -> audit.record(actor, "db_clean", request.dagId(), null, null, null, extra,
                    null));
        }
        return report;
    }

    /** Advisory lock key of cleans run by the service itself ("pipeline retention"). */
    static final long EXCLUSIVE_KEY = 0x7069_7065_7265_746EL;

    /**
     * As {@link #clean}, unless another node's exclusive clean is under way (a PostgreSQL session advisory lock,
     * held on a connection of its own for the whole clean): then nothing is done and the answer is empty. For the
     * service's retention clean, which every scheduler node runs on its own timer.
     */
    public java.util.Optional<Report> cleanExclusively(Request request, Actor actor) {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            if (!advisory(lock, "pg_try_advisory_lock")) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(clean(request, actor));
            } finally {
                advisory(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the retention clean's lock: " + e.getMessage(), e);
        }
    }

    private static boolean advisory(Connection c, String function) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + function + "(?)")) {
            st.setLong(1, EXCLUSIVE_KEY);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Finished runs before the date, less the latest scheduled run of each DAG, oldest first. */
    private List<Long> candidates(Request request) {
        return jdbc.sql("""
                SELECT r.id FROM dag_run r
                WHERE r.logical_date < :before AND r.state IN ('success', 'failed')
                  AND (CAST(:dag AS text) IS NULL OR r.dag_id = :dag)
                  AND r.id IS DISTINCT FROM (SELECT l.id FROM dag_run l
                                             WHERE l.dag_id = r.dag_id AND l.run_type = 'scheduled'
                                             ORDER BY l.logical_date DESC LIMIT 1)
                ORDER BY r.logical_date, r.id
                """).param("before", Timestamps.toDb(request.before())).param("dag", request.dagId())
                .query(Long.class).list();
    }

    /** Refuses a selection holding queued or running runs; with {@code skipActive}, returns how many it holds. */
    private int refuseActive(Request request) {
        if (request.skipActive()) {
            return jdbc.sql("""
                    SELECT count(*) FROM dag_run WHERE logical_date < :before AND state IN ('queued', 'running')
                      AND (CAST(:dag AS text) IS NULL OR dag_id = :dag)
                    """).param("before", Timestamps.toDb(request.before())).param("dag", request.dagId())
                    .query(Integer.class).single();
        }
        List<String> busy = jdbc.sql("""
                SELECT dag_id || '/' || run_id || ' (' || state || ')' FROM dag_run
                WHERE logical_date < :before AND state IN ('queued', 'running')
                  AND (CAST(:dag AS text) IS NULL OR dag_id = :dag)
                ORDER BY logical_date, id LIMIT 11
                """).param("before", Timestamps.toDb(request.before())).param("dag", request.dagId())
                .query(String.class).list();
        if (!busy.isEmpty()) {
            String named = String.join(", ", busy.subList(0, Math.min(10, busy.size())))
                    + (busy.size() > 10 ? ", ..." : "");
            throw new RefusedException("refused: the clean would delete queued or running runs before "
                    + request.before() + ": " + named + ". Let them finish, mark or delete them, or choose an "
                    + "earlier --before; nothing was deleted");
        }
        return 0;
    }

    /** Deletes one run's rows in the caller's transaction; null when the run is busy or changed meanwhile. */
    private Map<String, Long> cleanRun(long runId, Request request) {
        Boolean finished;
        try {
            finished = jdbc.sql("SELECT state IN ('success', 'failed') FROM dag_run WHERE id = :id FOR UPDATE NOWAIT")
                    .param("id", runId).query(Boolean.class).optional().orElse(null);
        } catch (org.springframework.dao.DataAccessException locked) {
            throw new BusyRun(runId);
        }
        if (finished == null || !finished) {
            return null;
        }
        Map<String, Long> counted = count(runId, request.tables());
        if (request.archive() != null) {
            archive(runId, request.tables(), request.archive());
        }
        if (request.tables().contains(Table.DAG_RUN)) {
            jdbc.sql("DELETE FROM dag_run WHERE id = :id").param("id", runId).update();
        } else {
            if (request.tables().contains(Table.TASK_LOG)) {
                jdbc.sql("DELETE FROM task_log l USING task_instance t WHERE t.id = l.ti_id AND t.run_pk = :id")
                        .param("id", runId).update();
            }
            if (request.tables().contains(Table.XCOM)) {
                jdbc.sql("DELETE FROM xcom WHERE run_pk = :id").param("id", runId).update();
            }
        }
        return counted;
    }

    /** A run locked by someone else: its transaction is rolled back and the run left for the next clean. */
    private static final class BusyRun extends RuntimeException {
        BusyRun(long runId) {
            super("run " + runId + " is locked", null, false, false);
        }
    }

    private Map<String, Long> count(long runId, Set<Table> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : tablesOf(tables)) {
            out.put(table, jdbc.sql("SELECT count(*) FROM (" + RUN_ROWS.get(table) + ":id) AS x")
                    .param("id", runId).query(Long.class).single());
        }
        return out;
    }

    private static List<String> tablesOf(Set<Table> tables) {
        if (tables.contains(Table.DAG_RUN)) {
            return List.copyOf(RUN_ROWS.keySet());
        }
        List<String> out = new ArrayList<>();
        if (tables.contains(Table.TASK_LOG)) {
            out.add("task_log");
        }
        if (tables.contains(Table.XCOM)) {
            out.add("xcom");
        }
        return out;
    }

    private void archive(long runId, Set<Table> tables, Path dir) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Files.createDirectories(dir);
            for (String table : tablesOf(tables)) {
                Path file = dir.resolve(table + ".csv");
                boolean header = !Files.exists(file) || Files.size(file) == 0;
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    copy.copyOut("COPY (" + RUN_ROWS.get(table) + runId + ") TO STDOUT WITH (FORMAT csv"
                            + (header ? ", HEADER true" : "") + ")", out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the archive in " + dir + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read run " + runId + " for the archive: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    private long countAudit(Request request) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE event_time < :before"
                        + " AND (CAST(:dag AS text) IS NULL OR dag_id = :dag)")
                .param("before", Timestamps.toDb(request.before())).param("dag", request.dagId())
                .query(Long.class).single();
    }

    /** Deletes old event log entries in batches of 10,000 (one short transaction each). */
    private long cleanAudit(Request request) {
        long total = 0;
        while (true) {
            Long n = tx.execute(s -> {
                if (request.archive() != null) {
                    archiveAudit(request);
                }
                return (long) jdbc.sql("""
                        DELETE FROM audit_log WHERE id IN (
                            SELECT id FROM audit_log WHERE event_time < :before
                              AND (CAST(:dag AS text) IS NULL OR dag_id = :dag)
                            ORDER BY id LIMIT :batch)
                        """).param("before", Timestamps.toDb(request.before())).param("dag", request.dagId())
                        .param("batch", AUDIT_BATCH).update();
            });
            total += n == null ? 0 : n;
            if (n == null || n < AUDIT_BATCH) {
                return total;
            }
        }
    }

    private void archiveAudit(Request request) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            Files.createDirectories(request.archive());
            Path file = request.archive().resolve("audit_log.csv");
            boolean header = !Files.exists(file) || Files.size(file) == 0;
            String dag = request.dagId() == null ? "" : " AND dag_id = " + quote(request.dagId());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM audit_log WHERE event_time < "
                        + quote(request.before().toString()) + "::timestamptz" + dag + " ORDER BY id LIMIT "
                        + AUDIT_BATCH + ") TO STDOUT WITH (FORMAT csv" + (header ? ", HEADER true" : "") + ")", out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the archive in " + request.archive() + ": "
                    + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event log for the archive: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** A SQL string literal (COPY takes no parameters). */
    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
