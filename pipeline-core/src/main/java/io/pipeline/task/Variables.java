package io.pipeline.task;

import java.util.Optional;

/** The variables tasks read ({@link TaskContext#variable}); the application registers one as a task resource. */
@FunctionalInterface
public interface Variables {

    Optional<String> find(String key);
}
