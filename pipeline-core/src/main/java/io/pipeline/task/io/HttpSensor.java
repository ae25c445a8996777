package io.pipeline.task.io;

import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.TaskContext;
import io.pipeline.task.Trigger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Waits until an HTTP endpoint answers as expected (Airflow's {@code HttpSensor}): a GET of the URL (templated like
 * object keys, e.g. {@code https://vendor.example/status/{ds}}) answering one of the expected status codes (200
 * unless told), and, when {@link #responseContains} is set, a body containing that text. Met with the status code
 * as output. Anything else, including a refused connection or a timeout, is "not yet". Deferrable by default: a
 * poke that finds the condition false defers on an HTTP trigger, which the node's triggerer checks every poke
 * interval with one shared asynchronous HTTP client, without a worker slot; the sensor's timeout holds while it
 * waits. {@link #deferrable(boolean) deferrable(false)} pokes from a worker instead. The rendered URL is stored with
 * the wait: put no secret in it.
 */
public final class HttpSensor implements Sensor {
    /** A poke waits at most this long for the answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final KeyTemplate url;
    private final Set<Integer> expectedStatus;
    private final String bodyContains;
    private final boolean deferrable;

    private HttpSensor(KeyTemplate url, Set<Integer> expectedStatus, String bodyContains, boolean deferrable) {
        this.url = url;
        this.expectedStatus = Set.copyOf(expectedStatus);
        this.bodyContains = bodyContains;
        this.deferrable = deferrable;
        // Checks the parts now, so that a DAG with a bad status code or a non-HTTP URL fails when it loads.
        trigger(URI.create("http://placeholder.invalid/"));
        if (!url.template().contains("{")) {
            trigger(URI.create(url.template()));
        }
    }

    /** A GET of {@code urlTemplate} answering 200. */
    public static HttpSensor get(String urlTemplate) {
        return new HttpSensor(KeyTemplate.of(urlTemplate), Set.of(200), null, true);
    }

    /** Met only on one of these status codes (instead of 200). */
    public HttpSensor expectStatus(int... codes) {
        Set<Integer> set = new LinkedHashSet<>();
        for (int c : codes) {
            set.add(c);
        }
        return new HttpSensor(url, set, bodyContains, deferrable);
    }

    /** Met only when the response body also contains {@code text}. */
    public HttpSensor responseContains(String text) {
        return new HttpSensor(url, expectedStatus, text, deferrable);
    }

    /** Deferring on an HTTP trigger between pokes (the default), or not ({@code false}). */
    public HttpSensor deferrable(boolean on) {
        return new HttpSensor(url, expectedStatus, bodyContains, on);
    }

    public boolean isDeferrable() {
        return deferrable;
    }

    private Trigger.Http trigger(URI target) {
        return new Trigger.Http(target, "GET", expectedStatus, bodyContains, null);
    }

    @Override
    public PokeResult poke(TaskContext ctx) throws InterruptedException {
        URI target;
        try {
            target = URI.create(url.render(ctx));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HttpSensor URL '" + url.template() + "': " + e.getMessage(), e);
        }
        Trigger.Http condition = trigger(target);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = Client.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (condition.met(response.statusCode(), response.body())) {
                ctx.log().info("{} answered {}: condition met", condition.shownUrl(), response.statusCode());
                return PokeResult.met(response.statusCode());
            }
            ctx.log().info("{} answered {}; waiting for {}", condition.shownUrl(), response.statusCode(),
                    condition.describe());
        } catch (IOException e) {
            ctx.log().info("{} did not answer ({}); waiting for {}", condition.shownUrl(), e.toString(),
                    condition.describe());
        }
        return deferrable ? PokeResult.deferOn(condition) : PokeResult.notYet();
    }

    /** One client for every poke of every HttpSensor (created on first use). */
    private static final class Client {
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
}
