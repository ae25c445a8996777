package io.pipeline.calendar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Writes sessions as CSV in exactly the format of the reference files (and of {@code calendar sessions}): a header
 * {@code ,open,close,break_start,break_end}; one row per session with the label as {@code YYYY-MM-DDT00:00:00Z} and
 * the instants in UTC as {@code YYYY-MM-DDTHH:MM:SSZ}; empty break columns when there is no break; {@code \n} endings.
 */
public final class SessionCsv {

    public static final String HEADER = ",open,close,break_start,break_end";

    private static final int SECONDS_PER_DAY = 86_400;

    private SessionCsv() {
    }

    /** The whole CSV document, header included. */
    public static String toCsv(List<Session> sessions) {
        StringBuilder out = new StringBuilder(72 * (sessions.size() + 1));
        write(sessions, out);
        return out.toString();
    }

    /** Appends the header and one row per session to {@code out}. */
    public static void write(List<Session> sessions, Appendable out) {
        Objects.requireNonNull(out, "out");
        StringBuilder row = new StringBuilder(96);
        try {
            out.append(HEADER).append('\n');
            for (Session s : sessions) {
                row.setLength(0);
                appendRow(s, row);
                out.append(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing session CSV", e);
        }
    }

    /** One CSV row for the session, with its line end. */
    public static String row(Session session) {
        StringBuilder row = new StringBuilder(96);
        appendRow(session, row);
        return row.toString();
    }

    private static void appendRow(Session s, StringBuilder row) {
        appendDate(row, s.date());
        row.append("T00:00:00Z,");
        appendInstant(row, s.open());
        row.append(',');
        appendInstant(row, s.close());
        row.append(',');
        if (s.hasBreak()) {
            appendInstant(row, s.breakStart());
            row.append(',');
            appendInstant(row, s.breakEnd());
        } else {
            row.append(',');
        }
        row.append('\n');
    }

    private static void appendInstant(StringBuilder row, Instant instant) {
        if (instant.getNano() != 0) {
            throw new IllegalArgumentException("session instant " + instant + " has fractions of a second; "
                    + "the CSV format has whole seconds only");
        }
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        appendDate(row, LocalDate.ofEpochDay(day));
        row.append('T');
        two(row, secondOfDay / 3600).append(':');
        two(row, secondOfDay / 60 % 60).append(':');
        two(row, secondOfDay % 60).append('Z');
    }

    private static void appendDate(StringBuilder row, LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year of " + date + " does not fit the CSV format's four digits");
        }
        two(row, year / 100);
        two(row, year % 100).append('-');
        two(row, date.getMonthValue()).append('-');
        two(row, date.getDayOfMonth());
    }

    private static StringBuilder two(StringBuilder row, int value) {
        return row.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
