package io.pipeline.web.engine;

import io.pipeline.store.NodeRepository;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The web role in the node registry, against a real PostgreSQL. */
class WebNodePresenceTest {

    static DataSource ds;
    static NodeRepository nodes;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(WebNodePresenceTest.class.getSimpleName(), 2);
        nodes = new NodeRepository(JdbcClient.create(ds));
    }

    @Test
    void a_node_with_an_engine_gets_the_web_role_added_once() {
        SettableClock clock = SettableClock.at("2026-12-01T10:00:00Z");
        nodes.register("both", "host", List.of("scheduler", "worker"), List.of("default"), 16, clock.instant());
        WebNodePresence web = new WebNodePresence(nodes, "both", clock, Duration.ofSeconds(5));

        web.start(true);
        web.start(true);
        web.stop();

        NodeRepository.NodeRow row = nodes.find("both").orElseThrow();
        assertThat(row.roles()).containsExactly("scheduler", "worker", "web");
        assertThat(row.state()).as("the engine, not the web role, says when this node stops").isEqualTo("running");
    }

    @Test
    void a_web_only_node_registers_heartbeats_and_ends_stopped() throws Exception {
        SettableClock clock = SettableClock.at("2026-12-01T10:00:00Z");
        WebNodePresence web = new WebNodePresence(nodes, "web-only", clock, Duration.ofMillis(20));

        web.start(false);
        NodeRepository.NodeRow registered = nodes.find("web-only").orElseThrow();
        assertThat(registered.roles()).containsExactly("web");
        assertThat(registered.queues()).isEmpty();
        assertThat(registered.state()).isEqualTo("running");
        assertThat(registered.heartbeatAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));

        clock.advance(Duration.ofSeconds(30));
        Instant deadline = Instant.now().plusSeconds(10);
        while (!nodes.find("web-only").orElseThrow().heartbeatAt().equals(clock.instant())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThat(nodes.find("web-only").orElseThrow().heartbeatAt()).as("heartbeats on its own thread")
                .isEqualTo(Instant.parse("2026-12-01T10:00:30Z"));

        web.stop();
        assertThat(nodes.find("web-only").orElseThrow().state()).isEqualTo("stopped");
    }
}
