package io.pipeline.dag;

/** What the body of a task definition is: a {@code Task}, {@code Sensor}, {@code BranchTask} or {@code ShortCircuitTask}. */
public enum TaskKind { TASK, SENSOR, BRANCH, SHORT_CIRCUIT }
