package io.pipeline.task;

/**
 * A task that waits for a condition. Each poke is one short call; in reschedule mode the worker is freed between
 * pokes (state {@code up_for_reschedule} with the next poke time). A poke may also defer on a trigger
 * ({@link PokeResult#deferUntil}, {@link PokeResult#deferOn}): state {@code deferred}, no pokes until the node's
 * triggerer finds the trigger fired or the sensor's timeout comes.
 */
@FunctionalInterface
public interface Sensor {
    PokeResult poke(TaskContext ctx) throws Exception;
}
