package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default (simulated) market-data provider every dashboard page says so in a banner. */
class SimulatedDataBannerTest extends ApiTestBase {

    @Test
    void every_dashboard_page_shows_the_simulated_data_banner() {
        UiSession session = UiSession.loggedIn(port, "admin", password(Role.ADMIN));
        for (String path : List.of("/ui/dags", "/ui/audit", "/ui/nodes", "/ui/connections", "/ui/users",
                "/ui/dags/daily_bars/grid", "/ui/account/password")) {
            UiSession.Page page = session.get(path);

            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("id=\"simulated-data\"")
                    .contains("PIPELINE_MARKET_DATA_PROVIDER");
        }
    }

    @Test
    void an_unknown_page_shows_it_too() {
        UiSession.Page page = UiSession.loggedIn(port, "viewer", password(Role.VIEWER)).get("/ui/dags/no_such_dag/grid");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("id=\"simulated-data\"");
    }
}
