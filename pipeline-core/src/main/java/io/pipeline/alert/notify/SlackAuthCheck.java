package io.pipeline.alert.notify;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;

import java.io.IOException;

/** Slack's {@code auth.test} with our settings (endpoint, timeouts): whether the token is accepted, and as whom. */
public final class SlackAuthCheck {

    /** @param error Slack's error code ({@code invalid_auth}...) or the transport failure; null when ok */
    public record Result(boolean ok, String team, String user, String error) {
    }

    private SlackAuthCheck() {
    }

    public static Result authTest(SlackSettings settings) {
        try {
            AuthTestResponse r = SlackClients.create(settings).methods(settings.token()).authTest(req -> req);
            return r.isOk() ? new Result(true, r.getTeam(), r.getUser(), null)
                    : new Result(false, null, null, r.getError());
        } catch (IOException | SlackApiException e) {
            return new Result(false, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
