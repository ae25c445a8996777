package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;
import io.pipeline.task.io.HttpFetchException;
import io.pipeline.task.io.HttpFetcher;
import org.slf4j.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 1-minute bars from an EODHD-style intraday API: {@code GET intraday/AAPL.US?interval=1m&from=<unix>&to=<unix>&fmt=json},
 * answering {@code [{"timestamp","open","high","low","close","volume"}]} (timestamps in UTC seconds). The window is the
 * session from the calendar; the bars are returned as given (quality checks judge them), in time order.
 */
public final class IntradayHttpProvider implements BarProvider {

    private final HttpFetcher http;
    private final ExchangeCalendar calendar;
    private final String source;
    private final Logger log;

    public IntradayHttpProvider(HttpFetcher http, ExchangeCalendar calendar, String source, Logger log) {
        this.http = Objects.requireNonNull(http, "http");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.source = Objects.requireNonNull(source, "source");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("interval", "1m");
        query.put("from", Long.toString(session.open().getEpochSecond()));
        query.put("to", Long.toString(session.close().getEpochSecond() - 1));
        query.put("fmt", "json");
        URI url = http.api().url("intraday/" + ExchangeSuffixes.code(ticker), query);
        String shown = http.api().redact(url);
        byte[] body;
        try {
            body = http.get(url, log);
        } catch (HttpFetchException e) {
            throw new ProviderException(ticker.symbol(), shown, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ticker.symbol(), shown, "interrupted", e);
        }
        return JsonBars.parse(body, ticker.symbol(), shown, e -> new MinuteBar(ticker.symbol(),
                        Instant.ofEpochSecond((long) e.number("timestamp")), e.number("open"), e.number("high"),
                        e.number("low"), e.number("close"), (long) e.number("volume"), source)).stream()
                .sorted(Comparator.comparing(MinuteBar::ts))
                .toList();
    }
}
