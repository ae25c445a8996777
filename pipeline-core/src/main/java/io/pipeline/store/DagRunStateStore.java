package io.pipeline.store;

import io.pipeline.state.DagRunState;
import io.pipeline.state.DagRunStateMachine;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.pipeline.state.DagRunState.FAILED;
import static io.pipeline.state.DagRunState.QUEUED;
import static io.pipeline.state.DagRunState.RUNNING;
import static io.pipeline.state.DagRunState.SUCCESS;

/**
 * The one class that writes {@code dag_run.state}. Each statement declares its moves ({@link StateMoves}), checked
 * against {@link DagRunStateMachine} when this class loads, and renders its {@code WHERE state ...} from them; where
 * the states are parameters they are checked against the declared moves before the statement runs.
 * {@code SingleStateGateTest} fails when a run state write appears anywhere else.
 */
public class DagRunStateStore {

    static final StateMoves<DagRunState> START = StateMoves.run("start", Set.of(QUEUED), RUNNING);
    static final StateMoves<DagRunState> FINISH = StateMoves.run("finish", Set.of(RUNNING), SUCCESS, FAILED);
    static final StateMoves<DagRunState> REQUEUE = StateMoves.run("requeue", Set.of(SUCCESS, FAILED), QUEUED);
    static final StateMoves<DagRunState> FAIL_QUEUED = StateMoves.run("fail queued", Set.of(QUEUED), FAILED);
    static final StateMoves<DagRunState> MARK_FAILED = StateMoves.run("mark run failed",
            Set.of(QUEUED, RUNNING, SUCCESS), FAILED);
    static final StateMoves<DagRunState> MARK_SUCCESS = StateMoves.run("mark run success",
            Set.of(QUEUED, RUNNING, FAILED), SUCCESS);
    static final StateMoves<DagRunState> MARK_QUEUED = StateMoves.run("mark run queued",
            Set.of(RUNNING, SUCCESS, FAILED), QUEUED);

    /** Every statement's moves, for the test that covers every source state of the table. */
    static final List<StateMoves<DagRunState>> ALL = List.of(START, FINISH, REQUEUE, FAIL_QUEUED, MARK_FAILED,
            MARK_SUCCESS, MARK_QUEUED);

    /** Start or finish: both states are parameters, checked against {@link #START} or {@link #FINISH}. */
    private static final String UPDATE_STATE_SQL = """
            UPDATE dag_run SET state = :to, updated_at = :now, version = version + 1,
                start_date = CASE WHEN :to = 'running' AND start_date IS NULL THEN :now ELSE start_date END,
                end_date = CASE WHEN :to IN ('success', 'failed') THEN :now ELSE NULL END
            WHERE id = :id AND state = :from
            """;

    /**
     * Start, set-based: the queued runs among {@code ids} -> running (start date now unless set), in one statement;
     * returns the runs that moved, as they are now.
     */
    private static final String START_ALL_SQL = """
            UPDATE dag_run SET state = %s, updated_at = :now, version = version + 1,
                start_date = coalesce(start_date, :now), end_date = NULL
            WHERE id = ANY(:ids) AND %s
            RETURNING *
            """.formatted(START.target(), START.fromIs("state"));

    private static final String REQUEUE_SQL = """
            UPDATE dag_run SET state = %s, queued_at = :now, start_date = NULL, end_date = NULL,
                version = version + 1, updated_at = :now
            WHERE id = ANY(:ids) AND %s
            RETURNING id
            """.formatted(REQUEUE.target(), REQUEUE.fromIs("state"));

    private static final String FAIL_QUEUED_SQL = """
            UPDATE dag_run SET state = %s, end_date = :now, version = version + 1, updated_at = :now
            WHERE backfill_id = :b AND %s
            RETURNING *
            """.formatted(FAIL_QUEUED.target(), FAIL_QUEUED.fromIs("state"));

    /** As Airflow's {@code _set_dag_run_state}: the end date is now, the start date is kept. */
    private static final String MARK_FAILED_SQL = """
            UPDATE dag_run SET state = %s, end_date = :now, version = version + 1, updated_at = :now
            WHERE id = :id AND %s
            """.formatted(MARK_FAILED.target(), MARK_FAILED.fromIs("state"));

