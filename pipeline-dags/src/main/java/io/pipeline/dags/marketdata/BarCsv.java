package io.pipeline.dags.marketdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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

    /** Reads minute bars back; a bad line fails naming the source and the line number. */
    public static List<MinuteBar> readMinuteBars(String source, Reader reader) throws IOException {
        List<MinuteBar> bars = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (!MINUTE_HEADER.equals(header)) {
            throw new IllegalArgumentException(source + ": line 1: expected header '" + MINUTE_HEADER + "' but found '" + header + "'");
        }
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split(",", -1);
            try {
                if (c.length != 8) {
                    throw new IllegalArgumentException("expected 8 columns, found " + c.length);
                }
                bars.add(new MinuteBar(c[0], Instant.parse(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]),
                        Double.parseDouble(c[4]), Double.parseDouble(c[5]), Long.parseLong(c[6]), c[7]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": line " + n + ": " + e.getMessage(), e);
            }
        }
        return bars;
    }

    static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}
