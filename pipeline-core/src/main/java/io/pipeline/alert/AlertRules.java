package io.pipeline.alert;

import io.pipeline.dag.alert.AlertPolicy;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alert policies of every loaded DAG, keyed by DAG id and task id. The application fills it when it loads DAGs
 * (from the DAG DSL's policies); the listener and the deadline tracker read it on every state change, so lookups
 * are lock-free map reads.
 */
public final class AlertRules {

    private final List<String> defaultNotifiers;
    private final Set<String> setUpNotifiers;
    private final Map<String, DagAlerts> byDag = new ConcurrentHashMap<>();

    /** @param defaultNotifiers notifiers used by policies that name none (e.g. {@code ["slack"]}), all set up */
    public AlertRules(List<String> defaultNotifiers) {
        this(defaultNotifiers, defaultNotifiers);
    }

    /**
     * @param setUpNotifiers the notifiers this installation has a configuration for (even a broken one), which
     *                       {@link AlertPolicy#onlyWhenConfigured()} policies are narrowed to
     */
    public AlertRules(List<String> defaultNotifiers, Collection<String> setUpNotifiers) {
        this.defaultNotifiers = List.copyOf(defaultNotifiers);
        this.setUpNotifiers = Set.copyOf(setUpNotifiers);
    }

    /**
     * Sets the policies of one DAG, replacing what it had. At most one DAG-level policy and one per task. A policy
     * that applies only when configured goes through the set-up notifiers among its own; with none it is left out.
     */
    public void register(String dagId, List<AlertPolicy> policies) {
        Objects.requireNonNull(dagId, "dagId");
        AlertPolicy dagPolicy = null;
        Map<String, AlertPolicy> tasks = new HashMap<>();
        for (AlertPolicy declared : policies) {
            AlertPolicy p = usable(declared);
            if (p == null) {
                continue;
            }
            if (!p.isTaskLevel()) {
                if (dagPolicy != null) {
                    throw new IllegalArgumentException("DAG " + dagId + " has more than one DAG-level alert policy");
                }
                dagPolicy = p;
            } else if (tasks.put(p.taskId(), p) != null) {
                throw new IllegalArgumentException(
                        "DAG " + dagId + " has more than one alert policy for task '" + p.taskId() + "'");
            }
        }
        if (dagPolicy == null && tasks.isEmpty()) {
            byDag.remove(dagId); // so that state changes of a DAG without alerts stay one map lookup
        } else {
            byDag.put(dagId, new DagAlerts(dagPolicy, Map.copyOf(tasks)));
        }
    }

    private AlertPolicy usable(AlertPolicy p) {
        if (!p.onlyWhenConfigured()) {
            return p;
        }
        List<String> setUp = notifiersOf(p).stream().filter(setUpNotifiers::contains).toList();
        return setUp.isEmpty() ? null : p.via(setUp.toArray(String[]::new));
    }

    /** The policy narrowed to the set-up notifiers if it asks for that; null when none is set up. */
    public AlertPolicy setUpOnly(AlertPolicy policy) {
        return usable(policy);
    }

    public void register(String dagId, AlertPolicy... policies) {
        register(dagId, List.of(policies));
    }

    public void remove(String dagId) {
        byDag.remove(dagId);
    }

    /** The policy governing a task's events: its own, else the DAG-level one. */
    public Optional<AlertPolicy> forTask(String dagId, String taskId) {
        DagAlerts d = byDag.get(dagId);
        if (d == null) {
            return Optional.empty();
        }
        AlertPolicy own = d.tasks().get(taskId);
        return Optional.ofNullable(own != null ? own : d.dagPolicy());
    }

    /** The DAG-level policy (run events and the run's deadline). */
    public Optional<AlertPolicy> forRun(String dagId) {
        DagAlerts d = byDag.get(dagId);
        return d == null ? Optional.empty() : Optional.ofNullable(d.dagPolicy());
    }

    /** Task-level policies that carry a deadline. */
    public List<AlertPolicy> taskDeadlines(String dagId) {
        DagAlerts d = byDag.get(dagId);
        if (d == null) {
            return List.of();
        }
        return d.tasks().values().stream().filter(p -> p.deadline() != null).toList();
    }

    public boolean hasAny(String dagId) {
        return byDag.containsKey(dagId);
    }

    public List<String> notifiersOf(AlertPolicy policy) {
        return policy.notifiersOr(defaultNotifiers);
    }

    private record DagAlerts(AlertPolicy dagPolicy, Map<String, AlertPolicy> tasks) {
    }
}
