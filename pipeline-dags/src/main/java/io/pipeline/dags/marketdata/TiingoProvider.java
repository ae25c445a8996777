package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tiingo. End of day: {@code GET tiingo/daily/AAPL/prices?startDate=&endDate=&resampleFreq=daily&format=json},
 * answering {@code [{"date":"2026-11-20T00:00:00.000Z","open","high","low","close","volume","adjOpen","adjHigh",
 * "adjLow","adjClose","adjVolume","divCash","splitFactor"}]}; 1-minute bars from its IEX endpoint:
 * {@code GET iex/AAPL/prices?startDate=&endDate=&resampleFreq=1min&columns=open,high,low,close,volume}, answering
 * {@code [{"date":"2026-11-20T14:30:00.000Z","open","high","low","close","volume"}]} (IEX's own volume, not the
 * consolidated tape). Tiingo has no cursor: one request per range (daily) or per session (intraday). Errors:
 * {@code {"detail":"Error: Ticker 'ZZZZ' not found"}} (404), {@code {"detail":"Invalid token."}} (401/403).
 */
final class TiingoProvider implements BarProvider {

    private final VendorHttp http;
    private final SymbolMap symbols;
    private final ExchangeCalendar calendar;
    private final String source;

    TiingoProvider(VendorHttp http, SymbolMap symbols, ExchangeCalendar calendar, String source) {
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
        query.put("startDate", from.toString());
        query.put("endDate", to.toString());
        query.put("resampleFreq", "daily");
        query.put("format", "json");
        URI url = http.api().url("tiingo/daily/" + symbols.of(ticker) + "/prices", query);
        String shown = http.shown(url);
        List<DailyBar> bars = JsonBars.parse(http.get(ticker.symbol(), url), ticker.symbol(), shown, e -> new DailyBar(
                ticker.symbol(), time(e).atOffset(ZoneOffset.UTC).toLocalDate(), e.number("open"), e.number("high"),
                e.number("low"), e.number("close"), e.optionalNumber("adjClose"), (long) e.number("volume"), source));
        return bars.stream().filter(b -> !b.date().isBefore(from) && !b.date().isAfter(to))
                .sorted(Comparator.comparing(DailyBar::date)).toList();
    }

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("startDate", sessionDate.toString());
        query.put("endDate", sessionDate.toString());
        query.put("resampleFreq", "1min");
        query.put("columns", "open,high,low,close,volume");
        URI url = http.api().url("iex/" + symbols.of(ticker) + "/prices", query);
        String shown = http.shown(url);
        return JsonBars.parse(http.get(ticker.symbol(), url), ticker.symbol(), shown, e -> new MinuteBar(ticker.symbol(),
                        time(e), e.number("open"), e.number("high"), e.number("low"), e.number("close"),
                        (long) e.number("volume"), source)).stream()
                .filter(b -> !b.ts().isBefore(session.open()) && b.ts().isBefore(session.close()))
                .sorted(Comparator.comparing(MinuteBar::ts)).toList();
    }

    private static Instant time(JsonBars.Element e) {
        String text = e.text("date");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ex) {
            throw e.bad("date '" + text + "' is not an ISO-8601 date-time", ex);
        }
    }
}
