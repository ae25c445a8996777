package io.pipeline.web.ui;

import io.pipeline.dags.uitest.UiFlakyDag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.ops.Actor;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pipeline.web.ui.UiSession.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard over HTTP as a browser would use it: login, roles, CSRF, escaping, pages and the clear flow. */
class DashboardHttpTest extends ApiTestBase {

    private static final String DAG = UiFlakyDag.DAG_ID;

    @Autowired
    UiOps ops;
    @Autowired
    DagRunService runs;
    @Autowired
    DagRegistry registry;

    @Test
    void pages_need_a_login_and_the_json_endpoints_answer_401_without_one() {
        UiSession anonymous = new UiSession(port);
        UiSession.Page page = anonymous.get("/ui/dags");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/login");
        assertThat(anonymous.get("/ui/api/dags/states").status()).isEqualTo(401);
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_and_pages_forbid_inline_scripts() {
        UiSession s = new UiSession(port);
        UiSession.Page login = s.get("/login");
        List<String> cookies = login.headers().getOrDefault("set-cookie", List.of());
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        UiSession.Page dags = viewer.get("/ui/dags");
        assertThat(dags.status()).isEqualTo(200);
        assertThat(dags.headers().get("content-security-policy").getFirst()).contains("script-src 'self'");
    }

    @Test
    void a_wrong_password_returns_to_the_login_form_with_an_error() {
        UiSession s = new UiSession(port);
        UiSession.Page form = s.get("/login");
        String token = form.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        UiSession.Page r = s.post("/login", Map.of("username", "viewer", "password", "wrong-password", "_csrf", token));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.location()).endsWith("/login?error");
    }

    @Test
    void a_viewer_sees_no_action_controls_and_gets_403_on_a_forged_post() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        UiSession.Page list = viewer.get("/ui/dags");
        assertThat(list.body()).contains("data-dag=\"" + DAG + "\"").doesNotContain("pause-form")
                .doesNotContain("/trigger\"");
        UiSession.Page grid = viewer.get("/ui/dags/" + DAG + "/grid");
        assertThat(grid.body()).doesNotContain(">Pause<").doesNotContain(">Trigger<").doesNotContain(">Backfill<");

