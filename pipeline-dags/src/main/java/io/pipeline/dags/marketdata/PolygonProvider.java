package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Polygon.io aggregates: {@code GET v2/aggs/ticker/AAPL/range/1/day/2026-11-19/2026-11-20?adjusted=false&sort=asc&limit=50000}
 * (1-minute bars: {@code range/1/minute/<open ms>/<close ms>}), answering
 * {@code {"ticker","status":"OK"|"DELAYED","resultsCount","results":[{"o","h","l","c","v","vw","t","n"}],"next_url"}}
 * with {@code t} the bar's start in Unix milliseconds. Pages: while the answer has {@code next_url}, it is requested
 * (on the same host only, so that the key is not sent elsewhere). Errors: {@code {"status":"ERROR","error":...}} or
 * {@code {"status":"NOT_AUTHORIZED","message":...}}, with HTTP 4xx or in a 200. Prices are as traded (unadjusted);
 * {@code adjusted_close} stays empty.
 */
final class PolygonProvider implements BarProvider {

    static final int PAGE_LIMIT = 50_000;
    /** Far more than any range of bars needs; stops a vendor that keeps sending {@code next_url}. */
    static final int MAX_PAGES = 1_000;

    private final VendorHttp http;
    private final SymbolMap symbols;
    private final ExchangeCalendar calendar;
    private final String source;

    PolygonProvider(VendorHttp http, SymbolMap symbols, ExchangeCalendar calendar, String source) {
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
        URI url = http.api().url("v2/aggs/ticker/" + symbols.of(ticker) + "/range/1/day/" + from + "/" + to, query());
        List<DailyBar> out = new ArrayList<>();
        for (Page page : pages(ticker, url)) {
            out.addAll(JsonBars.parse(page.results(), ticker.symbol(), page.shown(), e -> new DailyBar(ticker.symbol(),
                    Instant.ofEpochMilli((long) e.number("t")).atZone(calendar.zone()).toLocalDate(), e.number("o"),
                    e.number("h"), e.number("l"), e.number("c"), null, (long) e.number("v"), source)));
        }
        return out.stream().filter(b -> !b.date().isBefore(from) && !b.date().isAfter(to))
                .sorted(Comparator.comparing(DailyBar::date)).toList();
    }

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        URI url = http.api().url("v2/aggs/ticker/" + symbols.of(ticker) + "/range/1/minute/"
                + session.open().toEpochMilli() + "/" + (session.close().toEpochMilli() - 1), query());
        List<MinuteBar> out = new ArrayList<>();
        for (Page page : pages(ticker, url)) {
            out.addAll(JsonBars.parse(page.results(), ticker.symbol(), page.shown(), e -> new MinuteBar(ticker.symbol(),
                    Instant.ofEpochMilli((long) e.number("t")), e.number("o"), e.number("h"), e.number("l"),
                    e.number("c"), (long) e.number("v"), source)));
        }
        return out.stream().filter(b -> !b.ts().isBefore(session.open()) && b.ts().isBefore(session.close()))
                .sorted(Comparator.comparing(MinuteBar::ts)).toList();
    }

    private static Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("adjusted", "false");
        q.put("sort", "asc");
        q.put("limit", Integer.toString(PAGE_LIMIT));
        return q;
    }

    record Page(String shown, JsonNode results) {
    }

    /** Every page of an aggregates answer, following {@code next_url}. */
    private List<Page> pages(Ticker ticker, URI first) {
        List<Page> pages = new ArrayList<>();
        URI url = first;
        while (url != null) {
            String shown = http.shown(url);
            if (pages.size() >= MAX_PAGES) {
                throw new ProviderException(ticker.symbol(), shown, "more than " + MAX_PAGES + " pages", null);
            }
            JsonNode body = http.get(ticker.symbol(), url);
            String status = body.path("status").asString("");
            if (!status.equals("OK") && !status.equals("DELAYED")) {
                throw new ProviderException(ticker.symbol(), shown, "polygon answered status '" + status + "'"
                        + VendorHttp.errorField(body).map(m -> ": " + http.api().redact(m)).orElse(""), null);
            }
            JsonNode results = body.get("results");
            pages.add(new Page(shown, results == null || results.isNull() ? JsonNodeFactory.instance.arrayNode() : results));
            String next = body.path("next_url").asString("");
            url = next.isBlank() ? null : sameHost(ticker, URI.create(next), shown);
        }
        return pages;
    }

    private URI sameHost(Ticker ticker, URI next, String shown) {
        URI base = http.api().base();
        if (!Objects.equals(base.getScheme(), next.getScheme()) || !Objects.equals(base.getAuthority(), next.getAuthority())) {
            throw new ProviderException(ticker.symbol(), shown, "next_url leads to another host ("
                    + next.getScheme() + "://" + next.getAuthority() + "): not followed", null);
        }
        return next;
    }
}
