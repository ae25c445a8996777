package io.pipeline.store;

import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import io.pipeline.store.AdmissionRepository.Admitted;
import io.pipeline.store.AdmissionRepository.PoolState;
import io.pipeline.store.AdmissionRepository.QueuedTi;
import io.pipeline.store.AdmissionRepository.ReadyAdmission;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.pipeline.state.TaskState.DEFERRED;
import static io.pipeline.state.TaskState.NONE;
import static io.pipeline.state.TaskState.QUEUED;
import static io.pipeline.state.TaskState.RUNNING;
import static io.pipeline.state.TaskState.SCHEDULED;
import static io.pipeline.state.TaskState.SKIPPED;
import static io.pipeline.state.TaskState.UP_FOR_RESCHEDULE;
import static io.pipeline.state.TaskState.UP_FOR_RETRY;

/**
 * The one class that writes {@code task_instance.state}. Each statement declares its moves ({@link StateMoves}),
 * checked against {@link TaskStateMachine} when this class loads, and renders its {@code WHERE state ...} from them;
 * a statement whose target is a parameter checks it against its declared targets before it runs (in Java, no round
 * trip). The repositories that own the rest of a TI's life (scheduling, admission, claim, outcome, clear and mark)
 * call these methods; {@code SingleStateGateTest} fails when a state write appears anywhere else.
 *
 * <p>Callers hold the run's row lock where the statement says so (lock order: DAG run before task instance). The
 * statements that pick rows by key test the state as {@code coalesce(state, '') = ...} so that the planner keeps to
 * the key (see {@link AdmissionRepository}); the others test {@code state} as the partial indexes expect.
 */
public class TaskInstanceStateStore {

    static final StateMoves<TaskState> SCHEDULE = StateMoves.ti("schedule", Set.of(NONE), SCHEDULED);
    static final StateMoves<TaskState> SETTLE = StateMoves.ti("settle", Set.of(NONE),
            TaskState.SKIPPED, TaskState.UPSTREAM_FAILED, TaskState.REMOVED, TaskState.FAILED);
    static final StateMoves<TaskState> SKIP = StateMoves.ti("skip not started", Set.of(NONE, SCHEDULED), SKIPPED);
    static final StateMoves<TaskState> RETRY = StateMoves.ti("schedule due retry", Set.of(UP_FOR_RETRY), SCHEDULED);
    static final StateMoves<TaskState> POKE = StateMoves.ti("schedule due poke", Set.of(UP_FOR_RESCHEDULE), SCHEDULED);
    /** The triggerer found a wait's condition true, or the scheduler found a deferred sensor's timeout come. */
    static final StateMoves<TaskState> WAKE = StateMoves.ti("wake deferred", Set.of(DEFERRED), SCHEDULED);
    static final StateMoves<TaskState> ADMIT = StateMoves.tiPaths("admit",
            List.of(SCHEDULED, QUEUED), List.of(SCHEDULED, QUEUED, RUNNING));
    static final StateMoves<TaskState> ADMIT_READY = StateMoves.tiPaths("admit ready",
            List.of(NONE, SCHEDULED, QUEUED), List.of(NONE, SCHEDULED, QUEUED, RUNNING));
    static final StateMoves<TaskState> CLAIM = StateMoves.ti("claim", Set.of(QUEUED), RUNNING);
    /** A try's outcome: whatever the table allows a running TI to move to (checked per outcome before writing). */
    static final StateMoves<TaskState> OUTCOME = StateMoves.ti("outcome", Set.of(RUNNING),
            TaskStateMachine.allowedFrom(RUNNING).toArray(TaskState[]::new));
    static final StateMoves<TaskState> CLEAR = StateMoves.tiFromAnyAllowed("clear", NONE);
    static final StateMoves<TaskState> MARK_SUCCESS = StateMoves.tiFromAnyAllowed("mark success", TaskState.SUCCESS);
    static final StateMoves<TaskState> MARK_FAILED = StateMoves.tiFromAnyAllowed("mark failed", TaskState.FAILED);
    static final StateMoves<TaskState> MARK_SKIPPED = StateMoves.tiFromAnyAllowed("mark skipped", SKIPPED);

