package io.pipeline.dags.marketdata;

import java.time.LocalDate;
import java.util.List;

/**
 * A source of bars. Failures are {@link ProviderException}s naming the symbol, the request (without secrets) and
 * the cause. Every bar carries {@link #source()}.
 */
public interface BarProvider {

    /** The label stored in every row's source column, e.g. {@code simulated} or {@code eodhd}. */
    String source();

    /** The 1-minute bars of one session, in time order. */
    default List<MinuteBar> minuteBars(Ticker ticker, LocalDate session) {
        throw new UnsupportedOperationException("provider " + source() + " has no 1-minute bars");
    }

    /** End-of-day bars for sessions in [from, to], in date order. */
    default List<DailyBar> dailyBars(Ticker ticker, LocalDate from, LocalDate to) {
        throw new UnsupportedOperationException("provider " + source() + " has no end-of-day bars");
    }
}
