package io.pipeline.web.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code calendar list} and {@code calendar sessions} for the calendars of issue 18, in the CSV contract. */
class MoreCalendarsCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void list_names_the_new_calendars_with_their_zones() {
        assertThat(run("calendar", "list")).isZero();

        assertThat(out.toString().lines()).contains(
                "XPAR\tEurope/Paris\tEuronext Paris",
                "XSWX\tEurope/Zurich\tSIX Swiss Exchange",
                "XKRX\tAsia/Seoul\tKorea Exchange",
                "BVMF\tAmerica/Sao_Paulo\tB3 (Brasil Bolsa Balcao)",
                "XBOM\tAsia/Kolkata\tBSE (Bombay Stock Exchange)",
                "XSES\tAsia/Singapore\tSingapore Exchange",
                "XTAI\tAsia/Taipei\tTaiwan Stock Exchange");
    }

    @Test
    void paris_sessions_over_christmas_2019_with_the_14_05_half_days() {
        assertThat(run("calendar", "sessions", "--calendar", "XPAR", "--from", "2019-12-23", "--to", "2019-12-31"))
                .as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("""
                ,open,close,break_start,break_end
                2019-12-23T00:00:00Z,2019-12-23T08:00:00Z,2019-12-23T16:30:00Z,,
                2019-12-24T00:00:00Z,2019-12-24T08:00:00Z,2019-12-24T13:05:00Z,,
                2019-12-27T00:00:00Z,2019-12-27T08:00:00Z,2019-12-27T16:30:00Z,,
                2019-12-30T00:00:00Z,2019-12-30T08:00:00Z,2019-12-30T16:30:00Z,,
                2019-12-31T00:00:00Z,2019-12-31T08:00:00Z,2019-12-31T13:05:00Z,,
                """);
    }

    @Test
    void singapore_sessions_over_christmas_2024_with_the_midday_break_and_the_noon_half_day() {
        assertThat(run("calendar", "sessions", "--calendar", "XSES", "--from", "2024-12-23", "--to", "2024-12-27"))
                .as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("""
                ,open,close,break_start,break_end
                2024-12-23T00:00:00Z,2024-12-23T01:00:00Z,2024-12-23T09:00:00Z,2024-12-23T04:00:00Z,2024-12-23T05:00:00Z
                2024-12-24T00:00:00Z,2024-12-24T01:00:00Z,2024-12-24T04:00:00Z,,
                2024-12-26T00:00:00Z,2024-12-26T01:00:00Z,2024-12-26T09:00:00Z,2024-12-26T04:00:00Z,2024-12-26T05:00:00Z
                2024-12-27T00:00:00Z,2024-12-27T01:00:00Z,2024-12-27T09:00:00Z,2024-12-27T04:00:00Z,2024-12-27T05:00:00Z
                """);
    }
}
