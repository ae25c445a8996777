package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 6's bad-input rule: a missing Slack configuration shows as a banner on the dashboard's DAG list. */
class AlertBannerTest extends ApiTestBase {

    @Test
    void the_dag_list_warns_that_slack_alerts_are_not_configured_and_wait_in_the_outbox() {
        UiSession.Page dags = UiSession.loggedIn(port, "viewer", password(Role.VIEWER)).get("/ui/dags");

        assertThat(dags.status()).isEqualTo(200);
        assertThat(dags.body()).contains("class=\"banner warn\"")
                .contains("Slack alerts are not configured")
                .contains("alerts wait in the outbox");
    }
}
