package io.pipeline.web.ui;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.TaskKind;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerDecision;
import io.pipeline.state.TriggerRuleEvaluator;
import io.pipeline.state.UpstreamStates;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * "Why is this task instance not running?" in plain words: every condition the scheduler checks that holds it back
 * (the DAG paused, the run not started and why, upstream states against the trigger rule, a retry or a sensor's
 * next poke still ahead, a full pool, the DAG's max active tasks, the exchange closed, no live node serving its
 * queue), read from the same tables the scheduler and the workers read. Facts only: each reason names the numbers
 * and instants it is based on.
 */
public class WhyNotRunning {

    /** @param state the TI's state; {@code reasons} is empty only when nothing holds it back */
    public record Answer(String state, String summary, List<String> reasons) {
    }

    private final JdbcClient jdbc;
    private final DagRegistry registry;
    private final Clock clock;
    private final NodeRegistry nodes;

    public WhyNotRunning(JdbcClient jdbc, DagRegistry registry, Clock clock, NodeRegistry nodes) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
        this.nodes = nodes;
    }

    public Answer explain(DagRunRow run, TaskInstanceRow ti) {
        Instant now = clock.instant();
        Dag dag = registry.dag(run.dagId()).orElse(null);
        List<String> reasons = new ArrayList<>();
        boolean paused = jdbc.sql("SELECT is_paused FROM dag WHERE dag_id = :d").param("d", run.dagId())
                .query(Boolean.class).optional().orElse(false);
        TaskState state = ti.state();
        if (dag == null) {
            reasons.add("The DAG '" + run.dagId() + "' is not loaded (see the import errors on the DAGs page), so the"
                    + " scheduler does not move its task instances.");
        }
        String summary = switch (state) {
            case RUNNING -> "It is running: try " + ti.tryNumber() + " of " + ti.maxTries() + " on node "
                    + orUnknown(ti.nodeId()) + " since " + Fmt.instant(ti.startDate()) + ".";
            case SUCCESS, SKIPPED, REMOVED -> "It has finished (" + state.value() + "); clear it to run it again.";
            case FAILED -> "It failed on try " + ti.tryNumber() + " of " + ti.maxTries()
                    + (ti.failureReason() == null ? "" : " (" + ti.failureReason() + ")")
                    + " and has no tries left; clear it to run it again.";
            case UPSTREAM_FAILED -> "It will not run: an upstream task failed; clear the failed upstream task with"
                    + " its downstream to run them again.";
            case QUEUED -> "It is queued since " + Fmt.instant(ti.queuedAt()) + ", waiting for a worker serving queue '"
                    + ti.queue() + "' to claim it.";
            case UP_FOR_RETRY -> "Waiting for retry at " + Fmt.instant(ti.nextAttemptAt()) + in(now, ti.nextAttemptAt())
                    + ": try " + ti.tryNumber() + " of " + ti.maxTries() + " failed.";
            case UP_FOR_RESCHEDULE -> "Sensor: next poke at " + Fmt.instant(ti.nextAttemptAt())
                    + in(now, ti.nextAttemptAt()) + sensorDeadline(ti.id()) + ".";
            case SCHEDULED -> "Its dependencies are met; it waits for a slot.";
            case NONE -> "It has not been scheduled yet.";
        };
        if (paused && !state.isTerminal()) {
            reasons.add("The DAG is paused: queued runs do not start and no new scheduled runs are made (running"
                    + " runs finish).");
        }
        if (run.state() == DagRunState.QUEUED) {
            runNotStarted(run, dag, reasons);
        }
        if (state == TaskState.NONE && run.state() == DagRunState.RUNNING && dag != null && dag.hasTask(ti.taskId())) {
            upstream(run, dag.task(ti.taskId()), ti.mapIndex(), reasons);
        }
        if (state == TaskState.SCHEDULED) {
            slots(ti, dag, reasons);
        }
        if (state == TaskState.QUEUED && !nodes.served(ti.queue())) {
            reasons.add("No live node serves queue '" + ti.queue() + "': it stays queued until a worker node with"
                    + " '" + ti.queue() + "' in pipeline.node.queues is running (see the Nodes page).");
        }
        if (state == TaskState.UP_FOR_RESCHEDULE || state == TaskState.RUNNING || state == TaskState.SCHEDULED) {
            session(dag, ti.taskId(), now, reasons);
        }
        return new Answer(state.value(), summary, reasons);
    }

    private void runNotStarted(DagRunRow run, Dag dag, List<String> reasons) {
        if (run.backfillId() != null) {
            reasons.add("The run belongs to backfill " + run.backfillId() + " and waits for a slot under the"
                    + " backfill's own max active runs (or the backfill is paused).");
            return;
        }
        int running = jdbc.sql("""
                        SELECT count(*) FROM dag_run WHERE dag_id = :d AND state = 'running' AND backfill_id IS NULL""")
                .param("d", run.dagId()).query(Integer.class).single();
        int max = dag == null ? 0 : dag.maxActiveRuns();
        if (dag != null && running >= max) {
            reasons.add("The run is queued: max active runs reached (" + running + " of " + max + " runs of this DAG"
                    + " are running).");
        } else {
            reasons.add("The run is queued and will start on the scheduler's next pass (" + running + " of " + max
                    + " runs of this DAG are running).");
        }
    }

    private void upstream(DagRunRow run, TaskDef task, int mapIndex, List<String> reasons) {
        if (task.upstream().isEmpty()) {
            reasons.add("It has no upstream tasks; the scheduler will schedule it on its next pass.");
            return;
        }
        Map<String, Map<TaskState, Integer>> counts = new LinkedHashMap<>();
        task.upstream().forEach(u -> counts.put(u, new EnumMap<>(TaskState.class)));
        jdbc.sql("""
                        SELECT task_id, state, count(*) AS n FROM task_instance
                        WHERE run_pk = :run AND task_id = ANY(:tasks) GROUP BY task_id, state""")
                .param("run", run.id()).param("tasks", task.upstream().toArray(String[]::new))
                .query(rs -> {
                    counts.get(rs.getString("task_id")).put(TaskState.of(rs.getString("state")), rs.getInt("n"));
                });
        List<TaskState> all = new ArrayList<>();
        StringJoiner detail = new StringJoiner(", ");
        counts.forEach((id, byState) -> {
            byState.forEach((s, n) -> {
                for (int i = 0; i < n; i++) {
                    all.add(s);
                }
            });
            detail.add(id + " " + describe(byState));
        });
        TriggerDecision decision = TriggerRuleEvaluator.evaluate(task.triggerRule(), UpstreamStates.of(all), mapIndex);
        String rule = "trigger rule " + task.triggerRule().value();
        reasons.add(switch (decision) {
            case WAIT -> "Waiting for upstream tasks: " + rule + " is not met yet (" + detail + ").";
            case RUN -> "Its upstream tasks meet its " + rule + " (" + detail + "); the scheduler schedules it on its"
                    + " next pass.";
            default -> "Its upstream states settle it as " + decision.settledState().value() + " under its " + rule
                    + " (" + detail + ").";
        });
    }

    private void slots(TaskInstanceRow ti, Dag dag, List<String> reasons) {
        Optional<Integer> slots = jdbc.sql("SELECT slots FROM pool WHERE name = :p").param("p", ti.pool())
                .query(Integer.class).optional();
        if (slots.isEmpty()) {
            reasons.add("Its pool '" + ti.pool() + "' does not exist; it waits until the pool is created.");
            return;
        }
        int before = reasons.size();
        int used = jdbc.sql("""
                        SELECT coalesce(sum(pool_slots), 0) FROM task_instance
                        WHERE state IN ('queued', 'running') AND pool = :p""")
                .param("p", ti.pool()).query(Integer.class).single();
        if (used + ti.poolSlots() > slots.get()) {
            reasons.add("Pool '" + ti.pool() + "' is full: " + used + " of " + slots.get() + " slots in use, it needs "
                    + ti.poolSlots() + ".");
        }
        int active = jdbc.sql("SELECT count(*) FROM task_instance WHERE state IN ('queued', 'running') AND dag_id = :d")
                .param("d", ti.dagId()).query(Integer.class).single();
        if (dag != null && active >= dag.maxActiveTasks()) {
            reasons.add("Max active tasks reached: " + active + " of " + dag.maxActiveTasks() + " task instances of"
                    + " this DAG are queued or running.");
        }
        if (reasons.size() == before) {
            reasons.add("A slot is free (pool '" + ti.pool() + "': " + used + " of " + slots.get() + " in use); the"
                    + " scheduler queues it on its next pass.");
        }
    }

    private void session(Dag dag, String taskId, Instant now, List<String> reasons) {
        if (dag == null || !(dag.timetable() instanceof SessionTimetable st) || !dag.hasTask(taskId)
                || dag.task(taskId).kind() != TaskKind.SENSOR) {
            return;
        }
        ExchangeCalendar cal = st.calendar();
        try {
            if (!cal.isOpenAt(now)) {
                reasons.add("Outside the session: " + cal.code() + " is closed now; it opens next at "
                        + Fmt.instant(cal.nextOpen(now)) + ".");
            } else {
                reasons.add("Inside the session: " + cal.code() + " is open now and closes at "
                        + Fmt.instant(cal.nextClose(now)) + ".");
            }
        } catch (CalendarOutOfBoundsException e) {
            reasons.add("The " + cal.code() + " calendar does not cover now: " + e.getMessage());
        }
    }

    private String sensorDeadline(long tiId) {
        Instant deadline = jdbc.sql("SELECT sensor_deadline FROM task_instance WHERE id = :id").param("id", tiId)
                .query((rs, n) -> io.pipeline.store.Timestamps.read(rs, "sensor_deadline")).optional().orElse(null);
        return deadline == null ? "" : "; it times out at " + Fmt.instant(deadline);
    }

    private static String describe(Map<TaskState, Integer> byState) {
        if (byState.isEmpty()) {
            return "(no instance yet)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        byState.forEach((s, n) -> j.add(n == 1 ? s.value() : n + " " + s.value()));
        return j.toString();
    }

    private static String in(Instant now, Instant at) {
        if (at == null) {
            return "";
        }
        Duration d = Duration.between(now, at);
        return d.isNegative() ? " (due now)" : " (in " + Fmt.duration(d) + ")";
    }

    private static String orUnknown(String s) {
        return s == null ? "(unknown)" : s;
    }
}
