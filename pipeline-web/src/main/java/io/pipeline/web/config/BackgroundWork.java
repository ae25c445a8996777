package io.pipeline.web.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Start-up work done on its own thread, awaited where its result is needed. */
public final class BackgroundWork {

    private BackgroundWork() {
    }

    /**
     * Waits for {@code work} and returns its result; a failure is thrown as it was thrown on the work's thread
     * (an unchecked exception or error as itself, not wrapped in a {@link CompletionException}).
     */
    public static <T> T await(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
