package io.pipeline.task;

import java.util.Map;
import java.util.Optional;

/**
 * A few named values a try keeps in the database about an external resource it owns (a cluster id, a job name),
 * so that a later poke, a later try (after a node restart) and the engine's release find it again. At most one live
 * handle per task instance; see {@link ExternalResource}.
 */
public interface TaskHandle {

    Optional<String> get(String key);

    /** Everything stored, empty when nothing is. */
    Map<String, String> values();

    /** The try that last wrote the handle, or 0 when there is none. */
    int tryNumber();

    /**
     * Stores the value at once (its own statement, committed before this returns), so that a node dying right after
     * does not lose it. When the try is no longer running (cleared, marked or reaped meanwhile), the value is stored
     * as a release request instead and the engine releases the resource.
     */
    void put(String key, String value);

    default boolean isEmpty() {
        return values().isEmpty();
    }
}
