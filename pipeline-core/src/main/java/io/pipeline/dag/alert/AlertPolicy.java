package io.pipeline.dag.alert;


import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which events of a DAG (taskId null) or of one task alert, where to, and an optional deadline. A DAG-level policy's
 * task events apply to every task that has no policy of its own; a task-level policy replaces it for that task.
 * Plain Java so that the DAG DSL can carry policies.
 *
 * @param taskId    null for the DAG-level policy
 * @param events    the events that alert; a deadline adds {@link AlertEvent#DEADLINE_MISSED} and
 *                  {@link AlertEvent#DEADLINE_FINISHED_LATE}
 * @param channel   the Slack channel for these alerts, or null for the configured default channel
 * @param notifiers notifier names (e.g. {@code slack}, {@code webhook}); empty means the configured defaults
 * @param deadline  null for none
 * @param onlyWhenConfigured true: the policy goes only through notifiers that are set up in this installation, and is
 *                  dropped when none is (the example DAGs alert once Slack is configured, rather than piling up
 *                  pending alerts before); false: alerts wait in the outbox until their notifier is configured
 */
public record AlertPolicy(String taskId, Set<AlertEvent> events, String channel, List<String> notifiers,
                          Deadline deadline, boolean onlyWhenConfigured) {

    public AlertPolicy {
        if (taskId != null && taskId.isBlank()) {
            throw new IllegalArgumentException("alert policy task id must not be blank");
        }
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(notifiers, "notifiers");
        EnumSet<AlertEvent> copy = events.isEmpty() ? EnumSet.noneOf(AlertEvent.class) : EnumSet.copyOf(events);
        if (deadline != null) {
            copy.add(AlertEvent.DEADLINE_MISSED);
            copy.add(AlertEvent.DEADLINE_FINISHED_LATE);
        }
        if (taskId != null) {
            for (AlertEvent e : copy) {
                if (e.isRunLevel()) {
                    throw new IllegalArgumentException("alert policy for task '" + taskId + "': event " + e.value()
                            + " is about a whole DAG run; put it on the DAG-level policy");
                }
            }
        }
        if (channel != null && channel.isBlank()) {
            throw new IllegalArgumentException("alert policy channel must not be blank (null means the default)");
        }
        for (String n : notifiers) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("alert policy notifier names must not be blank: " + notifiers);
            }
        }
        events = Collections.unmodifiableSet(copy);
        notifiers = List.copyOf(notifiers);
    }

    public AlertPolicy(String taskId, Set<AlertEvent> events, String channel, List<String> notifiers,
                       Deadline deadline) {
        this(taskId, events, channel, notifiers, deadline, false);
    }

    /** A DAG-level policy alerting on the given events. */
    public static AlertPolicy dag(AlertEvent... events) {
        return new AlertPolicy(null, Set.of(events), null, List.of(), null);
    }

    /** A policy for one task, replacing the DAG-level one for that task. */
    public static AlertPolicy task(String taskId, AlertEvent... events) {
        Objects.requireNonNull(taskId, "taskId");
        return new AlertPolicy(taskId, Set.of(events), null, List.of(), null);
    }

    public AlertPolicy channel(String newChannel) {
        return new AlertPolicy(taskId, events, newChannel, notifiers, deadline, onlyWhenConfigured);
    }

    public AlertPolicy via(String... newNotifiers) {
        return new AlertPolicy(taskId, events, channel, List.of(newNotifiers), deadline, onlyWhenConfigured);
    }

    public AlertPolicy deadline(Deadline newDeadline) {
        Objects.requireNonNull(newDeadline, "deadline");
        return new AlertPolicy(taskId, events, channel, notifiers, newDeadline, onlyWhenConfigured);
    }

    /** Only through notifiers that are set up; no alert at all (and nothing pending) when none is. */
    public AlertPolicy whenConfigured() {
        return new AlertPolicy(taskId, events, channel, notifiers, deadline, true);
    }

    public boolean alertsOn(AlertEvent event) {
        return events.contains(event);
    }

    public boolean isTaskLevel() {
        return taskId != null;
    }

    /** The notifiers to use: this policy's, or the defaults when it names none. */
    public List<String> notifiersOr(List<String> defaults) {
        return notifiers.isEmpty() ? defaults : notifiers;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(taskId == null ? "dag" : "task " + taskId);
        parts.add("on " + events);
        if (channel != null) {
            parts.add("channel " + channel);
        }
        if (!notifiers.isEmpty()) {
            parts.add("via " + notifiers);
        }
        if (deadline != null) {
            parts.add("deadline " + deadline.describe());
        }
        if (onlyWhenConfigured) {
            parts.add("when configured");
        }
        return "AlertPolicy[" + String.join(", ", parts) + "]";
    }
}