    /** Every statement's moves, for the test that covers every source state of the table. */
    static final List<StateMoves<TaskState>> ALL = List.of(SCHEDULE, SETTLE, SKIP, RETRY, POKE, WAKE, ADMIT, ADMIT_READY,
            CLAIM, OUTCOME, CLEAR, MARK_SUCCESS, MARK_FAILED, MARK_SKIPPED);

    private static final String CHANGED = SchedulingRepository.CHANGED;

    private static final String SCHEDULE_SQL = newTry(SCHEDULE) + """
            WHERE run_pk = :run AND task_id = ANY(:tasks) AND map_index = -1 AND %s
            """.formatted(SCHEDULE.fromIs("coalesce(state, '')")) + CHANGED;

    private static final String SCHEDULE_EXPANDED_SQL = newTry(SCHEDULE) + """
            WHERE run_pk = :run AND task_id = :task AND map_index >= 0 AND %s
            """.formatted(SCHEDULE.fromIs("state")) + CHANGED;

    /** The target is a parameter, checked against {@link #SETTLE} before the statement runs. */
    private static final String SETTLE_SQL = """
            UPDATE task_instance SET state = :to, end_date = :now, failure_reason = :reason,
                version = version + 1, updated_at = :now
            WHERE run_pk = :run AND task_id = ANY(:tasks) AND %s
            """.formatted(SETTLE.fromIs("coalesce(state, '')")) + CHANGED;

    /** The from-state is a parameter (none or scheduled), checked against {@link #SKIP} before the statement runs. */
    private static final String SKIP_SQL = """
            UPDATE task_instance SET state = %s, end_date = :now, version = version + 1, updated_at = :now
            WHERE run_pk = :run AND task_id = ANY(:tasks) AND state = :from
            """.formatted(SKIP.target()) + CHANGED;

    private static final String EXPAND_SQL = """
            WITH placeholder AS (
                DELETE FROM task_instance WHERE run_pk = :run AND task_id = :task AND map_index = -1
                    AND %s
                RETURNING *)
            INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, priority,
                                       pool, pool_slots, queue, operator, scheduled_at, updated_at)
            SELECT p.run_pk, p.dag_id, p.task_id, g, %s, 1, p.max_tries, p.priority, p.pool,
                   p.pool_slots, p.queue, p.operator, :now, :now
            FROM placeholder p, generate_series(0, :count - 1) AS g
            """.formatted(SCHEDULE.fromIs("state"), SCHEDULE.target()) + CHANGED;

    private static final String RETRY_SQL = newTry(RETRY) + """
            WHERE run_pk = :run AND %s AND next_attempt_at <= :now
            """.formatted(RETRY.fromIs("state")) + CHANGED;

    private static final String POKE_SQL = """
            UPDATE task_instance SET state = %s, scheduled_at = :now, next_attempt_at = NULL,
                version = version + 1, updated_at = :now
            WHERE run_pk = :run AND %s AND next_attempt_at <= :now
            """.formatted(POKE.target(), POKE.fromIs("state")) + CHANGED;

    /**
     * Fired waits ({@code :ids}) are deleted and their TIs, if still deferred in the try that deferred, -> scheduled
     * (same try: the sensor's next poke, the task's execute again). No run lock: it moves nothing but these rows.
     */
    private static final String WAKE_SQL = """
            WITH w AS (DELETE FROM deferred_wait WHERE id = ANY(:ids) RETURNING ti_id, try_number),
            moved AS (
                UPDATE task_instance t SET state = %s, scheduled_at = :now, next_attempt_at = NULL,
                    version = t.version + 1, updated_at = :now
                FROM w WHERE t.id = w.ti_id AND t.try_number = w.try_number AND %s
                RETURNING t.id, t.run_pk, t.task_id, t.map_index, t.try_number, t.max_tries, t.pool)
            SELECT m.*, r.dag_id, r.run_id, r.logical_date FROM moved m JOIN dag_run r ON r.id = m.run_pk
            """.formatted(WAKE.target(), WAKE.fromIs("t.state"));

