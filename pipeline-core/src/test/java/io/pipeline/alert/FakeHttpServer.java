package io.pipeline.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 for notifier tests: answers from a queue of scripted responses, then from a
 * fallback, and records every request. A response can be delayed to provoke client timeouts.
 */
public final class FakeHttpServer implements AutoCloseable {

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The body as an application/x-www-form-urlencoded map (how the Slack client posts methods). */
        public Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }
    }

    public record Response(int status, Map<String, String> headers, String body, Duration delay) {
        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public static Response text(int status, String body) {
            return new Response(status, Map.of("Content-Type", "text/plain"), body, Duration.ZERO);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body, delay);
        }

        public Response delayedBy(Duration d) {
            return new Response(status, headers, body, d);
        }
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each response can stall on a
        // delayed ACK (~40 ms). Read once, when the JVM's first HttpServer is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Response> queue = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<Request, Response> fallback = r -> Response.text(500, "no response scripted");

    private FakeHttpServer(HttpServer server) {
        this.server = server;
    }

    public static FakeHttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeHttpServer fake = new FakeHttpServer(s);
            s.setExecutor(fake.executor);
            s.createContext("/", fake::handle);
            s.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public URI uri(String path) {
        return URI.create(url(path));
    }

    public synchronized void enqueue(Response... responses) {
        queue.addAll(List.of(responses));
    }

    /** Answers every request not served from the queue. */
    public void answerAll(Function<Request, Response> responder) {
        this.fallback = responder;
    }

    public void answerAll(Response response) {
        answerAll(r -> response);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        Response response;
        synchronized (this) {
            requests.add(request);
            response = queue.isEmpty() ? null : queue.poll();
        }
        if (response == null) {
            response = fallback.apply(request);
        }
        if (!response.delay().isZero()) {
            try {
                // Held until the delay passes or the server closes, so that the client times out first.
                closing.await(response.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
