package io.pipeline.engine;

import io.pipeline.schedule.Dataset;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.task.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one try (or one reschedule poke) ended, as the worker saw it; the finisher turns it into stored state.
 *
 * @param state          SUCCESS, FAILED, UP_FOR_RESCHEDULE or DEFERRED (FAILED becomes up_for_retry while tries are
 *                       left)
 * @param outputJson     the serialised output (XCom) of a success, or null for none
 * @param skipDownstream tasks to skip now (a branch's unchosen direct downstream; a short-circuit's whole downstream)
 * @param error          the failure's first lines, or null
 * @param retryable      false for failures that must not be retried (a sensor past its timeout)
 * @param nextPokeAt     up_for_reschedule: when to poke again
 * @param firstPokeAt    sensors in reschedule mode and deferred tries: the try's first poke
 * @param sensorDeadline sensors in reschedule mode: when the sensor times out
 * @param log            log text of the try not yet stored (masked), possibly empty
 * @param notCounted     the try failed for the engine's sake, not the task's (the database was unreachable, or the
 *                       node stopped and handed the try back): retried at once, without using up one of its tries
 * @param trigger        deferred: what the task instance waits for, else null
 * @param emitted        dataset events the task emitted through its context (recorded only with a success)
 * @param runRequests    runs of other DAGs the task asked for (created only with a success)
 */
public record TryOutcome(
        ClaimedTi ti,
        TaskState state,
        Instant end,
        String outputJson,
        Set<String> skipDownstream,
        String error,
        boolean retryable,
        Instant nextPokeAt,
        Instant firstPokeAt,
        Instant sensorDeadline,
        String log,
        boolean notCounted,
        Trigger trigger,
        List<EmittedEvent> emitted,
        List<RunRequest> runRequests) {

    /** A dataset event a task emitted for a key of its choice ({@code TaskContext.emit}). */
    public record EmittedEvent(Dataset dataset, String partitionKey, String extraJson) {
    }

    /** A run of another DAG a task asked for ({@code TaskContext.triggerDagRun}). */
    public record RunRequest(String dagId, String partitionKey, String confJson) {
    }

    public TryOutcome(ClaimedTi ti, TaskState state, Instant end, String outputJson, Set<String> skipDownstream,
                      String error, boolean retryable, Instant nextPokeAt, Instant firstPokeAt,
                      Instant sensorDeadline, String log, boolean notCounted, Trigger trigger) {
        this(ti, state, end, outputJson, skipDownstream, error, retryable, nextPokeAt, firstPokeAt, sensorDeadline,
                log, notCounted, trigger, List.of(), List.of());
    }

    public TryOutcome(ClaimedTi ti, TaskState state, Instant end, String outputJson, Set<String> skipDownstream,
                      String error, boolean retryable, Instant nextPokeAt, Instant firstPokeAt,
                      Instant sensorDeadline, String log, boolean notCounted, List<EmittedEvent> emitted) {
        this(ti, state, end, outputJson, skipDownstream, error, retryable, nextPokeAt, firstPokeAt, sensorDeadline,
                log, notCounted, null, emitted, List.of());
    }

    public TryOutcome(ClaimedTi ti, TaskState state, Instant end, String outputJson, Set<String> skipDownstream,
                      String error, boolean retryable, Instant nextPokeAt, Instant firstPokeAt,
                      Instant sensorDeadline, String log, boolean notCounted) {
        this(ti, state, end, outputJson, skipDownstream, error, retryable, nextPokeAt, firstPokeAt, sensorDeadline,
                log, notCounted, null, List.of(), List.of());
    }

    /** The same outcome with the events and runs the task asked for. */
    public TryOutcome withRequests(List<EmittedEvent> events, List<RunRequest> runs) {
        return new TryOutcome(ti, state, end, outputJson, skipDownstream, error, retryable, nextPokeAt, firstPokeAt,
                sensorDeadline, log, notCounted, trigger, events, runs);
    }

    public TryOutcome(ClaimedTi ti, TaskState state, Instant end, String outputJson, Set<String> skipDownstream,
                      String error, boolean retryable, Instant nextPokeAt, Instant firstPokeAt,
                      Instant sensorDeadline, String log) {
        this(ti, state, end, outputJson, skipDownstream, error, retryable, nextPokeAt, firstPokeAt, sensorDeadline,
                log, false);
    }

    public TryOutcome {
        Objects.requireNonNull(ti, "ti");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(end, "end");
        skipDownstream = skipDownstream == null ? Set.of() : Set.copyOf(skipDownstream);
        log = log == null ? "" : log;
        if ((state == TaskState.DEFERRED) != (trigger != null)) {
            throw new IllegalArgumentException("a deferred outcome and only it carries a trigger");
        }
        emitted = emitted == null ? List.of() : List.copyOf(emitted);
        runRequests = runRequests == null ? List.of() : List.copyOf(runRequests);
    }

    public static TryOutcome success(ClaimedTi ti, Instant end, String outputJson, Set<String> skip, String log) {
        return new TryOutcome(ti, TaskState.SUCCESS, end, outputJson, skip, null, true, null, null, null, log);
    }

    public static TryOutcome failure(ClaimedTi ti, Instant end, String error, boolean retryable, String log) {
        return new TryOutcome(ti, TaskState.FAILED, end, null, null, error, retryable, null, null, null, log);
    }

    /** A try that failed for the engine's sake (see {@code notCounted}). */
    public static TryOutcome notCounted(ClaimedTi ti, Instant end, String error, String log) {
        return new TryOutcome(ti, TaskState.FAILED, end, null, null, error, true, null, null, null, log, true);
    }

    public static TryOutcome reschedule(ClaimedTi ti, Instant end, Instant nextPokeAt, Instant firstPokeAt,
                                        Instant deadline, String log) {
        return new TryOutcome(ti, TaskState.UP_FOR_RESCHEDULE, end, null, null, null, true, nextPokeAt,
                firstPokeAt, deadline, log);
    }

    /** The try leaves its worker and waits on {@code trigger} (a sensor: until its deadline at the latest). */
    public static TryOutcome deferred(ClaimedTi ti, Instant end, Trigger trigger, Instant firstPokeAt,
                                      Instant deadline, String log) {
        return new TryOutcome(ti, TaskState.DEFERRED, end, null, null, null, true, null, firstPokeAt, deadline, log,
                false, trigger);
    }

    /** Start of the try: a reschedule sensor's first poke, else when this claim started. */
    public Instant tryStart() {
        return firstPokeAt != null ? firstPokeAt : ti.firstPokeAt() != null ? ti.firstPokeAt() : ti.startDate();
    }

    public Duration duration() {
        Duration d = Duration.between(tryStart(), end);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
