package io.pipeline.ops;

import io.pipeline.dag.Dag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link TaskScope} into task ids of a DAG (Airflow's partial_subset), in topological order. An id naming a
 * task group selects every task of the group.
 */
final class TaskSelection {

    private TaskSelection() {
    }

    /** @throws TaskNotFoundException for a task id the DAG does not have */
    static List<String> resolve(Dag dag, TaskScope scope) {
        Set<String> chosen = new LinkedHashSet<>();
        if (scope.selectsAll()) {
            chosen.addAll(dag.taskIds());
        } else if (scope.regex() != null) {
            Pattern p = Pattern.compile(scope.regex());
            dag.taskIds().stream().filter(id -> p.matcher(id).find()).forEach(chosen::add);
        } else {
            for (String id : scope.taskIds()) {
                if (dag.hasTask(id)) {
                    chosen.add(id);
                } else if (dag.taskGroups().isGroup(id)) {
                    chosen.addAll(dag.taskGroups().tasksIn(id)); // a group id stands for all of its tasks
                } else {
                    throw new TaskNotFoundException(dag.dagId(), id);
                }
            }
        }
        Set<String> withRelatives = new LinkedHashSet<>(chosen);
        for (String id : chosen) {
            if (scope.upstream()) {
                withRelatives.addAll(dag.allUpstream(id));
            }
            if (scope.downstream()) {
                withRelatives.addAll(dag.allDownstream(id));
            }
        }
        return dag.taskIds().stream().filter(withRelatives::contains).toList();
    }
}
