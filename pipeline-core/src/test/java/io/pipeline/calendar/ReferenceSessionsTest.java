package io.pipeline.calendar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the exchange_calendars reference files (regression data, Apache-2.0, see the README beside them)
 * against our calendars: same sessions, same open, close and break, nothing extra, and byte-identical CSV.
 */
class ReferenceSessionsTest {

    @ParameterizedTest(name = "{0} matches {1} row by row")
    @CsvSource({"XNYS, xnys.csv, 8324", "XLON, xlon.csv, 8515"})
    void every_reference_row_matches_the_calendar_and_no_extra_session_exists(String code, String file, int rows)
            throws IOException {
        List<Session> expected = parse(read(file));
        ExchangeCalendar calendar = Calendars.get(code);
        LocalDate first = expected.getFirst().date();
        LocalDate last = expected.getLast().date();

        List<Session> actual = calendar.sessions(first, last);

        assertThat(expected).hasSize(rows);
        for (Session row : expected) {
            assertThat(calendar.isSession(row.date())).as("%s is a session of %s", row.date(), code).isTrue();
            assertThat(calendar.session(row.date())).as("session %s of %s", row.date(), code).isEqualTo(row);
        }
        assertThat(actual).as("sessions of %s from %s to %s", code, first, last).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} CSV over the range of {1} is byte-identical")
    @CsvSource({"XNYS, xnys.csv", "XLON, xlon.csv"})
    void session_csv_over_the_reference_range_is_byte_identical_to_the_file(String code, String file)
            throws IOException {
        String reference = read(file);
        List<Session> expected = parse(reference);
        ExchangeCalendar calendar = Calendars.get(code);

        String csv = SessionCsv.toCsv(calendar.sessions(expected.getFirst().date(), expected.getLast().date()));

        assertThat(csv.getBytes(StandardCharsets.UTF_8)).isEqualTo(reference.getBytes(StandardCharsets.UTF_8));
    }

    static String read(String file) throws IOException {
        try (InputStream in = ReferenceSessionsTest.class.getResourceAsStream("/calendars/reference/" + file)) {
            assertThat(in).as("reference file %s on the test classpath", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parses the reference format independently of SessionCsv, so that the two check each other. */
    static List<Session> parse(String csv) {
        String[] lines = csv.split("\n");
        assertThat(lines[0]).isEqualTo(",open,close,break_start,break_end");
        List<Session> sessions = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            assertThat(f).as("line %d", i + 1).hasSize(5);
            assertThat(f[0]).as("line %d label", i + 1).endsWith("T00:00:00Z");
            sessions.add(new Session(LocalDate.parse(f[0].substring(0, 10)), Instant.parse(f[1]), Instant.parse(f[2]),
                    f[3].isEmpty() ? null : Instant.parse(f[3]), f[4].isEmpty() ? null : Instant.parse(f[4])));
        }
        return sessions;
    }
}
