package io.pipeline.task;

import org.slf4j.Logger;

import java.time.Clock;

/** What a task sees when the engine asks it to release its external resource: whose it was, a log, the resources. */
public interface ReleaseContext {

    String dagId();

    String taskId();

    String runId();

    int mapIndex();

    /** The try that last wrote the handle. */
    int tryNumber();

    Clock clock();

    /** Lines go to the log of {@link #tryNumber()} (secrets masked). */
    Logger log();

    /** A shared service the application provides (connections...), as in {@link TaskContext#resource}. */
    <T> T resource(Class<T> type);
}
