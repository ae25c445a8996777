package io.pipeline.state;

/** A task-instance state change that the transition table does not allow. Names both states. */
public class IllegalStateTransitionException extends IllegalStateException {
    private final TaskState from;
    private final TaskState to;

    public IllegalStateTransitionException(TaskState from, TaskState to) {
        super("task instance may not move from '" + from.value() + "' to '" + to.value() + "'");
        this.from = from;
        this.to = to;
    }

    public IllegalStateTransitionException(String subject, TaskState from, TaskState to) {
        super(subject + " may not move from '" + from.value() + "' to '" + to.value() + "'");
        this.from = from;
        this.to = to;
    }

    public TaskState from() {
        return from;
    }

    public TaskState to() {
        return to;
    }
}
