package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.InitialTaskInstances;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.store.Stores;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a backfill's new runs (state queued, run type backfill) and their task instances in three statements
 * however many there are: a ten-year backfill of a session DAG is some 2,500 runs. The task instances are written by
 * {@link InitialTaskInstances}, as for any new run; a date whose run appeared meanwhile is left to it (ON CONFLICT
 * DO NOTHING).
 */
final class BackfillRunWriter {

    /**
     * Backfill TIs are created this much below their task's priority weight, so that in every pool the ready TIs
     * of scheduled and manual runs are admitted before a backfill's (relative order within the backfill kept).
     */
    static final int PRIORITY_OFFSET = 10_000;

    private final JdbcClient jdbc;
    private final InitialTaskInstances instances;

    BackfillRunWriter(Stores stores) {
        this.jdbc = stores.jdbc();
        this.instances = new InitialTaskInstances(stores);
    }

    /** @return the new runs' ids by logical date */
    Map<Instant, Long> create(Dag dag, List<DagRunInfo> dates, long backfillId, String confJson, Instant now) {
        Map<Instant, Long> created = new HashMap<>();
        if (dates.isEmpty()) {
            return created;
        }
        int n = dates.size();
        String[] runIds = new String[n];
        String[] lds = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        String[] sessions = new String[n];
        String[] afters = new String[n];
        for (int i = 0; i < n; i++) {
            DagRunInfo d = dates.get(i);
            runIds[i] = "backfill__" + d.logicalDate();
            lds[i] = d.logicalDate().toString();
            starts[i] = d.dataInterval().start().toString();
            ends[i] = d.dataInterval().end().toString();
            sessions[i] = d.session() == null ? null : d.session().toString();
            afters[i] = d.runAfter().toString();
        }
        jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, session_date, run_after, conf, backfill_id, created_at,
                                     queued_at, updated_at, partition_key)
                SELECT :dag, v.run_id, 'backfill', 'queued', v.ld, v.dis, v.die, v.session, v.after,
                       CAST(:conf AS jsonb), :backfill, :now, :now, :now, CAST(v.session AS text)
                FROM unnest(CAST(:runIds AS text[]), CAST(:lds AS timestamptz[]), CAST(:starts AS timestamptz[]),
                            CAST(:ends AS timestamptz[]), CAST(:sessions AS date[]), CAST(:afters AS timestamptz[]))
                     AS v(run_id, ld, dis, die, session, after)
                ON CONFLICT DO NOTHING
                RETURNING id, logical_date
                """)
                .param("dag", dag.dagId()).param("conf", confJson).param("backfill", backfillId)
                .param("now", Timestamps.toDb(now)).param("runIds", runIds).param("lds", lds)
                .param("starts", starts).param("ends", ends).param("sessions", sessions).param("afters", afters)
                .query(rs -> {
                    created.put(Timestamps.read(rs, "logical_date"), rs.getLong("id"));
                });
        instances.insert(dag, created.values().stream().mapToLong(Long::longValue).toArray(), PRIORITY_OFFSET, now);
        return created;
    }
}
