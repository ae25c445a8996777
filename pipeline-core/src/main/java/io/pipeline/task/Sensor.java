package io.pipeline.task;

/**
 * A task that waits for a condition. Each poke is one short call; in reschedule mode the worker is freed between
 * pokes (state {@code up_for_reschedule} with the next poke time).
 */
@FunctionalInterface
public interface Sensor {
    PokeResult poke(TaskContext ctx) throws Exception;
}
