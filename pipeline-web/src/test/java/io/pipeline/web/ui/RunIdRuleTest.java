package io.pipeline.web.ui;

import io.pipeline.dags.uitest.UiFlakyDag;
import io.pipeline.engine.RunIds;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.CliInProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.util.HtmlUtils;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API, the dashboard and the CLI refuse the same run ids with the same message: the run service's rule. */
class RunIdRuleTest extends ApiTestBase {

    private static final String DAG = UiFlakyDag.DAG_ID;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @ParameterizedTest
    @ValueSource(strings = {"has spaces", "slash/in/it", "quote'd", "new\nline"})
    void api_dashboard_and_cli_refuse_an_id_the_api_refuses(String runId) {
        String message = RunIds.problem(runId);
        assertThat(message).isNotNull();

        ApiClient.Response api = as(Role.USER).post("/api/v1/dags/" + DAG + "/dagRuns",
                "{\"dag_run_id\": " + tools.jackson.databind.json.JsonMapper.builder().build()
                        .writeValueAsString(runId) + "}");
        assertProblem(api, 400, message);
        assertThat(api.json().path("detail").asString()).isEqualTo(message);

        UiSession ui = UiSession.loggedIn(port, "user", password(Role.USER));
        UiSession.Page form = ui.get("/ui/dags/" + DAG + "/trigger");
        UiSession.Page refused = ui.post("/ui/dags/" + DAG + "/trigger", Map.of("run_id", runId), form);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains(HtmlUtils.htmlEscape(message, "UTF-8"));

        try (CliInProcess cli = new CliInProcess(databaseUrl)) {
            CliInProcess.Result r = cli.run("dags", "trigger", DAG, "--run-id", runId);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains(message);
        }
        assertThat(as(Role.VIEWER).get("/api/v1/dags/" + DAG + "/dagRuns?limit=100").body()).doesNotContain(
                "\"dag_run_id\":\"" + runId.replace("\n", "\\n") + "\"");
    }
}
