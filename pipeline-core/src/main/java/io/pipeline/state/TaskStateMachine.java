package io.pipeline.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.pipeline.state.TaskState.*;

/**
 * The one table of allowed task-instance state changes (Airflow's life cycle). Every write of a TI state goes
 * through {@link #check}. Operator actions are part of the table: clearing moves any state to {@code none}, marking
 * success or failed is allowed from any other state. A move to the same state is never a transition.
 */
public final class TaskStateMachine {

    private static final Map<TaskState, Set<TaskState>> ALLOWED = table();

    private TaskStateMachine() {
    }

    private static Map<TaskState, Set<TaskState>> table() {
        Map<TaskState, Set<TaskState>> t = new EnumMap<>(TaskState.class);
        // Scheduler: dependencies met (scheduled, or straight to queued), or settled by trigger rules / DAG changes.
        t.put(NONE, EnumSet.of(SCHEDULED, QUEUED, UPSTREAM_FAILED, SKIPPED, REMOVED));
        t.put(SCHEDULED, EnumSet.of(QUEUED, UPSTREAM_FAILED, SKIPPED, REMOVED));
        // A queued TI is claimed (running), handed back (scheduled), or fails/retries when it never starts; skipped
        // when an operator fails its run before it starts (Airflow's set_dag_run_state_to_failed).
        t.put(QUEUED, EnumSet.of(RUNNING, SCHEDULED, UP_FOR_RETRY, REMOVED, SKIPPED));
        // The end of a try. No REMOVED: a running try must end before its task can be dropped.
        t.put(RUNNING, EnumSet.of(SUCCESS, FAILED, UP_FOR_RETRY, UP_FOR_RESCHEDULE, SKIPPED, DEFERRED));
        // Waiting for the retry time or the next poke (a sensor timing out while waiting is failed: see below). A TI
        // waiting for its retry is skipped when an operator fails its run (it has not started again).
        t.put(UP_FOR_RETRY, EnumSet.of(SCHEDULED, QUEUED, REMOVED, SKIPPED));
        t.put(UP_FOR_RESCHEDULE, EnumSet.of(SCHEDULED, QUEUED, REMOVED));
        // Deferred: the triggerer found the condition true, or the sensor's timeout came (the next poke fails it).
        t.put(DEFERRED, EnumSet.of(SCHEDULED, REMOVED));
        for (TaskState finished : EnumSet.of(SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED)) {
            t.put(finished, EnumSet.of(REMOVED));
        }
        // A removed task that comes back into the DAG starts again from none (by the clear rule below).
        t.put(REMOVED, EnumSet.noneOf(TaskState.class));
        for (TaskState from : TaskState.values()) {
            Set<TaskState> to = t.get(from);
            to.add(NONE);          // clear
            to.add(SUCCESS);       // mark success
            to.add(FAILED);        // mark failed; also a queued try that never started, a sensor past its timeout
            to.remove(from);
            t.put(from, Collections.unmodifiableSet(to));
        }
        return Collections.unmodifiableMap(t);
    }

    /** True when {@code from -> to} is in the table. */
    public static boolean canMove(TaskState from, TaskState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Throws {@link IllegalStateTransitionException} naming both states unless the move is allowed. */
    public static void check(TaskState from, TaskState to) {
        if (!canMove(from, to)) {
            throw new IllegalStateTransitionException(from, to);
        }
    }

    /** As {@link #check(TaskState, TaskState)}, with the TI named in the message (e.g. {@code "dag/run/task[2]"}). */
    public static void check(String subject, TaskState from, TaskState to) {
        if (!canMove(from, to)) {
            throw new IllegalStateTransitionException(subject, from, to);
        }
    }

    /** The states {@code from} may move to. */
    public static Set<TaskState> allowedFrom(TaskState from) {
        return ALLOWED.get(from);
    }
}
