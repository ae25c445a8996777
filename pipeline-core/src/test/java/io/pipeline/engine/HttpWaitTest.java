package io.pipeline.engine;

import com.sun.net.httpserver.HttpServer;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DeferredWaitRepository.WaitRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.Trigger;
import io.pipeline.task.io.HttpSensor;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP-condition waits through the engine, against a local HTTP server that answers 503 until the test makes it
 * answer 200 "ready": the deferred sensor frees its worker slot, the triggerer checks the URL every poke interval,
 * the sensor resumes once the condition holds, times out when it never does, and another triggerer takes the wait
 * over from a lost one.
 */
class HttpWaitTest {

    static DataSource ds;
    HttpServer server;
    final AtomicBoolean ready = new AtomicBoolean();
    final AtomicInteger requests = new AtomicInteger();
    String url;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(HttpWaitTest.class);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            requests.incrementAndGet();
            boolean ok = ready.get();
            byte[] body = (ok ? "{\"state\": \"ready\"}" : "warming up").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/status";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    EngineTestDriver driver(String node, Dag dag) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-03-09T13:30:00Z"),
                EngineConfig.defaults(node).withQuartz(false), dag);
    }

    static WaitRow waitOf(EngineTestDriver d, TaskInstanceRow ti) {
        return d.parts().stores().waits().ofTi(ti.id()).orElseThrow();
    }

    @Test
    void a_deferred_http_sensor_frees_its_slot_and_resumes_once_the_url_answers_as_expected() {
        Dag dag = DagBuilder.dag("http_wait").maxActiveTasks(10).tasks(g -> {
            g.sensor("vendor_ready", HttpSensor.get(url).responseContains("ready"),
                    SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(2))).pool("http_one")
                    .priorityWeight(10);
            g.task("other", ctx -> "ran").pool("http_one");
        }).build();
        EngineTestDriver d = driver("node-1", dag);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('http_one', 1)").update();
        DagRunRow run = d.trigger("http_wait");

        d.settle();
        TaskInstanceRow ti = d.ti(run, "vendor_ready", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(d.state(run, "other")).as("the one slot of the pool was free for it").isEqualTo(TaskState.SUCCESS);
        assertThat(d.parts().stores().admission().poolState("http_one", "http_wait").orElseThrow().used()).isZero();
        assertThat(d.parts().running().size()).isZero();
        Trigger.Http expected = new Trigger.Http(URI.create(url), "GET", Set.of(200), "ready", Duration.ofMinutes(1));
        assertThat(waitOf(d, ti).trigger()).as("stored, so another node can rebuild it").isEqualTo(expected);
        assertThat(waitOf(d, ti).trigger().describe())
                .isEqualTo("HTTP GET " + url + " answering [200] with a body containing \"ready\"");
        assertThat(d.parts().stores().dashboard().deferredWaits(100).rows())
                .filteredOn(r -> r.dagId().equals("http_wait"))
                .extracting(r -> r.trigger().describe()).as("the Deferred page's words")
                .containsExactly(expected.describe());
        int afterPoke = requests.get();
        assertThat(afterPoke).as("the worker's poke").isEqualTo(1);

        d.advance(Duration.ofMinutes(1));
        d.settle();
        assertThat(requests.get()).as("the triggerer checked once at the poke interval").isEqualTo(2);
        assertThat(d.state(run, "vendor_ready")).isEqualTo(TaskState.DEFERRED);

        ready.set(true);
        d.advance(Duration.ofSeconds(30));
        d.settle();
        assertThat(requests.get()).as("not checked before the interval").isEqualTo(2);
        assertThat(d.state(run, "vendor_ready")).isEqualTo(TaskState.DEFERRED);

        d.advance(Duration.ofSeconds(30));
        d.settle();
        TaskInstanceRow done = d.ti(run, "vendor_ready", -1);
        assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(done.tryNumber()).as("resumed in the same try").isEqualTo(1);
        assertThat(requests.get()).as("the triggerer's check, then the sensor's poke").isEqualTo(4);
        assertThat(d.tis().xcom("http_wait", run.runId(), "vendor_ready", -1, null).orElseThrow().valueJson())
                .isEqualTo("200");
        assertThat(d.parts().stores().waits().ofTi(ti.id())).isEmpty();
        assertThat(d.changes().of("vendor_ready")).extracting(c -> c.from() + "->" + c.to())
                .containsSubsequence("RUNNING->DEFERRED", "DEFERRED->SCHEDULED", "RUNNING->SUCCESS");
    }

    @Test
    void an_http_wait_whose_condition_never_holds_times_out_with_the_sensor() {
        Dag dag = DagBuilder.dag("http_timeout").tasks(g -> g.sensor("vendor_ready", HttpSensor.get(url),
                SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofMinutes(5))).retries(2)).build();
        EngineTestDriver d = driver("node-1", dag);
        DagRunRow run = d.trigger("http_timeout");

        d.settle();
        assertThat(d.state(run, "vendor_ready")).isEqualTo(TaskState.DEFERRED);
        for (int minute = 1; minute <= 4; minute++) {
            d.advance(Duration.ofMinutes(1));
            d.settle();
            assertThat(d.state(run, "vendor_ready")).as("minute " + minute).isEqualTo(TaskState.DEFERRED);
        }
        assertThat(requests.get()).as("one poke and a check every minute").isEqualTo(5);

        d.advance(Duration.ofMinutes(1));
        d.settle();

        TaskInstanceRow failed = d.ti(run, "vendor_ready", -1);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.failureReason()).contains("sensor timed out");
        assertThat(failed.tryNumber()).as("a sensor timeout is not retried").isEqualTo(1);
        assertThat(d.parts().stores().waits().ofTi(failed.id())).isEmpty();
    }

    @Test
    void a_lost_triggerers_http_wait_is_taken_over_and_checked_by_another_node() {
        Dag dag = DagBuilder.dag("http_lost").tasks(g -> g.sensor("vendor_ready", HttpSensor.get(url),
                SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(1)))).build();
        EngineTestDriver one = driver("http-trig-1", dag);
        EngineTestDriver two = EngineTestDriver.create(ds, one.clock(),
                EngineConfig.defaults("http-trig-2").withQuartz(false), dag);
        for (String node : List.of("http-trig-1", "http-trig-2")) {
            one.parts().stores().nodes().register(node, "host", List.of("scheduler", "worker", "triggerer"),
                    List.of("default"), 4, one.now());
        }
        DagRunRow run = one.trigger("http_lost");
        one.settle();
        TaskInstanceRow ti = one.ti(run, "vendor_ready", -1);
        assertThat(waitOf(one, ti).triggererId()).isEqualTo("http-trig-1");

        one.advance(Duration.ofSeconds(61));
        one.parts().stores().nodes().heartbeat("http-trig-2", one.now());
        ready.set(true);
        two.settle();

        assertThat(two.state(run, "vendor_ready")).isEqualTo(TaskState.SUCCESS);
        assertThat(requests.get()).as("the first poke, the new holder's check, the last poke").isEqualTo(3);
    }

    @Test
    void bad_http_conditions_are_refused_naming_what_is_wrong() {
        assertThatThrownBy(() -> HttpSensor.get("ftp://vendor.example/status"))
                .hasMessageContaining("'ftp://vendor.example/status' must be an absolute http(s) URL");
        assertThatThrownBy(() -> HttpSensor.get(url).expectStatus(200, 700))
                .hasMessageContaining("status 700 is not an HTTP status");
        assertThatThrownBy(() -> new Trigger.Http(URI.create(url), "HEAD", Set.of(200), "ready", null))
                .hasMessageContaining("a HEAD request has no body to check");
        assertThatThrownBy(() -> new Trigger.Http(URI.create(url), "POST", Set.of(200), null, null))
                .hasMessageContaining("'POST' is not one of GET, HEAD");
        assertThat(new Trigger.Http(URI.create("https://user:pw@vendor.example/s?key=secret"), "GET", Set.of(204),
                null, null).describe()).isEqualTo("HTTP GET https://vendor.example/s?... answering [204]");
    }

    @Test
    void a_wait_on_a_templated_url_stores_the_rendered_url() {
        Dag dag = DagBuilder.dag("http_templated").tasks(g -> g.sensor("day_ready",
                HttpSensor.get(url + "/{ds}"), SensorSpec.reschedule(Duration.ofMinutes(2), Duration.ofHours(1))))
                .build();
        EngineTestDriver d = driver("node-1", dag);
        DagRunRow run = d.trigger("http_templated");
        d.settle();
        TaskInstanceRow ti = d.ti(run, "day_ready", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);
        Trigger.Http t = (Trigger.Http) waitOf(d, ti).trigger();
        assertThat(t.url().toString()).isEqualTo(url + "/" + run.logicalDate().toString().substring(0, 10));
        assertThat(t.checkEvery()).isEqualTo(Duration.ofMinutes(2));
    }
}