        assertThat(viewer.post("/ui/dags/" + DAG + "/pause", Map.of("paused", "true"), list).status()).isEqualTo(403);
        assertThat(viewer.post("/ui/dags/" + DAG + "/clear/confirm", Map.of("run", "x", "task", "transform"), list)
                .status()).isEqualTo(403);
        assertThat(viewer.get("/ui/users").status()).isEqualTo(403);
        assertThat(viewer.get("/ui/dags/" + DAG + "/trigger").status()).isEqualTo(403);
        assertThat(registry.find(DAG).orElseThrow().paused()).isFalse();
    }

    @Test
    void a_post_without_a_valid_csrf_token_is_rejected() {
        UiSession user = UiSession.loggedIn(port, "user", password(Role.USER));
        UiSession.Page list = user.get("/ui/dags");
        assertThat(user.post("/ui/dags/" + DAG + "/pause", Map.of("paused", "true")).status()).isEqualTo(403);
        assertThat(user.post("/ui/dags/" + DAG + "/pause", Map.of("paused", "true", "_csrf", "forged")).status())
                .isEqualTo(403);
        assertThat(registry.find(DAG).orElseThrow().paused()).isFalse();

        UiSession.Page paused = user.post("/ui/dags/" + DAG + "/pause", Map.of("paused", "true"), list);
        assertThat(paused.status()).isEqualTo(302);
        assertThat(registry.find(DAG).orElseThrow().paused()).isTrue();
        user.post("/ui/dags/" + DAG + "/pause", Map.of("paused", "false"), list);
        assertThat(registry.find(DAG).orElseThrow().paused()).isFalse();
    }

    @Test
    void a_failed_task_shows_its_error_as_text_and_clearing_it_with_downstream_reruns_the_run() {
        DagRunRow run = ops.operations().trigger(DAG, "http_" + System.nanoTime(), null, null, null,
                Actor.api("test"));
        awaitRun(run.runId(), DagRunState.FAILED);
        UiSession user = UiSession.loggedIn(port, "user", password(Role.USER));
        String ti = "/ui/dags/" + DAG + "/ti?run=" + q(run.runId()) + "&task=transform";

        UiSession.Page page = user.get(ti);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("transform failing &lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img src=x").contains("failed on try 1 of 1")
                .contains("Fails in transform until healed &lt;i&gt;(test DAG)&lt;/i&gt;");

        UiSession.Page confirm = user.post("/ui/dags/" + DAG + "/clear",
                Map.of("run", run.runId(), "task", "transform", "downstream", "true"), page);
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.body()).contains("4 task instances will be changed").contains("data-task=\"transform\"")
                .contains("data-task=\"load\"").contains("data-task=\"report\"")
                .contains("data-task=\"notify_on_failure\"").doesNotContain("data-task=\"extract\"");

        UiFlakyDag.heal(run.runId());
        UiSession.Page done = user.post("/ui/dags/" + DAG + "/clear/confirm",
                Map.of("run", run.runId(), "task", "transform", "downstream", "true"), confirm);
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).contains("/ui/dags/" + DAG + "/ti?run=");
        awaitRun(run.runId(), DagRunState.SUCCESS);
        assertThat(user.get("/ui/api/dags/" + DAG + "/ti?run=" + q(run.runId()) + "&task=transform").body())
                .contains("\"state\":\"success\"").contains("\"try_number\":2");
        assertThat(user.get("/ui/audit?dag=" + DAG).body()).contains("clear").contains("user");
    }

    @Test
    void the_grid_json_has_a_state_code_per_run_and_summarises_mapped_tasks() {
        DagRunRow run = ops.operations().trigger(DAG, "grid_" + System.nanoTime(), null, null, null,
                Actor.api("test"));
        awaitRun(run.runId(), DagRunState.FAILED);
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        String json = viewer.get("/ui/api/dags/" + DAG + "/grid?runs=100").body();
        assertThat(json).contains("{\"id\":\"transform\",\"mapped\":false,\"rule\":\"all_success\"}")
                .contains("{\"id\":\"notify_on_failure\",\"mapped\":false,\"rule\":\"one_failed\"}")
                .contains("\"success\":3");
        for (String view : List.of("grid", "graph", "gantt", "duration", "landing", "tries", "calendar")) {
            UiSession.Page p = viewer.get("/ui/dags/" + DAG + "/" + view);
            assertThat(p.status()).as(view).isEqualTo(200);
        }
        String graph = viewer.get("/ui/dags/" + DAG + "/graph?run=" + q(run.runId())).body();
        assertThat(graph).contains("class=\"node st-failed\" data-task=\"transform\"").contains("one_failed");
        // the mapped task is one node with its instances counted by state
        assertThat(graph).containsOnlyOnce("data-task=\"fetch_part\"").contains("fetch_part [3]")
                .contains("3 instances: success 3");
        assertThat(viewer.get("/ui/api/dags/" + DAG + "/run-states?run=" + q(run.runId())).body())
                .contains("\"fetch_part\":\"success\"").contains("\"mapped\":{\"fetch_part\":{\"success\":3}}");
    }

    @Test
    void the_page_of_a_mapped_task_lists_a_window_of_its_instances_with_their_counts_by_state() {
        DagRunRow run = ops.operations().trigger("stress_fanout", "window_" + System.nanoTime(), null,
                Map.of("width", 250, "sleep_ms", 0), null, Actor.api("test"));
        Await.until(Duration.ofSeconds(60), () -> runs.get("stress_fanout", run.runId()).orElseThrow().state(),
                s -> s == DagRunState.SUCCESS, "stress_fanout run " + run.runId() + " to succeed");
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        String page = viewer.get("/ui/dags/stress_fanout/ti?run=" + q(run.runId()) + "&task=work&map=200").body();

        assertThat(page).contains("250 instances: success 250")
                .contains(">150: success<").contains(">249: success<").doesNotContain(">149: success<")
                .contains("id=\"ti-instances-previous\"").contains("map=99\"")
                .doesNotContain("id=\"ti-instances-next\"");
        String first = viewer.get("/ui/dags/stress_fanout/ti?run=" + q(run.runId()) + "&task=work").body();
        assertThat(first).contains(">0: success<").contains(">100: success<").doesNotContain(">101: success<")
                .contains("id=\"ti-instances-next\"").contains("map=151\"")
                .doesNotContain("id=\"ti-instances-previous\"");
    }

    @Test
    void a_run_waiting_for_its_input_partitions_shows_its_key_and_why_names_the_missing_ones() {
        DagRunRow run = ops.operations().trigger("risk_models", "partition_" + System.nanoTime(), null, null, null,
                "2026-11-16", Actor.api("test"));
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        String page = viewer.get("/ui/dags/risk_models/ti?run=" + q(run.runId()) + "&task=daily_fundamentals").body();
        assertThat(page).contains("partition key").contains("2026-11-16");
        String json = viewer.get("/ui/api/dags/risk_models/ti?run=" + q(run.runId()) + "&task=daily_fundamentals")
                .body();
        assertThat(json).contains("waits for its input data")
                .contains("postgres://marketdata/public/bars_1d[2026-11-16]")
                .contains("postgres://marketdata/public/fundamentals[2026-11-16]");
        ops.operations().deleteRun("risk_models", run.runId(), Actor.api("test"));
    }

    @Test
    void why_names_the_paused_dag_and_the_queued_run() {
        ops.operations().pause(DAG, true, Actor.api("test"));
        try {
            DagRunRow run = ops.operations().trigger(DAG, "why_" + System.nanoTime(), null, null, null,
                    Actor.api("test"));
            UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
            String json = viewer.get("/ui/api/dags/" + DAG + "/ti?run=" + q(run.runId()) + "&task=extract").body();
            assertThat(json).contains("The DAG is paused").contains("The run is queued");
            ops.operations().deleteRun(DAG, run.runId(), Actor.api("test"));
        } finally {
            ops.operations().pause(DAG, false, Actor.api("test"));
        }
    }

    @Test
    void the_calendar_marks_the_exchange_holidays_and_early_closes() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        String body = viewer.get("/ui/dags/ui_sessions/calendar?year=2025").body();
        assertThat(body).contains("2025-07-04 Fri · holiday: ").contains("2025-07-03 Thu · early close")
                .contains("class=\"day empty holiday\"");
    }

    @Test
    void an_admin_sees_users_and_masked_connections() {
        UiSession admin = UiSession.loggedIn(port, "admin", ADMIN_PASSWORD);
        assertThat(admin.get("/ui/users").body()).contains(">viewer<").contains(">Op<");
        assertThat(admin.get("/ui/connections").status()).isEqualTo(200);
    }

    private void awaitRun(String runId, DagRunState state) {
        Await.until(Duration.ofSeconds(30), () -> runs.get(DAG, runId).orElseThrow().state(), s -> s == state,
                "run " + runId + " to be " + state);
    }
}
