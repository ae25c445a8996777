package io.pipeline.dags.marketdata;

import java.time.LocalDate;
import java.util.Objects;

/** One end-of-day bar for a session; {@code adjustedClose} is null when the provider gives none. */
public record DailyBar(String symbol, LocalDate date, double open, double high, double low, double close,
                       Double adjustedClose, long volume, String source) {
    public DailyBar {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(source, "source");
    }
}
