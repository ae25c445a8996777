package io.pipeline.dag;

import io.pipeline.calendar.Calendars;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a DAG's alert policies against its tasks when the DAG is built, so that a typo in a task id or a calendar
 * code is an import error naming the DAG rather than an alert that silently never comes.
 */
final class AlertPolicyCheck {

    private AlertPolicyCheck() {
    }

    /** The policies, copied; throws naming every problem: unknown task, duplicates, unknown calendar. */
    static List<AlertPolicy> check(String dagId, List<AlertPolicy> policies, Set<String> taskIds) {
        if (policies == null || policies.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Set<String> seenTasks = new HashSet<>();
        boolean seenDag = false;
        for (AlertPolicy p : policies) {
            if (p == null) {
                problems.add("alert policies: null policy");
                continue;
            }
            if (!p.isTaskLevel()) {
                if (seenDag) {
                    problems.add("alert policies: more than one DAG-level policy");
                }
                seenDag = true;
            } else if (!taskIds.contains(p.taskId())) {
                problems.add("alert policy for task '" + p.taskId() + "': no such task");
            } else if (!seenTasks.add(p.taskId())) {
                problems.add("alert policy for task '" + p.taskId() + "': more than one policy");
            }
            if (p.deadline() instanceof Deadline.AfterSessionClose close
                    && !Calendars.codes().contains(close.calendarCode())) {
                problems.add((p.isTaskLevel() ? "alert policy for task '" + p.taskId() + "'" : "DAG alert policy")
                        + ": deadline on unknown calendar '" + close.calendarCode() + "'; known: "
                        + String.join(", ", Calendars.codes()));
            }
        }
        if (!problems.isEmpty()) {
            throw new DagValidationException(dagId, problems);
        }
        return List.copyOf(policies);
    }
}