    /** Deferred TIs of a run whose sensor deadline has come -> scheduled (their next poke fails them); waits deleted. */
    private static final String WAKE_TIMED_OUT_SQL = """
            WITH moved AS (
                UPDATE task_instance SET state = %s, scheduled_at = :now, next_attempt_at = NULL,
                    version = version + 1, updated_at = :now
                WHERE run_pk = :run AND %s AND sensor_deadline <= :now
                RETURNING id, task_id, map_index, try_number, max_tries, pool),
            gone AS (DELETE FROM deferred_wait WHERE ti_id IN (SELECT id FROM moved))
            SELECT * FROM moved
            """.formatted(WAKE.target(), WAKE.fromIs("state"));

    /**
     * In ONE statement: {@code :ids} scheduled -> queued, except {@code :mine}, which go on to running on
     * {@code :node} (claimed by the admitting node). Returns the moved rows as {@code moved}.
     */
    private static final String ADMIT_SQL = """
            WITH moved AS (
                UPDATE task_instance t SET
                    state = CASE WHEN t.id = ANY(:mine) THEN %s ELSE %s END,
                    queued_at = :now,
                    node_id = CASE WHEN t.id = ANY(:mine) THEN :node ELSE t.node_id END,
                    start_date = CASE WHEN t.id = ANY(:mine) THEN :now ELSE t.start_date END,
                    heartbeat_at = CASE WHEN t.id = ANY(:mine) THEN :now ELSE t.heartbeat_at END,
                    end_date = CASE WHEN t.id = ANY(:mine) THEN NULL ELSE t.end_date END,
                    duration_ms = CASE WHEN t.id = ANY(:mine) THEN NULL ELSE t.duration_ms END,
                    version = t.version + 1, updated_at = :now
                WHERE t.id = ANY(:ids) AND %s
                RETURNING t.*)
            """.formatted(ADMIT.target(RUNNING), ADMIT.target(QUEUED), ADMIT.fromIs("coalesce(t.state, '')"))
            + AdmissionRepository.MOVED_WITH_RUN;

    /**
     * As {@link #ADMIT_SQL} from none (through scheduled, a new try), if the pool and the DAG have room. The TIs in
     * {@code :mine} go on to running here only if no TI of higher priority is queued in their queue ({@code hi}: one
     * probe of {@code ti_queued} per queue); else they are queued like the others, and this node's workers claim by
     * priority. Without that, a finishing TI handed its worker slot to its own downstream, so at the close the
     * leaves of the runs started first kept the workers while other runs' start tasks waited in the queue.
     */
    private static final String ADMIT_READY_SQL = """
            WITH p AS (
            """ + AdmissionRepository.LOCK_POOL + """
            ),
            hi AS (
                SELECT NOT EXISTS (
                    SELECT 1 FROM (SELECT r.queue, min(r.priority) AS priority FROM task_instance r
                                   WHERE r.run_pk = :run AND r.task_id = ANY(:mine) AND r.map_index = -1
                                   GROUP BY r.queue) m
                    WHERE EXISTS (SELECT 1 FROM task_instance q WHERE q.state = 'queued' AND q.queue = m.queue
                                  AND q.priority > m.priority)) AS here
            ),
            moved AS (
                UPDATE task_instance t SET
                    state = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN %s ELSE %s END,
                    try_number = t.try_number + 1, scheduled_at = :now, queued_at = :now, next_attempt_at = NULL,
                    node_id = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN :node
                        ELSE t.node_id END,
                    start_date = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN :now
                        ELSE t.start_date END,
                    heartbeat_at = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN :now
                        ELSE t.heartbeat_at END,
                    end_date = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN NULL
                        ELSE t.end_date END,
                    duration_ms = CASE WHEN t.task_id = ANY(:mine) AND (SELECT here FROM hi) THEN NULL
                        ELSE t.duration_ms END,
                    version = t.version + 1, updated_at = :now
                WHERE t.run_pk = :run AND t.task_id = ANY(:tasks) AND t.map_index = -1
                  AND %s
                  AND EXISTS (SELECT 1 FROM p WHERE p.dag_waiting = 0 AND p.used + :need <= p.slots
                              AND p.dag_active + :n <= :max_active)
                RETURNING t.*),
            with_run AS (""".formatted(ADMIT_READY.target(RUNNING), ADMIT_READY.target(QUEUED),
            ADMIT_READY.fromIs("coalesce(t.state, '')")) + AdmissionRepository.MOVED_WITH_RUN + """
            )
            SELECT p.slots, p.used, p.dag_active, p.dag_waiting, w.*
            FROM p LEFT JOIN with_run w ON true
            """;

