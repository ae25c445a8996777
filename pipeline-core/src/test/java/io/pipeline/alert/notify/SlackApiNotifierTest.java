package io.pipeline.alert.notify;

import io.pipeline.alert.AlertFixtures;
import io.pipeline.alert.FakeHttpServer;
import io.pipeline.alert.FakeHttpServer.Request;
import io.pipeline.alert.FakeHttpServer.Response;
import io.pipeline.alert.OutboxRow;
import io.pipeline.alert.SlackResponses;
import io.pipeline.alert.notify.DeliveryResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** chat.postMessage with a bot token, against a Slack-compatible server over HTTP. */
class SlackApiNotifierTest extends NotifierContract {

    private static final String TOKEN = "xoxb-1234-5678-abcdef";

    @Override
    protected Notifier createNotifier(FakeHttpServer server, Duration timeout) {
        return new SlackApiNotifier(new SlackSettings(TOKEN, "#default", server.url("/api/"), null, timeout),
                Clock.systemUTC());
    }

    @Override
    protected Notifier createUnreachableNotifier(String baseUrl) {
        return new SlackApiNotifier(SlackSettings.withToken(TOKEN, "#default", baseUrl + "/api/"), Clock.systemUTC());
    }

    @Override
    protected Response success() {
        return SlackResponses.ok();
    }

    @Override
    protected Response permanentFailure() {
        return SlackResponses.error("invalid_auth");
    }

    @Override
    protected String summaryIn(Request request) {
        return request.form().get("text");
    }

    @Override
    protected String readable(Request request) {
        return URLDecoder.decode(request.body(), StandardCharsets.UTF_8);
    }

    @Test
    void posts_to_chat_post_message_under_the_configured_prefix_with_the_bot_token() {
        server.enqueue(SlackResponses.ok());
        notifier(server, Duration.ofSeconds(5)).deliver(alert());
        Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/chat.postMessage");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.form()).containsEntry("channel", "#data-alerts");
    }

    @Test
    void an_api_url_without_a_trailing_slash_still_reaches_the_method() {
        server.enqueue(SlackResponses.ok());
        Notifier n = new SlackApiNotifier(SlackSettings.withToken(TOKEN, "#default", server.url("/api")),
                Clock.systemUTC());
        assertThat(n.deliver(alert()).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.requests().get(0).path()).isEqualTo("/api/chat.postMessage");
    }

    @Test
    void an_alert_without_a_channel_goes_to_the_default_channel() {
        server.enqueue(SlackResponses.ok());
        notifier(server, Duration.ofSeconds(5)).deliver(AlertFixtures.row(7, null, AT));
        assertThat(server.requests().get(0).form()).containsEntry("channel", "#default");
    }

    @Test
    void without_any_channel_the_alert_is_not_attempted() {
        Notifier n = new SlackApiNotifier(SlackSettings.withToken(TOKEN, null, server.url("/api/")),
                Clock.systemUTC());
        DeliveryResult r = n.deliver(AlertFixtures.row(7, null, AT));
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_CONFIGURED);
        assertThat(r.error()).contains("pipeline.alerts.slack.channel");
        assertThat(server.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "channel_not_found", "not_in_channel", "account_inactive",
            "token_revoked", "is_archived"})
    void configuration_errors_are_permanent(String error) {
        server.enqueue(SlackResponses.error(error));
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(r.error()).isEqualTo(error);
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
    void slack_side_errors_are_retryable(String error) {
        server.enqueue(SlackResponses.error(error));
        assertThat(notifier(server, Duration.ofSeconds(5)).deliver(alert()).outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void blocks_carry_the_details_and_the_error() {
        server.enqueue(SlackResponses.ok());
        OutboxRow alert = alert();
        notifier(server, Duration.ofSeconds(5)).deliver(alert);
        String blocks = server.requests().get(0).form().get("blocks");
        assertThat(blocks)
                .contains("*DAG*\\nnightly_dataload")
                .contains("*Task*\\ntask_1")
                .contains("*Try*\\n2 of 2")
                .contains("*Duration*\\n1s")
                .contains("```boom```")
                .contains("\"url\":\"https://pipeline.example.com/dags/nightly_dataload/runs/")
                .contains("/logs/2\"");
        assertThat(server.requests().get(0).form().get("metadata")).contains("\"alert_id\":42");
    }
}
