package io.pipeline.engine;

import com.sun.net.httpserver.HttpServer;
import io.pipeline.task.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triggerer's HTTP checks hold no thread while they wait for an answer: 200 checks are in flight at once against
 * a server that answers only when the test lets it, and the JVM's platform threads do not grow with them.
 */
class HttpConditionProbeTest {

    static final int CHECKS = 200;

    HttpServer server;
    final CountDownLatch answer = new CountDownLatch(1);
    final CountDownLatch arrived = new CountDownLatch(CHECKS);
    URI url;
    URI fast;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CHECKS * 2);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/fast", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            arrived.countDown();
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ready".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
        fast = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fast");
    }

    @AfterEach
    void stopServer() {
        answer.countDown();
        server.stop(0);
    }

    @Test
    void many_checks_in_flight_hold_no_platform_thread_each() throws Exception {
        Trigger.Http trigger = new Trigger.Http(url, "GET", Set.of(200), "ready", Duration.ofSeconds(30));
        try (HttpConditionProbe probe = new HttpConditionProbe()) {
            assertThat(probe.check(new Trigger.Http(fast, "GET", Set.of(204), null, Duration.ofSeconds(30)))
                    .get(30, TimeUnit.SECONDS)).as("the client's own threads are started").isTrue();
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            List<CompletableFuture<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < CHECKS; i++) {
                checks.add(probe.check(trigger));
            }
            assertThat(arrived.await(60, TimeUnit.SECONDS)).as("every check is waiting for its answer").isTrue();
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(during - before).as("platform threads added while %d checks wait", CHECKS).isLessThan(10);

            answer.countDown();
            for (CompletableFuture<Boolean> c : checks) {
                assertThat(c.get(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