    /** As {@link #MARK_FAILED_SQL}, to success (Airflow's {@code set_dag_run_state_to_success}). */
    private static final String MARK_SUCCESS_SQL = """
            UPDATE dag_run SET state = %s, end_date = :now, version = version + 1, updated_at = :now
            WHERE id = :id AND %s
            """.formatted(MARK_SUCCESS.target(), MARK_SUCCESS.fromIs("state"));

    /**
     * As Airflow's {@code DagRun.set_state(QUEUED)} from running, success or failed: queued at now, start and end
     * dates cleared (the scheduler starts it again under max_active_runs).
     */
    private static final String MARK_QUEUED_SQL = """
            UPDATE dag_run SET state = %s, queued_at = :now, start_date = NULL, end_date = NULL,
                version = version + 1, updated_at = :now
            WHERE id = :id AND %s
            """.formatted(MARK_QUEUED.target(), MARK_QUEUED.fromIs("state"));

    private final JdbcClient jdbc;

    public DagRunStateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * queued -> running (start) or running -> success/failed (finish); start/end dates follow the state. Returns
     * false when the run was not in {@code from}.
     */
    public boolean updateState(long id, DagRunState from, DagRunState to, Instant now) {
        StateMoves<DagRunState> move = from == QUEUED ? START : FINISH;
        move.requireSource(from);
        move.requireTarget(to);
        return jdbc.sql(UPDATE_STATE_SQL)
                .param("to", to.value()).param("from", from.value()).param("now", Timestamps.toDb(now))
                .param("id", id)
                .update() == 1;
    }

    /**
     * queued -> running for many runs in one statement (the batched form of {@link #updateState} from queued; the
     * caller has locked them). Returns the runs that moved, in id order; a run no longer queued is left out.
     */
    public List<DagRunRow> startAll(long[] runPks, Instant now) {
        if (runPks.length == 0) {
            return List.of();
        }
        List<DagRunRow> started = new java.util.ArrayList<>(jdbc.sql(START_ALL_SQL)
                .param("ids", runPks).param("now", Timestamps.toDb(now))
                .query(DagRunRepository.MAPPER).list());
        started.sort(java.util.Comparator.comparingLong(DagRunRow::id));
        return started;
    }

    /** Finished runs back to queued (start and end cleared); returns the runs that moved. */
    public List<Long> requeue(long[] runPks, Instant now) {
        if (runPks.length == 0) {
            return List.of();
        }
        return jdbc.sql(REQUEUE_SQL)
                .param("ids", runPks).param("now", Timestamps.toDb(now))
                .query(Long.class).list();
    }

    /** Queued runs of a backfill -> failed (its cancel); returns them. */
    public List<DagRunRow> failQueued(long backfillId, Instant now) {
        return jdbc.sql(FAIL_QUEUED_SQL)
                .param("b", backfillId).param("now", Timestamps.toDb(now))
                .query(DagRunRepository.MAPPER).list();
    }

    /**
     * An operator fails the run (queued, running or successful -> failed; the caller has locked the run). Returns
     * false when the run was in none of those states (already failed).
     */
    public boolean markFailed(long runPk, Instant now) {
        return jdbc.sql(MARK_FAILED_SQL).param("id", runPk).param("now", Timestamps.toDb(now)).update() == 1;
    }

    /**
     * An operator marks the run successful (queued, running or failed -> success, end date now; the caller has
     * locked the run). Returns false when the run was successful already.
     */
    public boolean markSuccess(long runPk, Instant now) {
        return jdbc.sql(MARK_SUCCESS_SQL).param("id", runPk).param("now", Timestamps.toDb(now)).update() == 1;
    }

    /**
     * An operator puts the run back in the queue (running, success or failed -> queued; the caller has locked the
     * run). Returns false when the run was queued already.
     */
    public boolean markQueued(long runPk, Instant now) {
        return jdbc.sql(MARK_QUEUED_SQL).param("id", runPk).param("now", Timestamps.toDb(now)).update() == 1;
    }
}