    /** The claim for a node serving one queue, and for one serving several (see {@link #claimSql}). */
    static final String CLAIM_ONE_QUEUE_SQL = claimSql(true);
    static final String CLAIM_QUEUES_SQL = claimSql(false);

    /**
     * Picks queued TIs in priority order, skipping rows other nodes are claiming, and marks them running: the text for
     * one queue ({@code :queue}) or for several ({@code :queues}). With one queue (a node's default) the rows are read
     * in the order of the partial index {@code ti_queued (queue, priority DESC, queued_at, id)}, so the statement reads
     * about as many entries as it takes rather than every queued TI of the queue. With several queues the planner
     * sorts the queued TIs of those queues (it merges ordered index scans only for a union, and a union cannot be
     * locked {@code FOR UPDATE}). The {@code LIMIT} sits above the row locks, so rows locked by another claimer are
     * skipped and do not count. The picked rows are updated by their {@code ctid} (locked, so it cannot change before
     * the update) rather than looked up again by id, and each run is read once, not once per row.
     */
    static String claimSql(boolean oneQueue) {
        String picked = """
                    SELECT ctid AS tid FROM task_instance
                    WHERE %s AND %s AND dag_id = ANY(:dags)
                    ORDER BY priority DESC, queued_at, id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED""".formatted(CLAIM.fromIs("state"),
                oneQueue ? "queue = :queue" : "queue = ANY(:queues)");
        return """
                WITH picked AS (
                %s),
                moved AS (
                    UPDATE task_instance t
                    SET state = %s, node_id = :node, start_date = :now, heartbeat_at = :now, end_date = NULL,
                        duration_ms = NULL, version = t.version + 1, updated_at = :now
                    WHERE t.ctid = ANY(ARRAY(SELECT tid FROM picked)) AND %s
                    RETURNING t.id, t.version, t.run_pk, t.dag_id, t.task_id, t.map_index, t.try_number,
                              t.max_tries, t.scheduled_at, t.start_date, t.first_poke_at, t.sensor_deadline,
                              t.node_id, t.priority, t.queued_at),
                runs AS MATERIALIZED (
                    SELECT r.id, r.run_id, r.run_type, r.logical_date, r.data_interval_start, r.data_interval_end,
                           r.session_date, r.conf
                    FROM dag_run r WHERE r.id = ANY(ARRAY(SELECT DISTINCT run_pk FROM moved)))
                SELECT m.id, m.version, m.run_pk, m.dag_id, r.run_id, r.run_type, r.logical_date,
                       r.data_interval_start, r.data_interval_end, r.session_date, r.conf, m.task_id, m.map_index,
                       m.try_number, m.max_tries, m.scheduled_at, m.start_date, m.first_poke_at, m.sensor_deadline,
                       m.node_id, set_config('synchronous_commit', :sc, true) AS commit_mode
                FROM moved m JOIN runs r ON r.id = m.run_pk
                ORDER BY m.priority DESC, m.queued_at, m.id
                """.formatted(picked, CLAIM.target(), CLAIM.fromIs("t.state"));
    }

