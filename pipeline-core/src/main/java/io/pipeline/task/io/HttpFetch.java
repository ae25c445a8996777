package io.pipeline.task.io;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.HttpApi;
import io.pipeline.objects.ObjectStore;
import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.util.Map;
import java.util.Objects;

/**
 * GETs a templated path from an HTTP connection (retrying 429/5xx, honouring Retry-After) and stores the body in the
 * object store under a templated key. Outputs the object's location.
 */
public final class HttpFetch implements Task {

    private final String connectionId;
    private final KeyTemplate path;
    private final KeyTemplate key;
    private final HttpRetryPolicy policy;
    private final Sleeper sleeper;

    private HttpFetch(String connectionId, KeyTemplate path, KeyTemplate key, HttpRetryPolicy policy, Sleeper sleeper) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.path = path;
        this.key = key;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public static HttpFetch of(String connectionId, String path, String key) {
        return new HttpFetch(connectionId, KeyTemplate.of(path), KeyTemplate.of(key), HttpRetryPolicy.defaults(), Sleeper.REAL);
    }

    public HttpFetch withRetry(HttpRetryPolicy retryPolicy, Sleeper waitWith) {
        return new HttpFetch(connectionId, path, key, retryPolicy, waitWith);
    }

    @Override
    public Object execute(TaskContext ctx) throws Exception {
        HttpApi api = HttpApi.of(ctx.resource(ConnectionRegistry.class).get(connectionId));
        HttpFetcher fetcher = new HttpFetcher(api, policy, sleeper, ctx.clock());
        byte[] body = fetcher.get(api.url(path.render(ctx), Map.of()), ctx.log());
        ObjectStore store = ctx.resource(ObjectStore.class);
        String k = key.render(ctx);
        store.put(k, body);
        ctx.log().info("stored {} bytes at {}", body.length, store.location(k));
        return store.location(k);
    }
}
