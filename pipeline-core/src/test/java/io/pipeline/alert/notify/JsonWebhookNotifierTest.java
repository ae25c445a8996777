package io.pipeline.alert.notify;

import io.pipeline.alert.AlertJson;
import io.pipeline.alert.FakeHttpServer;
import io.pipeline.alert.FakeHttpServer.Request;
import io.pipeline.alert.FakeHttpServer.Response;
import io.pipeline.alert.notify.DeliveryResult.Outcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic JSON webhook, for chat tools other than Slack. */
class JsonWebhookNotifierTest extends NotifierContract {

    @Override
    protected Notifier createNotifier(FakeHttpServer server, Duration timeout) {
        return new JsonWebhookNotifier(server.url("/hooks/pipeline"), timeout, Clock.systemUTC());
    }

    @Override
    protected Notifier createUnreachableNotifier(String baseUrl) {
        return new JsonWebhookNotifier(baseUrl + "/hooks/pipeline", Duration.ofSeconds(2), Clock.systemUTC());
    }

    @Override
    protected Response success() {
        return Response.json(202, "{}");
    }

    @Override
    protected Response permanentFailure() {
        return Response.json(401, "{\"error\":\"bad credentials\"}");
    }

    @Override
    protected String summaryIn(Request request) {
        return AlertJson.mapper().readTree(request.body()).get("alert").get("summary").asString();
    }

    @Test
    void posts_snake_case_json_with_an_idempotency_key() {
        server.enqueue(success());
        notifier(server, Duration.ofSeconds(5)).deliver(alert());
        Request r = server.requests().get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Idempotency-Key")).isEqualTo("pipeline-alert-42");
        JsonNode body = AlertJson.mapper().readTree(r.body());
        assertThat(body.get("alert_id").asLong()).isEqualTo(42);
        assertThat(body.get("channel").asString()).isEqualTo("#data-alerts");
        JsonNode alert = body.get("alert");
        assertThat(alert.get("event").asString()).isEqualTo("failure");
        assertThat(alert.get("dag_id").asString()).isEqualTo("nightly_dataload");
        assertThat(alert.get("try_number").asInt()).isEqualTo(2);
        assertThat(alert.get("at").asString()).isEqualTo("2018-05-14T06:30:00Z");
    }

    @Test
    void a_missing_url_is_a_configuration_problem() {
        assertThat(new JsonWebhookNotifier(null, Duration.ofSeconds(1), Clock.systemUTC()).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("pipeline.alerts.webhook.url"));
        assertThat(new JsonWebhookNotifier("not a url", Duration.ofSeconds(1), Clock.systemUTC())
                .configurationProblem()).isPresent();
    }
}