    /**
     * Running TIs -> their outcome (where the stored version is the claimed one and the TI is still running), one
     * {@code task_try} row per try, and the finished ones counted off their task's progress counter, except those of
     * the runs in {@code :later}, which the caller counts off itself at the end of its transaction
     * ({@link ProgressRepository#countOff}).
     */
    private static final String OUTCOME_SQL = """
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
                WHERE t.id = v.id AND t.version = v.version AND %s
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
                      WHERE state IN ('success', 'failed', 'skipped') AND run_pk <> ALL(:later)
                      GROUP BY run_pk, task_id) d
                WHERE p.run_pk = d.run_pk AND p.task_id = d.task_id)
            SELECT id FROM upd
            """.formatted(OUTCOME.fromIs("coalesce(t.state, '')"));

    /**
     * TIs -> none with room for a full set of tries again; per-try fields reset. The caller has locked the rows and
     * checked each move; the from-states make the statement hold to the table all the same.
     */
    private static final String CLEAR_SQL = """
            UPDATE task_instance t SET state = %s, max_tries = v.max_tries, scheduled_at = NULL,
                queued_at = NULL, start_date = NULL, end_date = NULL, duration_ms = NULL, next_attempt_at = NULL,
                first_poke_at = NULL, sensor_deadline = NULL, node_id = NULL, heartbeat_at = NULL,
                failure_reason = NULL, version = t.version + 1, updated_at = :now
            FROM unnest(CAST(:ids AS bigint[]), CAST(:maxTries AS int[])) AS v(id, max_tries)
            WHERE t.id = v.id AND %s
            """.formatted(CLEAR.target(), CLEAR.fromIs("t.state"));

    private static final String MARK_SUCCESS_SQL = markSql(MARK_SUCCESS);
    private static final String MARK_FAILED_SQL = markSql(MARK_FAILED);
    private static final String MARK_SKIPPED_SQL = markSql(MARK_SKIPPED);

    private final JdbcClient jdbc;

    public TaskInstanceStateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String newTry(StateMoves<TaskState> move) {
        return """
                UPDATE task_instance SET state = %s, try_number = try_number + 1, scheduled_at = :now,
                    next_attempt_at = NULL, version = version + 1, updated_at = :now
                """.formatted(move.target());
    }

    /** TIs -> the mark's state, as a finished try would leave them (rows locked and moves checked by the caller). */
    private static String markSql(StateMoves<TaskState> mark) {
        return """
                UPDATE task_instance t SET state = :to, start_date = coalesce(t.start_date, :now),
                    end_date = CASE WHEN t.state = 'running' OR t.end_date IS NULL THEN :now ELSE t.end_date END,
                    duration_ms = CASE WHEN t.state = 'running'
                        THEN CAST(floor(extract(epoch FROM (:now - t.start_date)) * 1000) AS bigint)
                        ELSE t.duration_ms END,
                    next_attempt_at = NULL, heartbeat_at = NULL,
                    failure_reason = CASE WHEN :to = 'failed' THEN :reason ELSE NULL END,
                    version = t.version + 1, updated_at = :now
                WHERE t.id = ANY(:ids) AND %s
                """.formatted(mark.fromIs("t.state"));
    }

