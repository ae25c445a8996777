package io.pipeline.task;

/** Returns false to skip every task downstream of it (regardless of their trigger rules); true to go on. */
@FunctionalInterface
public interface ShortCircuitTask {
    boolean proceed(TaskContext ctx) throws Exception;
}
