package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alpha Vantage. End of day: {@code GET query?function=TIME_SERIES_DAILY&symbol=IBM&outputsize=compact|full&datatype=json},
 * answering {@code {"Meta Data":{...},"Time Series (Daily)":{"2026-11-20":{"1. open":"...","2. high","3. low",
 * "4. close","5. volume"}}}}; 1-minute bars: {@code function=TIME_SERIES_INTRADAY&interval=1min&month=2026-11
 * &outputsize=full&extended_hours=false&adjusted=false}, keyed {@code "2026-11-20 09:30:00"} in the zone its Meta Data
 * names ({@code "6. Time Zone": "US/Eastern"}). Paging: by month for intraday (a month is fetched once per provider
 * and reused for its other sessions), by {@code outputsize} for daily ({@code compact}: the latest 100 sessions,
 * {@code full} beyond). Errors come with HTTP 200: {@code {"Error Message": ...}} fails the symbol;
 * {@code {"Note"|"Information": ...}} is throttling, retried while per minute and failed when it is the daily cap.
 */
final class AlphaVantageProvider implements BarProvider {

    static final int COMPACT_SESSIONS = 100;
    private static final String DAILY_SERIES = "Time Series (Daily)";
    private static final String MINUTE_SERIES = "Time Series (1min)";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final VendorHttp http;
    private final SymbolMap symbols;
    private final ExchangeCalendar calendar;
    private final Clock clock;
    private final String source;
    private final Map<String, List<MinuteBar>> months = new HashMap<>();

    AlphaVantageProvider(VendorHttp http, SymbolMap symbols, ExchangeCalendar calendar, Clock clock, String source) {
        this.http = Objects.requireNonNull(http, "http");
        this.symbols = Objects.requireNonNull(symbols, "symbols");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<DailyBar> dailyBars(Ticker ticker, LocalDate from, LocalDate to) {
        LocalDate today = clock.instant().atZone(calendar.zone()).toLocalDate();
        boolean recent = !from.isAfter(today) && calendar.sessionsInRange(from, today).size() <= COMPACT_SESSIONS;
        Map<String, String> query = new LinkedHashMap<>();
        query.put("function", "TIME_SERIES_DAILY");
        query.put("symbol", symbols.of(ticker));
        query.put("outputsize", recent || from.isAfter(today) ? "compact" : "full");
        query.put("datatype", "json");
        URI url = http.api().url("query", query);
        String shown = http.shown(url);
        JsonNode series = series(ticker, url, shown, DAILY_SERIES);
        List<DailyBar> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : series.properties()) {
            JsonBars.Element e = new JsonBars.Element(entry.getValue(), i++, ticker.symbol(), shown);
            LocalDate date;
            try {
                date = LocalDate.parse(entry.getKey());
            } catch (DateTimeParseException ex) {
                throw e.bad("date '" + entry.getKey() + "' is not YYYY-MM-DD", ex);
            }
            if (!date.isBefore(from) && !date.isAfter(to)) {
                out.add(new DailyBar(ticker.symbol(), date, e.number("1. open"), e.number("2. high"), e.number("3. low"),
                        e.number("4. close"), null, (long) e.number("5. volume"), source));
            }
        }
        out.sort(Comparator.comparing(DailyBar::date));
        return out;
    }

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        YearMonth month = YearMonth.from(sessionDate);
        List<MinuteBar> all = months.computeIfAbsent(ticker.symbol() + "|" + month, k -> month(ticker, month));
        return all.stream().filter(b -> !b.ts().isBefore(session.open()) && b.ts().isBefore(session.close())).toList();
    }

    private List<MinuteBar> month(Ticker ticker, YearMonth month) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("function", "TIME_SERIES_INTRADAY");
        query.put("symbol", symbols.of(ticker));
        query.put("interval", "1min");
        query.put("month", month.toString());
        query.put("outputsize", "full");
        query.put("extended_hours", "false");
        query.put("adjusted", "false");
        query.put("datatype", "json");
        URI url = http.api().url("query", query);
        String shown = http.shown(url);
        JsonNode body = body(ticker, url, shown);
        ZoneId zone = zone(body, ticker, shown);
        JsonNode series = require(body, MINUTE_SERIES, ticker, shown);
        List<MinuteBar> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : series.properties()) {
            JsonBars.Element e = new JsonBars.Element(entry.getValue(), i++, ticker.symbol(), shown);
            LocalDateTime local;
            try {
                local = LocalDateTime.parse(entry.getKey(), STAMP);
            } catch (DateTimeParseException ex) {
                throw e.bad("time '" + entry.getKey() + "' is not yyyy-MM-dd HH:mm:ss", ex);
            }
            out.add(new MinuteBar(ticker.symbol(), local.atZone(zone).toInstant(), e.number("1. open"),
                    e.number("2. high"), e.number("3. low"), e.number("4. close"), (long) e.number("5. volume"), source));
        }
        out.sort(Comparator.comparing(MinuteBar::ts));
        return out;
    }

    private JsonNode series(Ticker ticker, URI url, String shown, String key) {
        return require(body(ticker, url, shown), key, ticker, shown);
    }

    private JsonNode body(Ticker ticker, URI url, String shown) {
        JsonNode body = http.get(ticker.symbol(), url, AlphaVantageProvider::throttled);
        JsonNode error = body.get("Error Message");
        if (error != null) {
            throw new ProviderException(ticker.symbol(), shown, "alphavantage answered: " + http.api().redact(error.asString()), null);
        }
        return body;
    }

    /** A body without data whose only message is a {@code Note} or {@code Information}: throttling. */
    static Optional<String> throttled(JsonNode body) {
        if (!body.isObject() || body.has(DAILY_SERIES) || body.has(MINUTE_SERIES)) {
            return Optional.empty();
        }
        for (String f : List.of("Note", "Information")) {
            if (body.hasNonNull(f)) {
                return Optional.of(body.get(f).asString());
            }
        }
        return Optional.empty();
    }

    private static JsonNode require(JsonNode body, String key, Ticker ticker, String shown) {
        JsonNode series = body.get(key);
        if (series == null || !series.isObject()) {
            throw new ProviderException(ticker.symbol(), shown, "expected '" + key + "' in the answer but got "
                    + (body.isObject() ? "fields " + body.propertyNames() : body.getNodeType().toString().toLowerCase()), null);
        }
        return series;
    }

    private ZoneId zone(JsonNode body, Ticker ticker, String shown) {
        String name = body.path("Meta Data").path("6. Time Zone").asString("");
        if (name.isBlank()) {
            return calendar.zone();
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new ProviderException(ticker.symbol(), shown, "unknown time zone '" + name + "' in Meta Data", e);
        }
    }
}
