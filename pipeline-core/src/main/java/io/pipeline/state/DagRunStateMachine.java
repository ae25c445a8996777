package io.pipeline.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.pipeline.state.DagRunState.*;

/**
 * The one table of allowed DAG-run state changes. Every write of {@code dag_run.state} goes through
 * {@code store.DagRunStateStore}, whose statements are checked against this table when it loads.
 */
public final class DagRunStateMachine {

    private static final Map<DagRunState, Set<DagRunState>> ALLOWED = table();

    private DagRunStateMachine() {
    }

    private static Map<DagRunState, Set<DagRunState>> table() {
        Map<DagRunState, Set<DagRunState>> t = new EnumMap<>(DagRunState.class);
        // Started under max_active_runs, or failed by cancelling the backfill it belongs to; an operator may mark it
        // failed or success (Airflow's PATCH dagRuns/{id}).
        t.put(QUEUED, Collections.unmodifiableSet(EnumSet.of(RUNNING, FAILED, SUCCESS)));
        // The roll-up of its task instances (DagRunStateRollup), or marked failed, success or queued by an operator.
        t.put(RUNNING, Collections.unmodifiableSet(EnumSet.of(SUCCESS, FAILED, QUEUED)));
        // A clear with reset_dag_runs or an operator's queued runs a finished run again; an operator may mark a
        // successful run failed and a failed run success.
        t.put(SUCCESS, Collections.unmodifiableSet(EnumSet.of(QUEUED, FAILED)));
        t.put(FAILED, Collections.unmodifiableSet(EnumSet.of(QUEUED, SUCCESS)));
        return Collections.unmodifiableMap(t);
    }

    /** True when {@code from -> to} is in the table. */
    public static boolean canMove(DagRunState from, DagRunState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Throws {@link IllegalStateException} naming both states unless the move is allowed. */
    public static void check(DagRunState from, DagRunState to) {
        if (!canMove(from, to)) {
            throw new IllegalStateException("DAG run may not move from '" + from.value() + "' to '" + to.value() + "'");
        }
    }

    /** The states {@code from} may move to. */
    public static Set<DagRunState> allowedFrom(DagRunState from) {
        return ALLOWED.get(from);
    }
}
