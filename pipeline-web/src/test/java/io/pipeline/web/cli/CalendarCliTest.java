package io.pipeline.web.cli;

import io.pipeline.calendar.Calendars;
import io.pipeline.web.testing.ReferenceCsv;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void list_prints_code_zone_and_name_separated_by_tabs_one_line_per_calendar() {
        assertThat(run("calendar", "list")).isZero();

        assertThat(out.toString().lines()).hasSize(Calendars.codes().size())
                .contains("XNYS\tAmerica/New_York\tNew York Stock Exchange")
                .allSatisfy(line -> assertThat(line.split("\t")).hasSize(3));
    }

    @Test
    void sessions_print_exactly_the_reference_rows_for_the_range() {
        assertThat(run("calendar", "sessions", "--calendar", "XNYS", "--from", "2012-10-22", "--to", "2013-01-04"))
                .as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo(ReferenceCsv.range("xnys.csv", "2012-10-22", "2013-01-04"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void the_calendar_code_is_case_insensitive() {
        assertThat(run("calendar", "sessions", "--calendar", "xlon", "--from", "2020-01-02", "--to", "2020-01-02"))
                .isZero();
        assertThat(out.toString()).isEqualTo(ReferenceCsv.range("xlon.csv", "2020-01-02", "2020-01-02"));
    }

    @Test
    void an_unknown_calendar_exits_2_listing_the_valid_codes() {
        assertThat(run("calendar", "sessions", "--calendar", "XXXX", "--from", "2020-01-01", "--to", "2020-02-01"))
                .isEqualTo(2);

        assertThat(err.toString()).contains("XXXX").contains("XNYS").contains("XLON");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_malformed_date_exits_2_naming_the_option() {
        assertThat(run("calendar", "sessions", "--calendar", "XNYS", "--from", "2020-02-30", "--to", "2020-03-01"))
                .isEqualTo(2);

        assertThat(err.toString()).contains("--from").contains("2020-02-30").contains("YYYY-MM-DD");
    }

    @Test
    void a_reversed_range_exits_2_naming_both_options() {
        assertThat(run("calendar", "sessions", "--calendar", "XNYS", "--from", "2020-03-01", "--to", "2020-02-01"))
                .isEqualTo(2);

        assertThat(err.toString()).contains("--from 2020-03-01 is after --to 2020-02-01");
    }

    @Test
    void a_range_outside_the_calendar_exits_2_naming_its_bounds() {
        assertThat(run("calendar", "sessions", "--calendar", "XNYS", "--from", "1985-01-01", "--to", "1991-01-01"))
                .isEqualTo(2);

        assertThat(err.toString()).contains("--from 1985-01-01").contains("covers sessions 1990-01-02 to");
    }

    @Test
    void a_missing_option_exits_2_naming_it() {
        assertThat(run("calendar", "sessions", "--calendar", "XNYS", "--from", "2020-01-01")).isEqualTo(2);

        assertThat(err.toString()).contains("--to");
    }

    @Test
    void an_unknown_command_exits_2() {
        assertThat(run("calender", "list")).isEqualTo(2);

        assertThat(err.toString()).contains("calender");
    }
}
