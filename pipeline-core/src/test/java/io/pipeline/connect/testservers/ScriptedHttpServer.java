package io.pipeline.connect.testservers;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server replaying scripted responses in order (status, headers, body), recording every request URI.
 * A response may also cut the connection after part of its body ({@link Reply#truncated}). When the script runs
 * out, the last reply repeats.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    public record Reply(int status, Map<String, String> headers, byte[] body, Mode mode) {
        public enum Mode { COMPLETE, TRUNCATED, STALLED }

        public static Reply ok(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), Mode.COMPLETE);
        }

        public static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), Mode.COMPLETE);
        }

        /** A well-formed HTTP response (chunked) whose payload stops halfway, as when a vendor's export dies. */
        public static Reply truncated(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), Mode.TRUNCATED);
        }

        /** Announces the whole body, sends half of it and then stalls until the server closes. */
        public static Reply stalled(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), Mode.STALLED);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private Reply last;

    public ScriptedHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            Reply reply = next();
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = reply.body();
            switch (reply.mode()) {
                case COMPLETE -> exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                case TRUNCATED -> exchange.sendResponseHeaders(reply.status(), 0);
                case STALLED -> exchange.sendResponseHeaders(reply.status(), body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                if (reply.mode() == Reply.Mode.COMPLETE) {
                    out.write(body);
                } else {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    if (reply.mode() == Reply.Mode.STALLED) {
                        closed.await();
                    }
                }
            } catch (IOException | InterruptedException e) {
                exchange.close();
            }
        });
        server.start();
    }

    public synchronized ScriptedHttpServer then(Reply reply) {
        script.add(reply);
        return this;
    }

    private synchronized Reply next() {
        Reply r = script.poll();
        if (r != null) {
            last = r;
            return r;
        }
        return last != null ? last : Reply.status(404, "no script", Map.of());
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<URI> requests() {
        return List.copyOf(requests);
    }

    public List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
