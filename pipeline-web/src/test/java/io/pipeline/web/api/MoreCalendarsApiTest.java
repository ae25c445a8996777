package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendars of issue 18 as the REST API serves them. */
class MoreCalendarsApiTest extends ApiTestBase {

    @Test
    void the_calendar_list_carries_the_new_exchanges_with_zones_and_bounds() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/calendars?limit=100");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        r.json().path("calendars").forEach(c -> codes.add(c.path("code").asString()));
        assertThat(codes).contains("BVMF", "XAMS", "XBOM", "XJSE", "XKRX", "XMAD", "XMEX", "XMIL", "XNZE", "XPAR",
                "XSES", "XSHG", "XSTO", "XSWX", "XTAI");
        JsonNode xkrx = find(r.json().path("calendars"), "XKRX");
        assertThat(xkrx.path("zone").asString()).isEqualTo("Asia/Seoul");
        assertThat(xkrx.path("last_session").asString()).isEqualTo("2036-12-30");
        JsonNode xtai = find(r.json().path("calendars"), "XTAI");
        assertThat(xtai.path("zone").asString()).isEqualTo("Asia/Taipei");
        assertThat(xtai.path("last_session").asString()).isEqualTo("2036-12-31");
    }

    @Test
    void bse_serves_diwali_laxmi_pujan_2024_as_the_one_hour_muhurat_session() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/calendars/XBOM/sessions?start=2024-10-31&end=2024-11-04");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode sessions = r.json().path("sessions");
        assertThat(sessions).hasSize(3);
        assertThat(sessions.get(0).path("open").asString()).isEqualTo("2024-10-31T03:45:00Z");
        assertThat(sessions.get(0).path("close").asString()).isEqualTo("2024-10-31T10:00:00Z");
        assertThat(sessions.get(1).path("date").asString()).isEqualTo("2024-11-01");
        assertThat(sessions.get(1).path("open").asString()).isEqualTo("2024-11-01T12:30:00Z");
        assertThat(sessions.get(1).path("close").asString()).isEqualTo("2024-11-01T13:30:00Z");
        assertThat(sessions.get(2).path("date").asString()).isEqualTo("2024-11-04");
    }

    @Test
    void new_zealand_sessions_move_in_utc_when_auckland_leaves_daylight_saving() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/calendars/XNZE/sessions?start=2024-04-05&end=2024-04-08");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode sessions = r.json().path("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).path("date").asString()).isEqualTo("2024-04-05");
        assertThat(sessions.get(0).path("open").asString()).isEqualTo("2024-04-04T21:00:00Z");
        assertThat(sessions.get(1).path("date").asString()).isEqualTo("2024-04-08");
        assertThat(sessions.get(1).path("open").asString()).isEqualTo("2024-04-07T22:00:00Z");
        assertThat(r.json().path("zone").asString()).isEqualTo("Pacific/Auckland");
    }

    private static JsonNode find(JsonNode calendars, String code) {
        for (JsonNode c : calendars) {
            if (c.path("code").asString().equals(code)) {
                return c;
            }
        }
        throw new AssertionError(code + " not in " + calendars);
    }
}
