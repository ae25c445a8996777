package io.pipeline.alert.notify;

import io.pipeline.alert.FakeHttpServer;
import io.pipeline.alert.FakeHttpServer.Request;
import io.pipeline.alert.FakeHttpServer.Response;
import io.pipeline.alert.notify.DeliveryResult.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A Slack incoming webhook, which answers "ok" or an HTTP error with a word. */
class SlackWebhookNotifierTest extends NotifierContract {

    @Override
    protected Notifier createNotifier(FakeHttpServer server, Duration timeout) {
        return new SlackWebhookNotifier(SlackSettings.withWebhook(server.url("/services/T000/B000/XXXX"))
                .timeout(timeout), Clock.systemUTC());
    }

    @Override
    protected Notifier createUnreachableNotifier(String baseUrl) {
        return new SlackWebhookNotifier(SlackSettings.withWebhook(baseUrl + "/services/T000/B000/XXXX"),
                Clock.systemUTC());
    }

    @Override
    protected Response success() {
        return Response.text(200, "ok");
    }

    @Override
    protected Response permanentFailure() {
        return Response.text(404, "channel_not_found");
    }

    @Override
    protected String summaryIn(Request request) {
        String body = request.body();
        int start = body.indexOf("\"text\":\"") + 8;
        return body.substring(start, body.indexOf('"', start));
    }

    @Test
    void an_invalid_token_answer_is_permanent_and_names_the_error() {
        server.enqueue(Response.text(403, "invalid_token"));
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(r.error()).isEqualTo("HTTP 403: invalid_token");
    }

    @Test
    void an_unreachable_webhook_does_not_reveal_its_url() throws Exception {
        DeliveryResult r = unreachableNotifier("http://127.0.0.1:1").deliver(alert());
        assertThat(r.error()).doesNotContain("XXXX");
    }
}
