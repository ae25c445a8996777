package io.pipeline.dag;

import java.util.ArrayList;
import java.util.List;

/**
 * One task or a group of tasks that dependencies can be drawn from: {@code a.then(b)} is Airflow's {@code a >> b}.
 * {@code then} returns its argument so that chains read left to right: {@code a.then(b).then(c)};
 * {@code a.then(b, c)} fans out and {@code TaskRef.all(a, b).then(c)} fans in.
 */
public sealed interface TaskNodes permits TaskRef, TaskRefs, TaskGroup {

    /** The tasks this node stands for. */
    List<TaskRef> refs();

    /** The tasks that take the upstream edges drawn to this node (a task group: its roots). */
    default List<TaskRef> roots() {
        return refs();
    }

    /** The tasks that become upstream of what this node is drawn to (a task group: its leaves). */
    default List<TaskRef> leaves() {
        return refs();
    }

    /** Every task of this node becomes upstream of {@code next}. Returns {@code next}. */
    default TaskRef then(TaskRef next) {
        for (TaskRef r : leaves()) {
            next.addUpstream(r);
        }
        return next;
    }

    /** This node becomes upstream of the task group {@code next} (of its roots). Returns {@code next}. */
    default TaskGroup then(TaskGroup next) {
        for (TaskRef n : next.roots()) {
            then(n);
        }
        return next;
    }

    /** Every task of this node becomes upstream of every task in {@code next}. Returns them as a group. */
    default TaskRefs then(TaskRef... next) {
        TaskRefs group = TaskRef.all(next);
        then(group);
        return group;
    }

    /** Every task of this node becomes upstream of every task in {@code next}. Returns {@code next}. */
    default TaskRefs then(TaskRefs next) {
        for (TaskRef n : next.roots()) {
            then(n);
        }
        return next;
    }

    /** Every task in {@code upstream} becomes upstream of every task of this node. Returns this node. */
    default TaskNodes after(TaskNodes... upstream) {
        List<TaskRef> ups = new ArrayList<>();
        for (TaskNodes u : upstream) {
            ups.addAll(u.leaves());
        }
        for (TaskRef r : roots()) {
            for (TaskRef u : ups) {
                r.addUpstream(u);
            }
        }
        return this;
    }
}
