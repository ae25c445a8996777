package io.pipeline.dags.marketdata;

import io.pipeline.task.io.HttpFetchException;
import io.pipeline.task.io.HttpFetcher;
import org.slf4j.Logger;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * End-of-day bars from an EODHD-style API: {@code GET eod/AAPL.US?from=&to=&period=d&fmt=json} with the token from
 * the connection, answering {@code [{"date","open","high","low","close","adjusted_close","volume"}]}.
 */
public final class EodHttpProvider implements BarProvider {

    private final HttpFetcher http;
    private final String source;
    private final Logger log;

    public EodHttpProvider(HttpFetcher http, String source, Logger log) {
        this.http = Objects.requireNonNull(http, "http");
        this.source = Objects.requireNonNull(source, "source");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<DailyBar> dailyBars(Ticker ticker, LocalDate from, LocalDate to) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from.toString());
        query.put("to", to.toString());
        query.put("period", "d");
        query.put("fmt", "json");
        URI url = http.api().url("eod/" + ExchangeSuffixes.code(ticker), query);
        String shown = http.api().redact(url);
        byte[] body = fetch(ticker, url, shown);
        List<DailyBar> bars = JsonBars.parse(body, ticker.symbol(), shown, e -> {
            LocalDate date;
            try {
                date = LocalDate.parse(e.text("date"));
            } catch (DateTimeParseException ex) {
                throw e.bad("date '" + e.node().get("date").asString() + "' is not YYYY-MM-DD", ex);
            }
            return new DailyBar(ticker.symbol(), date, e.number("open"), e.number("high"), e.number("low"),
                    e.number("close"), e.optionalNumber("adjusted_close"), (long) e.number("volume"), source);
        });
        return bars.stream().filter(b -> !b.date().isBefore(from) && !b.date().isAfter(to)).toList();
    }

    private byte[] fetch(Ticker ticker, URI url, String shown) {
        try {
            return http.get(url, log);
        } catch (HttpFetchException e) {
            throw new ProviderException(ticker.symbol(), shown, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ticker.symbol(), shown, "interrupted", e);
        }
    }
}
