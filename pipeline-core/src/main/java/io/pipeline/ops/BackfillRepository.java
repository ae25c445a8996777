package io.pipeline.ops;

import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DagRunStateStore;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code backfill} and {@code backfill_dag_run} tables, and the runs of a backfill. */
class BackfillRepository {

    static final RowMapper<BackfillRow> MAPPER = (rs, n) -> new BackfillRow(rs.getLong("id"), rs.getString("dag_id"),
            Timestamps.read(rs, "from_date"), Timestamps.read(rs, "to_date"), rs.getBoolean("run_backwards"),
            rs.getString("dag_run_conf"), ReprocessBehavior.of(rs.getString("reprocess_behavior")),
            rs.getInt("max_active_runs"), rs.getBoolean("is_paused"), rs.getString("created_by"),
            Timestamps.read(rs, "created_at"), Timestamps.read(rs, "completed_at"), Timestamps.read(rs, "updated_at"),
            rs.getString("only_missing_partitions_of"));

    private final JdbcClient jdbc;
    private final DagRunStateStore runStates;

    BackfillRepository(Stores stores) {
        this.jdbc = stores.jdbc();
        this.runStates = stores.runStates();
    }

    BackfillRow insert(BackfillRequest r, String confJson, String createdBy, Instant now) {
        return jdbc.sql("""
                INSERT INTO backfill (dag_id, from_date, to_date, run_backwards, dag_run_conf, reprocess_behavior,
                                      max_active_runs, created_by, created_at, updated_at,
                                      only_missing_partitions_of)
                VALUES (:dag, :from, :to, :backwards, CAST(:conf AS jsonb), :reprocess, :max, :by, :now, :now,
                        :missingOf)
                RETURNING *
                """)
                .param("dag", r.dagId()).param("from", Timestamps.toDb(r.from())).param("to", Timestamps.toDb(r.to()))
                .param("backwards", r.runBackwards()).param("conf", confJson).param("reprocess", r.reprocess().value())
                .param("max", r.maxActiveRuns()).param("by", createdBy).param("now", Timestamps.toDb(now))
                .param("missingOf", r.missingOf()).query(MAPPER).single();
    }

    Optional<BackfillRow> find(long id) {
        return jdbc.sql("SELECT * FROM backfill WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    Optional<BackfillRow> lock(long id) {
        return jdbc.sql("SELECT * FROM backfill WHERE id = :id FOR UPDATE").param("id", id).query(MAPPER).optional();
    }

    Optional<BackfillRow> active(String dagId) {
        return jdbc.sql("SELECT * FROM backfill WHERE dag_id = :dag AND completed_at IS NULL")
                .param("dag", dagId).query(MAPPER).optional();
    }

    /** Newest first; {@code dagId} null: every DAG. */
    Page<BackfillRow> list(String dagId, int limit, int offset) {
        List<BackfillRow> rows = jdbc.sql("""
                SELECT * FROM backfill WHERE (CAST(:dag AS text) IS NULL OR dag_id = :dag)
                ORDER BY id DESC LIMIT :limit OFFSET :offset
                """)
                .param("dag", dagId).param("limit", limit).param("offset", offset).query(MAPPER).list();
        long total = jdbc.sql("SELECT count(*) FROM backfill WHERE (CAST(:dag AS text) IS NULL OR dag_id = :dag)")
                .param("dag", dagId).query(Long.class).single();
        return new Page<>(rows, total);
    }

    /** The DAG's runs with logical date in [from, to]. */
    List<DagRunRow> runsBetween(String dagId, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT * FROM dag_run WHERE dag_id = :dag AND logical_date BETWEEN :from AND :to ORDER BY id
                """)
                .param("dag", dagId).param("from", Timestamps.toDb(from)).param("to", Timestamps.toDb(to))
                .query(DagRunRepository.MAPPER).list();
    }

    /** Locks runs by id, in id order (lock order: DAG run before task instance). */
    List<DagRunRow> lockRuns(long[] ids) {
        return jdbc.sql("SELECT * FROM dag_run WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids).query(DagRunRepository.MAPPER).list();
    }

    void adopt(long[] runPks, long backfillId, Instant now) {
        jdbc.sql("UPDATE dag_run SET backfill_id = :b, updated_at = :now WHERE id = ANY(:ids)")
                .param("b", backfillId).param("now", Timestamps.toDb(now)).param("ids", runPks).update();
    }

    void insertDates(long backfillId, String[] logicalDates, Long[] runPks, String[] reasons) {
        jdbc.sql("""
                INSERT INTO backfill_dag_run (backfill_id, logical_date, dag_run_id, exception_reason, sort_ordinal)
                SELECT :b, v.ld, v.run, v.reason, v.ord
                FROM unnest(CAST(:lds AS timestamptz[]), CAST(:runs AS bigint[]), CAST(:reasons AS text[]))
                     WITH ORDINALITY AS v(ld, run, reason, ord)
                """)
                .param("b", backfillId).param("lds", logicalDates).param("runs", runPks).param("reasons", reasons)
                .update();
    }

    BackfillProgress progress(long backfillId) {
        int[] c = new int[4];
        jdbc.sql("SELECT state, count(*) AS n FROM dag_run WHERE backfill_id = :b GROUP BY state")
                .param("b", backfillId)
                .query(rs -> {
                    int i = switch (rs.getString("state")) {
                        case "success" -> 0;
                        case "running" -> 1;
                        case "failed" -> 2;
                        default -> 3;
                    };
                    c[i] += rs.getInt("n");
                });
        int skipped = jdbc.sql("""
                SELECT count(*) FROM backfill_dag_run WHERE backfill_id = :b AND exception_reason IS NOT NULL
                """)
                .param("b", backfillId).query(Integer.class).single();
        return new BackfillProgress(c[0] + c[1] + c[2] + c[3], c[0], c[1], c[2], c[3], skipped);
    }

    /** The planned logical dates in start order, with their run id (null when skipped) and skip reason. */
    List<BackfillDate> dates(long backfillId) {
        return jdbc.sql("""
                SELECT b.logical_date, r.run_id, r.state, b.exception_reason FROM backfill_dag_run b
                LEFT JOIN dag_run r ON r.id = b.dag_run_id
                WHERE b.backfill_id = :b ORDER BY b.sort_ordinal
                """)
                .param("b", backfillId)
                .query((rs, n) -> new BackfillDate(Timestamps.read(rs, "logical_date"), rs.getString("run_id"),
                        rs.getString("state"), rs.getString("exception_reason")))
                .list();
    }

    void setPaused(long id, boolean paused, Instant now) {
        jdbc.sql("UPDATE backfill SET is_paused = :p, updated_at = :now WHERE id = :id")
                .param("p", paused).param("now", Timestamps.toDb(now)).param("id", id).update();
    }

    void complete(long id, Instant now) {
        jdbc.sql("UPDATE backfill SET completed_at = :now, updated_at = :now WHERE id = :id AND completed_at IS NULL")
                .param("now", Timestamps.toDb(now)).param("id", id).update();
    }

    /** Queued runs of the backfill -> failed (cancel), through {@link DagRunStateStore}; returns them. */
    List<DagRunRow> failQueued(long backfillId, Instant now) {
        return runStates.failQueued(backfillId, now);
    }
}
