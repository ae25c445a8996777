package io.pipeline.web.ui;

import io.pipeline.store.NodeRepository;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;

import static io.pipeline.web.ui.UiSession.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The Deferred page and a deferred task instance's page over HTTP, on rows another node would have written. */
class DeferredPageTest extends ApiTestBase {
    static final String DAG = "deferred_fixture_dag";
    static final String RUN = "deferred_fixture_run";
    static final String TRIGGERER = "fixture-triggerer";

    @Autowired
    DataSource dataSource;
    JdbcClient jdbc;

    @BeforeEach
    void deferredTi() {
        jdbc = JdbcClient.create(dataSource);
        Instant now = Instant.now();
        NodeRepository nodes = new NodeRepository(jdbc);
        nodes.register(TRIGGERER, "host-trig.example", List.of("triggerer"), List.of("default"), 1, now);
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES (:d, now(), now())").param("d", DAG)
                .update();
        long run = jdbc.sql("""
                        INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                            data_interval_end, run_after, created_at, updated_at)
                        VALUES (:d, :r, 'manual', 'running', now(), now(), now(), now(), now(), now()) RETURNING id""")
                .param("d", DAG).param("r", RUN).query(Long.class).single();
        long ti = jdbc.sql("""
                        INSERT INTO task_instance (run_pk, dag_id, task_id, state, try_number, max_tries, operator,
                            first_poke_at, sensor_deadline, updated_at)
                        VALUES (:run, :d, 'wait_for_file', 'deferred', 1, 1, 'sensor', now(),
                                '2030-01-01T06:00:00Z', now()) RETURNING id""")
                .param("run", run).param("d", DAG).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO deferred_wait (ti_id, try_number, kind, fire_at, triggerer_id, claimed_at, created_at)
                        VALUES (:ti, 1, 'time', '2030-01-01T00:00:00Z', :node, now(), now())""")
                .param("ti", ti).param("node", TRIGGERER).update();
    }

    @AfterEach
    void remove() {
        jdbc.sql("DELETE FROM dag_run WHERE dag_id = :d").param("d", DAG).update();
        jdbc.sql("DELETE FROM dag WHERE dag_id = :d").param("d", DAG).update();
        jdbc.sql("DELETE FROM node WHERE node_id = :n").param("n", TRIGGERER).update();
    }

    @Test
    void the_navigation_links_to_the_deferred_page_which_lists_the_wait_with_its_trigger_and_triggerer() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        assertThat(viewer.get("/ui/dags").body()).contains("<a href=\"/ui/deferred\">Deferred</a>");

        UiSession.Page page = viewer.get("/ui/deferred");

        assertThat(page.status()).isEqualTo(200);
        // Other tests share this application, and an example DAG may be deferred at the same moment (a close
        // sensor waits for the real close): the total is the number of waits the page lists, ours among them.
        long listed = page.body().lines().filter(l -> l.contains("<tr data-task=")).count();
        assertThat(listed).isGreaterThanOrEqualTo(1);
        assertThat(page.body()).contains("<b id=\"deferred-total\">" + listed + "</b>", "badge st-deferred")
                .contains(DAG + " / " + RUN + " / wait_for_file", "time 2030-01-01T00:00:00Z", TRIGGERER)
                .contains("href=\"/ui/dags/" + DAG + "/ti?run=" + RUN + "&amp;task=wait_for_file&amp;map=-1\"");
    }

    @Test
    void a_deferred_task_instance_says_what_it_waits_for_who_holds_it_and_when_it_times_out() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        UiSession.Page page = viewer.get("/ui/dags/" + DAG + "/ti?run=" + q(RUN) + "&task=wait_for_file");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Deferred: it waits for its trigger without a worker slot")
                .contains("Waiting for time 2030-01-01T00:00:00Z, held by triggerer node " + TRIGGERER + ".")
                .contains("st-deferred");
    }

    @Test
    void an_http_wait_is_described_on_the_deferred_page_and_the_task_instance_page() {
        long run = jdbc.sql("SELECT id FROM dag_run WHERE dag_id = :d AND run_id = :r").param("d", DAG)
                .param("r", RUN).query(Long.class).single();
        long ti = jdbc.sql("""
                        INSERT INTO task_instance (run_pk, dag_id, task_id, state, try_number, max_tries, operator,
                            first_poke_at, sensor_deadline, updated_at)
                        VALUES (:run, :d, 'wait_for_api', 'deferred', 1, 1, 'sensor', now(),
                                '2030-01-01T06:00:00Z', now()) RETURNING id""")
                .param("run", run).param("d", DAG).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO deferred_wait (ti_id, try_number, kind, http_url, http_method, expected_status,
                            body_contains, check_every_ms, triggerer_id, claimed_at, created_at)
                        VALUES (:ti, 1, 'http', 'https://vendor.example/status/2030-01-01?key=secret', 'GET',
                                '{200,204}', 'ready', 60000, :node, now(), now())""")
                .param("ti", ti).param("node", TRIGGERER).update();
        String described = "HTTP GET https://vendor.example/status/2030-01-01?... answering [200, 204] with a body"
                + " containing &quot;ready&quot;";
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        UiSession.Page list = viewer.get("/ui/deferred");
        assertThat(list.body()).contains(DAG + " / " + RUN + " / wait_for_api", described)
                .doesNotContain("secret");

        UiSession.Page page = viewer.get("/ui/dags/" + DAG + "/ti?run=" + q(RUN) + "&task=wait_for_api");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Waiting for " + described + ", held by triggerer node " + TRIGGERER + ".")
                .doesNotContain("secret");
    }
}
