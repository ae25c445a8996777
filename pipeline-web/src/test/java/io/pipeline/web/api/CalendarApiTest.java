package io.pipeline.web.api;

import io.pipeline.calendar.Calendars;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.ReferenceCsv;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarApiTest extends ApiTestBase {

    @Test
    void lists_every_calendar_with_its_zone_name_and_bounds() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/calendars");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("total_entries").asInt()).isEqualTo(Calendars.codes().size());
        List<String> codes = new ArrayList<>();
        body.path("calendars").forEach(c -> codes.add(c.path("code").asString()));
        assertThat(codes).containsExactlyElementsOf(Calendars.codes());
        JsonNode xnys = find(body.path("calendars"), "XNYS");
        assertThat(xnys.path("zone").asString()).isEqualTo("America/New_York");
        assertThat(xnys.path("name").asString()).isEqualTo("New York Stock Exchange");
        assertThat(xnys.path("first_session").asString()).isEqualTo("1990-01-02");
        assertThat(xnys.path("last_session").asString()).isEqualTo(Calendars.get("XNYS").lastSession().toString());
    }

    @Test
    void one_calendar_says_its_bounds_and_from_when_its_days_are_computed() {
        JsonNode xhkg = as(Role.VIEWER).get("/api/v1/calendars/xhkg").json();
        assertThat(xhkg.path("code").asString()).isEqualTo("XHKG");
        assertThat(xhkg.path("last_session").asString()).isEqualTo("2036-12-31");
        assertThat(xhkg.path("computed_from").asString()).isEqualTo("2031-01-01");
        assertThat(as(Role.VIEWER).get("/api/v1/calendars/XTKS").json().path("computed_from").asString())
                .isEqualTo("2028-01-01");
        assertThat(as(Role.VIEWER).get("/api/v1/calendars/XNYS").json().path("computed_from").isNull()).isTrue();
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/NOPE"), 404, "NOPE", "XNYS");
    }

    @Test
    void pages_and_orders_the_calendar_list() {
        JsonNode body = as(Role.VIEWER).get("/api/v1/calendars?order_by=-code&limit=2&offset=1").json();

        List<String> all = new ArrayList<>(Calendars.codes());
        all.sort(java.util.Comparator.reverseOrder());
        assertThat(body.path("calendars")).hasSize(2);
        assertThat(body.path("calendars").get(0).path("code").asString()).isEqualTo(all.get(1));
        assertThat(body.path("total_entries").asInt()).isEqualTo(all.size());
    }

    @Test
    void sessions_match_the_reference_rows_over_a_year_end_with_an_early_close() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/calendars/XLON/sessions?start=2019-12-16&end=2020-01-10");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> expected = ReferenceCsv.range("xlon.csv", "2019-12-16", "2020-01-10").lines().skip(1).toList();
        List<String> actual = new ArrayList<>();
        r.json().path("sessions").forEach(s -> actual.add(s.path("date").asString() + "T00:00:00Z,"
                + s.path("open").asString() + "," + s.path("close").asString() + ","
                + (s.path("break_start").isNull() ? "" : s.path("break_start").asString()) + ","
                + (s.path("break_end").isNull() ? "" : s.path("break_end").asString())));
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(r.json().path("total_entries").asInt()).isEqualTo(expected.size());
        assertThat(r.json().path("zone").asString()).isEqualTo("Europe/London");
    }

    @Test
    void an_unknown_calendar_is_404_listing_the_valid_codes() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XXXX/sessions?start=2020-01-01&end=2020-01-31"),
                404, "XXXX", "XNYS", "XLON");
    }

    @Test
    void a_malformed_date_is_400_naming_the_parameter() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2020-13-01&end=2020-12-31"),
                400, "'start'", "2020-13-01");
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2020-01-01&end=soon"),
                400, "'end'", "soon");
    }

    @Test
    void a_missing_date_is_400_naming_the_parameter() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2020-01-01"), 400, "end");
    }

    @Test
    void a_reversed_range_is_400_naming_both_parameters() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2020-02-01&end=2020-01-01"),
                400, "start 2020-02-01 is after end 2020-01-01");
    }

    @Test
    void a_range_outside_the_calendar_is_400_naming_its_bounds() {
        String last = Calendars.get("XNYS").lastSession().toString();
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=1980-01-01&end=1990-12-31"),
                400, "start 1980-01-01", "1990-01-02 to " + last);
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars/XNYS/sessions?start=2020-01-01&end=2099-01-01"),
                400, "end 2099-01-01", "1990-01-02 to " + last);
    }

    private static JsonNode find(JsonNode calendars, String code) {
        for (JsonNode c : calendars) {
            if (code.equals(c.path("code").asString())) {
                return c;
            }
        }
        throw new AssertionError("no calendar " + code + " in " + calendars);
    }
}
