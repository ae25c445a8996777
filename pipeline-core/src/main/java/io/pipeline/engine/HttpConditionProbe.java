package io.pipeline.engine;

import io.pipeline.task.Trigger;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Checks HTTP-condition triggers for the triggerer without a thread per wait: one shared {@link HttpClient} sends
 * each check with {@code sendAsync} (its selector thread waits on every open connection at once); completions run
 * on short-lived virtual threads. A check that cannot connect, times out or answers anything else is "not yet".
 */
final class HttpConditionProbe implements AutoCloseable {
    /** A check waits at most this long for its answer (less when the check interval is shorter). */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(completions)
            .build();

    /** Completes with whether the condition holds now; completes exceptionally when the request failed. */
    CompletableFuture<Boolean> check(Trigger.Http trigger) {
        Duration timeout = trigger.checkEvery().compareTo(MAX_REQUEST_TIME) < 0 ? trigger.checkEvery()
                : MAX_REQUEST_TIME;
        HttpRequest request = HttpRequest.newBuilder(trigger.url())
                .timeout(timeout)
                .method(trigger.method(), HttpRequest.BodyPublishers.noBody())
                .build();
        if (trigger.bodyContains() == null) {
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> trigger.met(r.statusCode(), null));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> trigger.met(r.statusCode(), r.body()));
    }

    @Override
    public void close() {
        client.shutdownNow();
        completions.shutdownNow();
    }
}