    /** none -> scheduled for the unmapped instances of {@code taskIds}: a new try is scheduled. */
    public List<ChangedTi> schedule(long runPk, Collection<String> taskIds, Instant now) {
        return jdbc.sql(SCHEDULE_SQL)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new))
                .param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** none -> scheduled for the already expanded instances (map index 0..n-1) of a mapped task, as left by a clear. */
    public List<ChangedTi> scheduleExpanded(long runPk, String taskId, Instant now) {
        return jdbc.sql(SCHEDULE_EXPANDED_SQL)
                .param("run", runPk).param("task", taskId).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** none -> {@code to} (skipped, upstream_failed, removed or failed) for all instances of {@code taskIds}. */
    public List<ChangedTi> settle(long runPk, Collection<String> taskIds, TaskState to, String reason, Instant now) {
        return jdbc.sql(SETTLE_SQL)
                .param("to", SETTLE.requireTarget(to).value()).param("reason", reason).param("run", runPk)
                .param("tasks", taskIds.toArray(String[]::new)).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** {@code from} (none or scheduled) -> skipped for the instances of {@code taskIds}. */
    public List<ChangedTi> skipNotStarted(long runPk, Collection<String> taskIds, TaskState from, Instant now) {
        return jdbc.sql(SKIP_SQL)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new))
                .param("from", SKIP.requireSource(from).value())
                .param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /**
     * Replaces the placeholder of a mapped task (map index -1, state none) by {@code count} scheduled instances
     * (map index 0..count-1, try 1), in one statement.
     */
    public List<ChangedTi> expand(long runPk, String taskId, int count, Instant now) {
        return jdbc.sql(EXPAND_SQL)
                .param("run", runPk).param("task", taskId).param("count", count).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** up_for_retry -> scheduled (a new try) where the retry time has come. */
    public List<ChangedTi> scheduleDueRetries(long runPk, Instant now) {
        return jdbc.sql(RETRY_SQL)
                .param("run", runPk).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** up_for_reschedule -> scheduled (same try: the next poke) where the poke time has come. */
    public List<ChangedTi> scheduleDuePokes(long runPk, Instant now) {
        return jdbc.sql(POKE_SQL)
                .param("run", runPk).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /** A TI a fired wait moved deferred -> scheduled, with its run's keys for the state listeners. */
    public record Woken(ChangedTi ti, String dagId, String runId, Instant logicalDate) {
    }

    /** Deletes the waits {@code waitIds} and moves their TIs deferred -> scheduled (see {@link #WAKE_SQL}). */
    public List<Woken> wake(long[] waitIds, Instant now) {
        if (waitIds.length == 0) {
            return List.of();
        }
        return jdbc.sql(WAKE_SQL)
                .param("ids", waitIds).param("now", Timestamps.toDb(now))
                .query((rs, n) -> new Woken(SchedulingRepository.CHANGED_MAPPER.mapRow(rs, n), rs.getString("dag_id"),
                        rs.getString("run_id"), Timestamps.read(rs, "logical_date")))
                .list();
    }

    /** deferred -> scheduled where the sensor's deadline has come (the run is locked by the caller). */
    public List<ChangedTi> wakeTimedOut(long runPk, Instant now) {
        return jdbc.sql(WAKE_TIMED_OUT_SQL)
                .param("run", runPk).param("now", Timestamps.toDb(now))
                .query(SchedulingRepository.CHANGED_MAPPER).list();
    }

    /**
     * In ONE statement: scheduled -> queued for {@code ids}, except those in {@code mine}, which go straight on to
     * running on {@code nodeId}. Returns both, with their run.
     */
    public Admitted admit(long[] ids, long[] mine, String nodeId, Instant now) {
        List<QueuedTi> queued = new ArrayList<>();
        List<ClaimedTi> claimed = new ArrayList<>();
        jdbc.sql(ADMIT_SQL)
                .param("ids", ids).param("mine", mine).param("node", nodeId).param("now", Timestamps.toDb(now))
                .query(rs -> {
                    AdmissionRepository.readMoved(rs, queued, claimed);
                });
        return new Admitted(queued, claimed);
    }

    /** See {@link AdmissionRepository#admitReady}: none -> queued (or running for {@code mineTasks}) if they fit. */
    public ReadyAdmission admitReady(String pool, String dagId, long runPk, Collection<String> tasks,
                                     Collection<String> mineTasks, int slotsNeeded, int maxActiveTasks,
                                     String nodeId, Instant now) {
        List<QueuedTi> queued = new ArrayList<>();
        List<ClaimedTi> claimed = new ArrayList<>();
        PoolState[] state = new PoolState[1];
        jdbc.sql(ADMIT_READY_SQL)
                .param("pool", pool).param("dag", dagId).param("run", runPk)
                .param("tasks", tasks.toArray(String[]::new)).param("mine", mineTasks.toArray(String[]::new))
                .param("need", slotsNeeded).param("n", tasks.size()).param("max_active", maxActiveTasks)
                .param("node", nodeId).param("now", Timestamps.toDb(now))
                .query(rs -> {
                    state[0] = AdmissionRepository.poolState(rs);
                    rs.getLong("id");
                    if (!rs.wasNull()) {
                        AdmissionRepository.readMoved(rs, queued, claimed);
                    }
                });
        return new ReadyAdmission(Optional.ofNullable(state[0]), new Admitted(queued, claimed));
    }

    /** queued -> running for up to {@code limit} TIs (see {@link ClaimRepository}), in claim order. */
    public List<ClaimedTi> claim(Collection<String> queues, Collection<String> dagIds, int limit, String nodeId,
                                 Instant now, boolean synchronousCommit) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(queues));
        if (distinct.isEmpty() || dagIds.isEmpty() || limit <= 0) {
            return List.of();
        }
        boolean one = distinct.size() == 1;
        JdbcClient.StatementSpec sql = jdbc.sql(one ? CLAIM_ONE_QUEUE_SQL : CLAIM_QUEUES_SQL)
                .param("node", nodeId).param("now", Timestamps.toDb(now)).param("sc", synchronousCommit ? "on" : "off")
                .param("dags", dagIds.toArray(String[]::new)).param("limit", limit);
        sql = one ? sql.param("queue", distinct.getFirst()) : sql.param("queues", distinct.toArray(String[]::new));
        return sql.query(ClaimRepository.MAPPER).list();
    }

    /**
     * Writes finished tries (see {@link OutcomeRepository#applyOutcomes}); each outcome's state is checked against
     * {@link #OUTCOME} first.
     *
     * @param countedLater runs whose finished TIs the caller counts off their progress counters itself
     * @return ids of the TIs written
     */
    public Set<Long> applyOutcomes(List<TryResult> results, Instant now, long[] countedLater) {
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
            states[i] = OUTCOME.requireTarget(r.state()).value();
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
        List<Long> written = jdbc.sql(OUTCOME_SQL)
                .param("ids", ids).param("versions", versions).param("states", states).param("ends", ends)
                .param("durations", durations).param("next", next).param("firstPokes", firstPokes)
                .param("deadlines", deadlines).param("errors", errors).param("tries", tries)
                .param("starts", starts).param("nodes", nodes).param("extra", extra)
                .param("later", countedLater).param("now", Timestamps.toDb(now))
                .query(Long.class).list();
        return new HashSet<>(written);
    }

    /** TIs -> none with room for a full set of tries again ({@code maxTries} per TI); tries kept in task_try. */
    public void clear(long[] tiIds, int[] maxTries, Instant now) {
        if (tiIds.length == 0) {
            return;
        }
        jdbc.sql(CLEAR_SQL)
                .param("ids", tiIds).param("maxTries", maxTries).param("now", Timestamps.toDb(now))
                .update();
    }

    /** TIs -> {@code to} (success, failed or skipped), as a finished try would leave them. */
    public void mark(long[] tiIds, TaskState to, String reason, Instant now) {
        if (tiIds.length == 0) {
            return;
        }
        String sql = switch (to) {
            case SUCCESS -> MARK_SUCCESS_SQL;
            case FAILED -> MARK_FAILED_SQL;
            case SKIPPED -> MARK_SKIPPED_SQL;
            default -> throw new IllegalArgumentException("a TI cannot be marked " + to.value());
        };
        jdbc.sql(sql)
                .param("to", to.value()).param("reason", reason).param("now", Timestamps.toDb(now))
                .param("ids", tiIds)
                .update();
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
