package io.pipeline.dags.marketdata;

import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw CSV files in the object store, which are also the COPY input of the loader:
 * {@code symbol,ts,open,high,low,close,volume,source} (ts as an ISO instant) for minute bars and
 * {@code symbol,session_date,open,high,low,close,adjusted_close,volume,source} for daily bars.
 */
public final class BarCsv {

    public static final String MINUTE_HEADER = "symbol,ts,open,high,low,close,volume,source";
    public static final String DAILY_HEADER = "symbol,session_date,open,high,low,close,adjusted_close,volume,source";

    private static final String[] MINUTE_COLUMNS = MINUTE_HEADER.split(",");

    /** Plain RFC 4180 cells, as written above and as COPY reads them; blank lines are skipped. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private BarCsv() {
    }

    public static byte[] minuteBars(List<MinuteBar> bars) {
        StringBuilder b = new StringBuilder(bars.size() * 72).append(MINUTE_HEADER).append('\n');
        for (MinuteBar bar : bars) {
            b.append(bar.symbol()).append(',').append(bar.ts()).append(',').append(bar.open()).append(',')
                    .append(bar.high()).append(',').append(bar.low()).append(',').append(bar.close()).append(',')
                    .append(bar.volume()).append(',').append(bar.source()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] dailyBars(List<DailyBar> bars) {
        StringBuilder b = new StringBuilder(bars.size() * 80).append(DAILY_HEADER).append('\n');
        for (DailyBar bar : bars) {
            b.append(bar.symbol()).append(',').append(bar.date()).append(',').append(bar.open()).append(',')
                    .append(bar.high()).append(',').append(bar.low()).append(',').append(bar.close()).append(',')
                    .append(bar.adjustedClose() == null ? "" : bar.adjustedClose()).append(',')
                    .append(bar.volume()).append(',').append(bar.source()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads minute bars back; a bad line fails naming the source, the line number and, for a bad value, the column,
     * e.g. {@code raw/x.csv: line 17: column 'close' is not a number: 'abc'}.
     */
    public static List<MinuteBar> readMinuteBars(String source, Reader reader) throws IOException {
        List<MinuteBar> bars = new ArrayList<>();
        try (CsvSource csv = new CsvSource(source, reader, FORMAT)) {
            CsvSource.Row header = csv.next();
            if (header == null || header.line() != 1 || !MINUTE_HEADER.equals(header.text())) {
                throw new IllegalArgumentException(source + ": line 1: expected header '" + MINUTE_HEADER
                        + "' but found '" + (header == null ? null : header.line() != 1 ? "" : header.text()) + "'");
            }
            for (CsvSource.Row row = csv.next(); row != null; row = csv.next()) {
                if (row.isBlank()) {
                    continue;
                }
                try {
                    if (row.size() != MINUTE_COLUMNS.length) {
                        throw new IllegalArgumentException("expected 8 columns, found " + row.size());
                    }
                    bars.add(new MinuteBar(row.get(0), instant(row, 1), number(row, 2), number(row, 3),
                            number(row, 4), number(row, 5), integer(row, 6), row.get(7)));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(source + ": line " + row.line() + ": " + e.getMessage(), e);
                }
            }
        }
        return bars;
    }

    private static Instant instant(CsvSource.Row row, int column) {
        try {
            return Instant.parse(row.get(column));
        } catch (DateTimeParseException e) {
            throw bad(row, column, "an ISO instant");
        }
    }

    private static double number(CsvSource.Row row, int column) {
        try {
            return Double.parseDouble(row.get(column));
        } catch (NumberFormatException e) {
            throw bad(row, column, "a number");
        }
    }

    private static long integer(CsvSource.Row row, int column) {
        try {
            return Long.parseLong(row.get(column));
        } catch (NumberFormatException e) {
            throw bad(row, column, "an integer");
        }
    }

    private static IllegalArgumentException bad(CsvSource.Row row, int column, String what) {
        return new IllegalArgumentException("column '" + MINUTE_COLUMNS[column] + "' is not " + what + ": '"
                + row.get(column) + "'");
    }

    static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}
