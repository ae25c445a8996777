package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Datasets page and a dataset's partition map over HTTP, on rows other nodes would have written. */
class DatasetPagesTest extends ApiTestBase {

    @Autowired
    DataSource dataSource;
    DatasetFixture fixture;

    @BeforeEach
    void dataset() {
        fixture = new DatasetFixture(dataSource);
    }

    @AfterEach
    void remove() {
        fixture.remove();
    }

    @Test
    void the_datasets_page_shows_producers_dataset_consumers_partitioning_and_last_event() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        assertThat(viewer.get("/ui/dags").body()).contains("<a href=\"/ui/datasets\">Datasets</a>");

        UiSession.Page page = viewer.get("/ui/datasets");

        assertThat(page.status()).isEqualTo(200);
        String row = between(page.body(), "data-uri=\"" + DatasetFixture.URI + "\"", "</tr>");
        assertThat(row).contains(">" + DatasetFixture.PRODUCER + ".load</a>",
                        ">" + DatasetFixture.CONSUMER + " (schedule, same_session)</a>",
                        "href=\"/ui/datasets/" + fixture.datasetId + "\"", "sessions:XNYS",
                        "2019-03-06 22:30:00 UTC")
                .containsSubsequence(DatasetFixture.PRODUCER + ".load", "&rarr;", DatasetFixture.URI, "&rarr;",
                        DatasetFixture.CONSUMER);
        // the shipped datasets are listed too
        assertThat(page.body()).contains("data-uri=\"postgres://marketdata/public/bars_1d\"", ">daily_bars.load_bars_1d<");
    }

    @Test
    void the_partition_map_shows_present_late_failed_missing_holiday_and_closed_days_with_links_to_the_runs() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        UiSession.Page page = viewer.get("/ui/datasets/" + fixture.datasetId + "?from=2019&to=2019");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        String body = page.body();
        assertThat(cell(body, "2019-03-04")).isEqualTo("present");
        assertThat(body).contains("<a href=\"/ui/dags/" + DatasetFixture.PRODUCER + "/graph?run="
                + DatasetFixture.OK_RUN + "\"><rect class=\"pm present\"");
        assertThat(cell(body, "2019-03-05")).isEqualTo("failed");
        assertThat(body).contains("<a href=\"/ui/dags/" + DatasetFixture.PRODUCER + "/graph?run="
                + DatasetFixture.FAILED_RUN + "\"><rect class=\"pm failed\"");
        assertThat(cell(body, "2019-03-06")).isEqualTo("present"); // external: no run to link
        assertThat(body).contains("2019-03-06 Wed · present · 1 event, latest 2019-03-06 22:30:00 UTC reported externally");
        assertThat(cell(body, "2019-03-07")).isEqualTo("missing");
        assertThat(cell(body, "2019-03-08")).isEqualTo("late");
        assertThat(body).contains("2019-03-08 Fri · late · no event by its deadline 2019-03-08 16:45 EST "
                + "(45 min after the XNYS close)");
        assertThat(cell(body, "2019-03-01")).isEqualTo("present");
        assertThat(body).contains("2019-03-01 Fri · present · 1 event, latest 2019-03-01 23:00:00 UTC reported "
                + "externally; arrived after its deadline 2019-03-01 16:45 EST (45 min after the XNYS close)");
        assertThat(cell(body, "2019-01-21")).isEqualTo("holiday");
        assertThat(body).contains("2019-01-21 Mon · holiday · Martin Luther King");
        assertThat(cell(body, "2019-03-09")).isEqualTo("closed");
        int sessions = io.pipeline.calendar.Calendars.get("XNYS")
                .sessionsInRange(java.time.LocalDate.of(2019, 1, 1), java.time.LocalDate.of(2019, 12, 31)).size();
        assertThat(body).contains("id=\"pm-present-count\">3</b>", "id=\"pm-failed-count\">1</b>",
                "id=\"pm-late-count\">1</b>", "id=\"pm-missing-count\">" + (sessions - 5) + "</b>");
        assertThat(body).contains("?from=2018&amp;to=2018", "?from=2020&amp;to=2020", "sessions of XNYS, 2019-01-01 to 2019-12-31");
    }

    @Test
    void a_day_partitioned_dataset_shows_a_day_past_its_local_deadline_as_late_weekends_included() {
        org.springframework.jdbc.core.simple.JdbcClient jdbc =
                org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        String uri = "test://partition-map/vendor-days";
        jdbc.sql("DELETE FROM dataset WHERE uri = :uri").param("uri", uri).update();
        long id = jdbc.sql("""
                INSERT INTO dataset (uri, partitioning, created_at, updated_at)
                VALUES (:uri, 'days:America/New_York', now(), now()) RETURNING id""").param("uri", uri)
                .query(Long.class).single();
        try {
            jdbc.sql("""
                    INSERT INTO dataset_event (dataset_id, partition_key, created_at)
                    VALUES (:id, '2019-03-08', CAST('2019-03-08T22:00:00Z' AS timestamptz))""").param("id", id).update();
            jdbc.sql("""
                    INSERT INTO dataset_freshness_miss (dataset_id, partition_key, due_at, due_zone, deadline,
                        detected_at) VALUES (:id, '2019-03-09', CAST('2019-03-09T23:00:00Z' AS timestamptz),
                        'America/New_York', '18:00 America/New_York on the day',
                        CAST('2019-03-09T23:00:00Z' AS timestamptz))""").param("id", id).update();
            UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

            String body = viewer.get("/ui/datasets/" + id + "?from=2019&to=2019").body();

            assertThat(cell(body, "2019-03-08")).isEqualTo("present");
            assertThat(cell(body, "2019-03-09")).isEqualTo("late");
            assertThat(body).contains("2019-03-09 Sat · late · no event by its deadline 2019-03-09 18:00 EST "
                    + "(18:00 America/New_York on the day)");
            assertThat(cell(body, "2019-03-10")).isEqualTo("missing");
            assertThat(body).contains("id=\"pm-late-count\">1</b>", "days in America/New_York");
        } finally {
            jdbc.sql("DELETE FROM dataset WHERE uri = :uri").param("uri", uri).update();
        }
    }

    @Test
    void the_default_range_is_the_last_twelve_months_and_ten_years_draw_one_strip_a_year() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        String recent = viewer.get("/ui/datasets/" + fixture.datasetId).body();
        assertThat(recent).contains(" to ").doesNotContain("data-key=\"2019-03-04\"");
        assertThat(Pattern.compile("<svg [^>]*class=\"partition-map\"").matcher(recent).results().count())
                .isBetween(1L, 2L);

        UiSession.Page decade = viewer.get("/ui/datasets/" + fixture.datasetId + "?from=2010&to=2019");
        assertThat(decade.status()).isEqualTo(200);
        assertThat(Pattern.compile("class=\"partition-map\"").matcher(decade.body()).results().count())
                .isEqualTo(10);
        assertThat(cell(decade.body(), "2019-03-05")).isEqualTo("failed");

        assertThat(viewer.get("/ui/datasets/" + fixture.datasetId + "?from=2000&to=2030").status()).isEqualTo(400);
        assertThat(viewer.get("/ui/datasets/987654321").status()).isEqualTo(404);
    }

    @Test
    void a_run_shows_its_partition_key_on_its_page_and_in_the_grid() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        UiSession.Page run = viewer.get("/ui/dags/" + DatasetFixture.PRODUCER + "/graph?run=" + DatasetFixture.OK_RUN);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("<b id=\"run-partition-key\">2019-03-04</b>",
                DatasetFixture.FAILED_RUN + " [2019-03-05] · failed");

        String grid = viewer.get("/ui/api/dags/" + DatasetFixture.PRODUCER + "/grid").body();
        assertThat(grid).contains("\"id\":\"" + DatasetFixture.OK_RUN + "\"", "\"key\":\"2019-03-04\"",
                "\"key\":\"2019-03-05\"");
    }

    private static String cell(String body, String key) {
        Matcher m = Pattern.compile("<rect class=\"pm (\\w+)\"[^>]*data-key=\"" + key + "\"").matcher(body);
        assertThat(m.find()).as("cell " + key).isTrue();
        return m.group(1);
    }

    private static String between(String body, String start, String end) {
        int a = body.indexOf(start);
        assertThat(a).as(start).isGreaterThanOrEqualTo(0);
        int b = body.indexOf(end, a);
        return body.substring(a, b < 0 ? body.length() : b);
    }
}
