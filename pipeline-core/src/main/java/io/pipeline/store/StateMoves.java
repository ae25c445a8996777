package io.pipeline.store;

import io.pipeline.state.DagRunState;
import io.pipeline.state.DagRunStateMachine;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one state-changing statement may do: the paths of states it moves a row along (usually one step; admission
 * goes none -> scheduled -> queued -> running in one statement). Every step of every path is checked against the
 * transition table when the statement is declared, that is when its gate class loads; the statement's
 * {@code WHERE state ...} is rendered from the paths' first states, so the SQL cannot allow more than the table.
 */
final class StateMoves<S extends Enum<S>> {

    private final String name;
    private final Set<S> from;
    private final Set<S> to;
    private final Function<S, String> value;

    private StateMoves(String name, List<List<S>> paths, BiConsumer<S, S> check, Function<S, String> value) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException(name + ": no moves");
        }
        Set<S> heads = new LinkedHashSet<>();
        Set<S> tails = new LinkedHashSet<>();
        for (List<S> path : paths) {
            if (path.size() < 2) {
                throw new IllegalArgumentException(name + ": a move needs a from and a to state: " + path);
            }
            for (int i = 1; i < path.size(); i++) {
                check.accept(path.get(i - 1), path.get(i));
            }
            heads.add(path.get(0));
            tails.add(path.get(path.size() - 1));
        }
        this.name = name;
        this.from = Collections.unmodifiableSet(inEnumOrder(heads));
        this.to = Collections.unmodifiableSet(inEnumOrder(tails));
        this.value = value;
    }

    /** The same states in declaration order of the enum, so that the rendered SQL is always the same text. */
    private static <S extends Enum<S>> Set<S> inEnumOrder(Set<S> states) {
        return states.stream().sorted().collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Task-instance moves from each of {@code from} to each of {@code to}. */
    static StateMoves<TaskState> ti(String name, Set<TaskState> from, TaskState... to) {
        List<List<TaskState>> paths = new ArrayList<>();
        for (TaskState f : from) {
            for (TaskState t : to) {
                paths.add(List.of(f, t));
            }
        }
        return new StateMoves<>(name, paths, TaskStateMachine::check, TaskState::value);
    }

    /** Task-instance moves along whole paths, each step checked ({@code none -> scheduled -> queued}). */
    @SafeVarargs
    static StateMoves<TaskState> tiPaths(String name, List<TaskState>... paths) {
        return new StateMoves<>(name, Arrays.asList(paths), TaskStateMachine::check, TaskState::value);
    }

    /** Task-instance moves to {@code to} from every state the table allows it from (the operator's clear and mark). */
    static StateMoves<TaskState> tiFromAnyAllowed(String name, TaskState to) {
        Set<TaskState> from = EnumSet.noneOf(TaskState.class);
        for (TaskState f : TaskState.values()) {
            if (TaskStateMachine.canMove(f, to)) {
                from.add(f);
            }
        }
        return ti(name, from, to);
    }

    /** DAG-run moves from each of {@code from} to each of {@code to}. */
    static StateMoves<DagRunState> run(String name, Set<DagRunState> from, DagRunState... to) {
        List<List<DagRunState>> paths = new ArrayList<>();
        for (DagRunState f : from) {
            for (DagRunState t : to) {
                paths.add(List.of(f, t));
            }
        }
        return new StateMoves<>(name, paths, DagRunStateMachine::check, DagRunState::value);
    }

    Set<S> from() {
        return from;
    }

    Set<S> to() {
        return to;
    }

    /** {@code column = 'none'} for one from-state, {@code column IN ('success', 'failed')} for several. */
    String fromIs(String column) {
        if (from.size() == 1) {
            return column + " = " + quoted(from.iterator().next());
        }
        return column + " IN (" + from.stream().map(this::quoted).collect(Collectors.joining(", ")) + ")";
    }

    /** The quoted target, for a statement with one target state. */
    String target() {
        if (to.size() != 1) {
            throw new IllegalStateException(name + " has several target states: " + to);
        }
        return quoted(to.iterator().next());
    }

    /** One of the declared targets, quoted, for a statement that picks among them ({@code CASE ... END}). */
    String target(S state) {
        return quoted(requireTarget(state));
    }

    /** For a statement whose from-state is a parameter: throws unless {@code state} is one of its from-states. */
    S requireSource(S state) {
        if (!from.contains(state)) {
            throw new IllegalStateException(name + " may not move from '" + value.apply(state) + "' (only from "
                    + from + ")");
        }
        return state;
    }

    /** For a statement whose target is a parameter: throws unless {@code state} is one of its declared targets. */
    S requireTarget(S state) {
        if (!to.contains(state)) {
            throw new IllegalStateException(name + " may not move to '" + value.apply(state) + "' (only to " + to + ")");
        }
        return state;
    }

    private String quoted(S state) {
        return "'" + value.apply(state) + "'";
    }

    @Override
    public String toString() {
        return name + " " + from + " -> " + to;
    }
}
