package io.pipeline.task;

import java.time.Instant;
import java.util.Objects;

/**
 * Thrown by a task's {@code execute} to defer: the try leaves its worker slot and the task instance waits in state
 * {@code deferred} until the trigger fires; then {@code execute} is called again in the same try, and the task checks
 * its condition again (as a sensor's next poke does). Airflow's {@code TaskDeferred}.
 */
public final class TaskDeferred extends RuntimeException {
    private final transient Trigger trigger;

    public TaskDeferred(Trigger trigger) {
        super("deferred on " + Objects.requireNonNull(trigger, "trigger").describe(), null, false, false);
        this.trigger = trigger;
    }

    public static TaskDeferred until(Instant at) {
        return new TaskDeferred(Trigger.at(at));
    }

    public Trigger trigger() {
        return trigger;
    }
}
