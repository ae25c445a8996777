package io.pipeline.web.ui;

import io.pipeline.engine.WhyNotRunning.BackfillRunWaiting;
import io.pipeline.engine.WhyNotRunning.CalendarNotCovering;
import io.pipeline.engine.WhyNotRunning.DagNotLoaded;
import io.pipeline.engine.WhyNotRunning.Deferred;
import io.pipeline.engine.WhyNotRunning.DagPaused;
import io.pipeline.engine.WhyNotRunning.Explanation;
import io.pipeline.engine.WhyNotRunning.InsideSession;
import io.pipeline.engine.WhyNotRunning.MaxActiveTasksReached;
import io.pipeline.engine.WhyNotRunning.NoUpstream;
import io.pipeline.engine.WhyNotRunning.NotDue;
import io.pipeline.engine.WhyNotRunning.OutsideSession;
import io.pipeline.engine.WhyNotRunning.PoolFull;
import io.pipeline.engine.WhyNotRunning.PoolMissing;
import io.pipeline.engine.WhyNotRunning.QueueNotServed;
import io.pipeline.engine.WhyNotRunning.Reason;
import io.pipeline.engine.WhyNotRunning.RunQueued;
import io.pipeline.engine.WhyNotRunning.WaitingForPartitions;
import io.pipeline.engine.WhyNotRunning.WaitingForData;
import io.pipeline.engine.WhyNotRunning.DependsOnPast;
import io.pipeline.engine.WhyNotRunning.SlotFree;
import io.pipeline.engine.WhyNotRunning.Upstream;
import io.pipeline.engine.WhyNotRunning;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The dashboard's words for {@link WhyNotRunning}: a summary of the TI's state and one sentence per reason the engine's
 * rules give. Rendering only: every fact comes from the core's explanation.
 */
public class WhyNotRunningText {

    /** @param state the TI's state; {@code reasons} is empty only when nothing holds it back */
    public record Answer(String state, String summary, List<String> reasons) {
    }

    private final WhyNotRunning why;

    public WhyNotRunningText(WhyNotRunning why) {
        this.why = why;
    }

    public Answer explain(DagRunRow run, TaskInstanceRow ti) {
        Explanation e = why.explain(run, ti);
        List<String> reasons = e.reasons().stream().map(WhyNotRunningText::sentence).filter(Objects::nonNull)
                .toList();
        return new Answer(ti.state().value(), summary(e), reasons);
    }

    private static String summary(Explanation e) {
        TaskInstanceRow ti = e.ti();
        Instant now = e.now();
        TaskState state = ti.state();
        return switch (state) {
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
                    + in(now, ti.nextAttemptAt())
                    + (e.sensorDeadline() == null ? "" : "; it times out at " + Fmt.instant(e.sensorDeadline())) + ".";
            case DEFERRED -> "Deferred: it waits for its trigger without a worker slot"
                    + (e.sensorDeadline() == null ? "" : "; it times out at " + Fmt.instant(e.sensorDeadline())) + ".";
            case SCHEDULED -> "Its dependencies are met; it waits for a slot.";
            case NONE -> "It has not been scheduled yet.";
        };
    }

    /** The sentence for one reason; null for a reason the summary already states. */
    private static String sentence(Reason reason) {
        return switch (reason) {
            case DagNotLoaded r -> "The DAG '" + r.dagId() + "' is not loaded (see the import errors on the DAGs page),"
                    + " so the scheduler does not move its task instances.";
            case NotDue r -> null;
            case DagPaused r -> "The DAG is paused: queued runs do not start and no new scheduled runs are made"
                    + " (running runs finish).";
            case BackfillRunWaiting r -> "The run belongs to backfill " + r.backfillId() + " and waits for a slot under"
                    + " the backfill's own max active runs (or the backfill is paused).";
            case RunQueued r when r.limitReached() -> "The run is queued: max active runs reached (" + r.running()
                    + " of " + r.maxActiveRuns() + " runs of this DAG are running).";
            case RunQueued r -> "The run is queued and will start on the scheduler's next pass (" + r.running()
                    + " of " + r.maxActiveRuns() + " runs of this DAG are running).";
            case WaitingForPartitions r -> "The run of partition " + r.partitionKey() + " waits for its input data: no"
                    + " event yet for " + r.missing().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + ". It starts on the pass after they arrive.";
            case WaitingForData r -> "The run of " + r.keyKind() + " " + r.runKey() + " started on time; its tasks wait for "
                    + "input data: no event yet for " + r.missing().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + ". The task is scheduled on the pass after "
                    + "they arrive and holds no worker slot meanwhile.";
            case DependsOnPast r when r.previousRunId() == null -> "depends_on_past: the previous partition ("
                    + r.previousPartition() + ") has no run yet; it waits until that run's " + r.tasks()
                    + " succeeded or were skipped.";
            case DependsOnPast r -> "depends_on_past: it waits until " + r.tasks() + " of the previous run "
                    + r.previousRunId() + " succeeded or were skipped.";
            case NoUpstream r -> "It has no upstream tasks; the scheduler will schedule it on its next pass.";
            case Upstream r -> upstream(r);
            case PoolMissing r -> "Its pool '" + r.pool() + "' does not exist; it waits until the pool is created.";
            case PoolFull r -> "Pool '" + r.pool() + "' is full: " + r.used() + " of " + r.slots()
                    + " slots in use, it needs " + r.needs() + ".";
            case MaxActiveTasksReached r -> "Max active tasks reached: " + r.active() + " of " + r.maxActiveTasks()
                    + " task instances of this DAG are queued or running.";
            case SlotFree r -> "A slot is free (pool '" + r.pool() + "': " + r.used() + " of " + r.slots()
                    + " in use); the scheduler queues it on its next pass.";
            case Deferred r -> "Waiting for " + r.trigger() + (r.holder() == null ? ", not yet taken by a triggerer"
                    : ", held by triggerer node " + r.holder()) + (r.triggererAlive() ? "."
                    : "; no live node has the triggerer role, so nothing will fire it (add the triggerer role to"
                    + " a node's pipeline.node.roles).");
            case QueueNotServed r -> "No live node serves queue '" + r.queue() + "': it stays queued until a worker"
                    + " node with '" + r.queue() + "' in pipeline.node.queues is running (see the Nodes page).";
            case OutsideSession r -> "Outside the session: " + r.calendar() + " is closed now; it opens next at "
                    + Fmt.instant(r.nextOpen()) + ".";
            case InsideSession r -> "Inside the session: " + r.calendar() + " is open now and closes at "
                    + Fmt.instant(r.nextClose()) + ".";
            case CalendarNotCovering r -> "The " + r.calendar() + " calendar does not cover now: " + r.message();
        };
    }

    private static String upstream(Upstream r) {
        StringJoiner detail = new StringJoiner(", ");
        r.counts().forEach((id, byState) -> detail.add(id + " " + describe(byState)));
        String rule = "trigger rule " + r.rule().value();
        return switch (r.decision()) {
            case WAIT -> "Waiting for upstream tasks: " + rule + " is not met yet (" + detail + ").";
            case RUN -> "Its upstream tasks meet its " + rule + " (" + detail + "); the scheduler schedules it on its"
                    + " next pass.";
            default -> "Its upstream states settle it as " + r.decision().settledState().value() + " under its "
                    + rule + " (" + detail + ").";
        };
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
