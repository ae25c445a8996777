package io.pipeline.web.ui;

import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Airflow's state colours, the one-letter codes the grid's JSON uses, and which state a summary shows when a mapped
 * task's instances differ (the one most in need of attention). The CSS classes {@code st-<state>} in ui.css carry
 * the same colours; the SVG charts take them from here. Deferred is Airflow's mediumpurple ({@code #9370db}).
 */
public final class StateColors {

    /** Most urgent first: a summary of several states shows the first of these that occurs. */
    private static final List<TaskState> URGENCY = List.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED,
            TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE, TaskState.RUNNING, TaskState.QUEUED,
            TaskState.DEFERRED, TaskState.SCHEDULED, TaskState.NONE, TaskState.SUCCESS, TaskState.SKIPPED, TaskState.REMOVED);

    private static final Map<TaskState, String> COLORS = Map.ofEntries(
            Map.entry(TaskState.NONE, "#d3d3d3"), Map.entry(TaskState.SCHEDULED, "#d2b48c"),
            Map.entry(TaskState.QUEUED, "#808080"), Map.entry(TaskState.RUNNING, "#00ff00"),
            Map.entry(TaskState.SUCCESS, "#008000"), Map.entry(TaskState.FAILED, "#ff0000"),
            Map.entry(TaskState.UP_FOR_RETRY, "#ffd700"), Map.entry(TaskState.UP_FOR_RESCHEDULE, "#40e0d0"),
            Map.entry(TaskState.UPSTREAM_FAILED, "#ffa500"), Map.entry(TaskState.SKIPPED, "#ff69b4"),
            Map.entry(TaskState.REMOVED, "#a9a9a9"), Map.entry(TaskState.DEFERRED, "#9370db"));

    private static final Map<TaskState, Character> CODES = Map.ofEntries(
            Map.entry(TaskState.NONE, 'n'), Map.entry(TaskState.SCHEDULED, 'S'), Map.entry(TaskState.QUEUED, 'q'),
            Map.entry(TaskState.RUNNING, 'r'), Map.entry(TaskState.SUCCESS, 's'), Map.entry(TaskState.FAILED, 'f'),
            Map.entry(TaskState.UP_FOR_RETRY, 'R'), Map.entry(TaskState.UP_FOR_RESCHEDULE, 'P'),
            Map.entry(TaskState.UPSTREAM_FAILED, 'u'), Map.entry(TaskState.SKIPPED, 'k'),
            Map.entry(TaskState.REMOVED, 'x'), Map.entry(TaskState.DEFERRED, 'D'));

    /** The grid's code for "this run has no instance of this task". */
    public static final char NO_INSTANCE = '.';

    private StateColors() {
    }

    public static String color(TaskState state) {
        return COLORS.get(state);
    }

    public static String color(DagRunState state) {
        return switch (state) {
            case QUEUED -> COLORS.get(TaskState.QUEUED);
            case RUNNING -> COLORS.get(TaskState.RUNNING);
            case SUCCESS -> COLORS.get(TaskState.SUCCESS);
            case FAILED -> COLORS.get(TaskState.FAILED);
        };
    }

    public static char code(TaskState state) {
        return CODES.get(state);
    }

    /** The state a summary of these states shows; NONE for no states. */
    public static TaskState worst(Collection<TaskState> states) {
        for (TaskState s : URGENCY) {
            if (states.contains(s)) {
                return s;
            }
        }
        return TaskState.NONE;
    }

    /** Legend order for the pages: code, state name and colour of every task state. */
    public static List<TaskState> legend() {
        return List.of(TaskState.NONE, TaskState.SCHEDULED, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS,
                TaskState.FAILED, TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE, TaskState.DEFERRED,
                TaskState.UPSTREAM_FAILED, TaskState.SKIPPED, TaskState.REMOVED);
    }
}
