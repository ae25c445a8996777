package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * EODHD. End of day: {@code GET eod/AAPL.US?from=&to=&period=d&fmt=json}, answering
 * {@code [{"date","open","high","low","close","adjusted_close","volume"}]}; 1-minute bars:
 * {@code GET intraday/AAPL.US?interval=1m&from=<unix>&to=<unix>&fmt=json}, answering
 * {@code [{"timestamp","gmtoffset","datetime","open","high","low","close","volume"}]} (UTC seconds). One request
 * covers a range or a session: no paging. Errors: HTTP 401/404 with a text body, or an object with {@code message}.
 */
final class EodhdProvider implements BarProvider {

    private final VendorHttp http;
    private final SymbolMap symbols;
    private final ExchangeCalendar calendar;
    private final String source;

    EodhdProvider(VendorHttp http, SymbolMap symbols, ExchangeCalendar calendar, String source) {
        this.http = Objects.requireNonNull(http, "http");
        this.symbols = Objects.requireNonNull(symbols, "symbols");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.source = Objects.requireNonNull(source, "source");
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
        URI url = http.api().url("eod/" + symbols.of(ticker), query);
        String shown = http.shown(url);
        List<DailyBar> bars = JsonBars.parse(http.get(ticker.symbol(), url), ticker.symbol(), shown, e -> {
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

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("interval", "1m");
        query.put("from", Long.toString(session.open().getEpochSecond()));
        query.put("to", Long.toString(session.close().getEpochSecond() - 1));
        query.put("fmt", "json");
        URI url = http.api().url("intraday/" + symbols.of(ticker), query);
        String shown = http.shown(url);
        return JsonBars.parse(http.get(ticker.symbol(), url), ticker.symbol(), shown, e -> new MinuteBar(ticker.symbol(),
                        Instant.ofEpochSecond((long) e.number("timestamp")), e.number("open"), e.number("high"),
                        e.number("low"), e.number("close"), (long) e.number("volume"), source)).stream()
                .sorted(Comparator.comparing(MinuteBar::ts))
                .toList();
    }
}
