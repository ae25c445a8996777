package io.pipeline.calendar;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCsvTest {

    private static final LocalDate DATE = LocalDate.of(2024, 11, 5);

    @Test
    void a_session_without_break_has_empty_break_columns() {
        Session s = Session.of(DATE, Instant.parse("2024-11-05T00:00:00Z"), Instant.parse("2024-11-05T06:30:00Z"));

        assertThat(SessionCsv.row(s)).isEqualTo("2024-11-05T00:00:00Z,2024-11-05T00:00:00Z,2024-11-05T06:30:00Z,,\n");
    }

    @Test
    void a_session_with_break_writes_both_break_instants_in_utc() {
        Session s = new Session(DATE, Instant.parse("2024-11-05T00:00:00Z"), Instant.parse("2024-11-05T06:30:00Z"),
                Instant.parse("2024-11-05T02:30:00Z"), Instant.parse("2024-11-05T03:30:00Z"));

        assertThat(SessionCsv.toCsv(List.of(s))).isEqualTo(",open,close,break_start,break_end\n"
                + "2024-11-05T00:00:00Z,2024-11-05T00:00:00Z,2024-11-05T06:30:00Z,"
                + "2024-11-05T02:30:00Z,2024-11-05T03:30:00Z\n");
    }

    @Test
    void the_label_is_the_local_date_even_when_the_open_is_on_the_previous_utc_day() {
        Session s = Session.of(LocalDate.of(2024, 3, 11), Instant.parse("2024-03-10T22:00:00Z"),
                Instant.parse("2024-03-11T22:00:00Z"));

        assertThat(SessionCsv.row(s)).startsWith("2024-03-11T00:00:00Z,2024-03-10T22:00:00Z,2024-03-11T22:00:00Z,");
    }

    @Test
    void no_sessions_give_the_header_alone() {
        StringWriter out = new StringWriter();
        SessionCsv.write(List.of(), out);

        assertThat(out).hasToString(",open,close,break_start,break_end\n");
    }

    @Test
    void fractions_of_a_second_are_refused_rather_than_truncated() {
        Session s = Session.of(DATE, Instant.parse("2024-11-05T00:00:00.5Z"), Instant.parse("2024-11-05T06:30:00Z"));

        assertThatThrownBy(() -> SessionCsv.row(s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2024-11-05T00:00:00.500Z");
    }
}
