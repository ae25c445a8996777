package io.pipeline.web.calendar;

import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET|POST /calendars/{code}/overrides}, {@code DELETE /calendars/{code}/overrides/{date}}. */
class CalendarOverrideApiTest extends ApiTestBase {

    @Autowired
    DataSource dataSource;
    @Autowired
    CalendarOverrideService service;
    @Autowired
    CalendarRegistry calendars;

    @AfterEach
    void removeOverrides() {
        JdbcClient.create(dataSource).sql("DELETE FROM calendar_override").update();
        service.reloadAll();
    }

    @Test
    void an_op_closes_a_date_everyone_sees_it_and_the_sessions_and_event_log_show_it() {
        ApiClient.Response r = as(Role.OP).post("/api/v1/calendars/xnys/overrides", """
                {"date": "2029-03-14", "kind": "closed", "reason": "National day of mourning"}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("calendar").asString()).isEqualTo("XNYS");
        assertThat(r.json().path("kind").asString()).isEqualTo("closed");
        assertThat(r.json().path("updated_by").asString()).isEqualTo("op");

        JsonNode list = as(Role.VIEWER).get("/api/v1/calendars/XNYS/overrides").json();
        assertThat(list.path("total_entries").asInt()).isEqualTo(1);
        assertThat(list.path("overrides").get(0).path("date").asString()).isEqualTo("2029-03-14");
        assertThat(list.path("overrides").get(0).path("reason").asString()).isEqualTo("National day of mourning");

        JsonNode sessions = as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2029-03-13&end=2029-03-15")
                .json();
        assertThat(sessions.path("sessions")).extracting(s -> s.path("date").asString())
                .containsExactly("2029-03-13", "2029-03-15");

        JsonNode events = as(Role.ADMIN).get("/api/v1/eventLogs?event=calendar_override_set&limit=1000").json();
        assertThat(events.path("event_logs")).filteredOn(e -> e.path("extra").asString()
                .contains("National day of mourning")).singleElement().satisfies(e -> {
            assertThat(e.path("owner").asString()).isEqualTo("op");
            assertThat(e.path("extra").asString()).contains("National day of mourning").contains("2029-03-14");
        });

        assertThat(as(Role.OP).delete("/api/v1/calendars/XNYS/overrides/2029-03-14?reason=rescinded").status())
                .isEqualTo(204);
        assertThat(calendars.get("XNYS").isSession(LocalDate.parse("2029-03-14"))).isTrue();
        assertThat(as(Role.VIEWER).get("/api/v1/calendars/XNYS/overrides").json().path("total_entries").asInt())
                .isZero();
        assertThat(as(Role.ADMIN).get("/api/v1/eventLogs?event=calendar_override_remove&limit=1000").json()
                .path("event_logs")).anySatisfy(e -> assertThat(e.path("extra").asString()).contains("2029-03-14")
                .contains("rescinded"));
    }

    @Test
    void special_hours_with_a_break_show_in_the_sessions() {
        ApiClient.Response r = as(Role.OP).post("/api/v1/calendars/XHKG/overrides", """
                {"date": "2029-03-14", "kind": "hours", "open": "10:00", "close": "15:00",
                 "break_start": "12:00", "break_end": "13:00", "reason": "typhoon signal lowered"}""");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode s = as(Role.VIEWER).get("/api/v1/calendars/XHKG/sessions?start=2029-03-14&end=2029-03-14")
                .json().path("sessions").get(0);
        assertThat(s.path("open").asString()).isEqualTo("2029-03-14T02:00:00Z");
        assertThat(s.path("break_start").asString()).isEqualTo("2029-03-14T04:00:00Z");
        assertThat(s.path("break_end").asString()).isEqualTo("2029-03-14T05:00:00Z");
        assertThat(s.path("close").asString()).isEqualTo("2029-03-14T07:00:00Z");
    }

    @Test
    void bad_overrides_are_400_with_the_reason() {
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2060-01-05", "kind": "closed", "reason": "x"}"""), 400, "outside", "XNYS");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "hours", "open": "13:00", "close": "10:00", "reason": "x"}"""),
                400, "close 10:00 is not after open 13:00");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "hours", "open": "09:30", "close": "12:00",
                 "break_start": "11:30", "break_end": "12:30", "reason": "x"}"""), 400, "outside the session");
        assertProblem(as(Role.OP).post("/api/v1/calendars/NOPE/overrides", """
                {"date": "2029-03-14", "kind": "closed", "reason": "x"}"""), 400, "NOPE", "XNYS");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "closed"}"""), 400, "reason");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "shut", "reason": "x"}"""), 400, "kind");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "hours", "open": "9.30", "close": "12:00", "reason": "x"}"""),
                400, "open", "HH:mm");
        assertProblem(as(Role.OP).post("/api/v1/calendars/XNYS/overrides", """
                {"date": "2029-03-14", "kind": "closed", "reason": "x", "colour": "red"}"""), 400, "colour");
        assertProblem(as(Role.OP).delete("/api/v1/calendars/XNYS/overrides/2029-03-14"), 404, "no override");

        assertThat(as(Role.VIEWER).get("/api/v1/calendars/XNYS/overrides").json().path("total_entries").asInt())
                .isZero();
    }

    @Test
    void only_an_op_changes_overrides() {
        String body = """
                {"date": "2029-03-14", "kind": "closed", "reason": "x"}""";
        assertThat(as(Role.USER).post("/api/v1/calendars/XNYS/overrides", body).status()).isEqualTo(403);
        assertThat(as(Role.VIEWER).delete("/api/v1/calendars/XNYS/overrides/2029-03-14").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/v1/calendars/XNYS/overrides").status()).isEqualTo(401);
    }
}
