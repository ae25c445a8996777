package io.pipeline.dags.marketdata;

import java.time.Instant;
import java.util.Objects;

/** One 1-minute bar; {@code ts} is the minute's start. Values are not validated here: quality checks judge them. */
public record MinuteBar(String symbol, Instant ts, double open, double high, double low, double close, long volume,
                        String source) {
    public MinuteBar {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(source, "source");
    }
}
