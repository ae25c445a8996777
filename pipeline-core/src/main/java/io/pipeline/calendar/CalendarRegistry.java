package io.pipeline.calendar;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Calendars by code. Each calendar is compiled from its rules on first use and then shared: calendars are immutable,
 * so one instance serves every caller and thread.
 */
public final class CalendarRegistry {

    private final SortedMap<String, Supplier<? extends ExchangeRules>> rules;
    private final Map<String, ExchangeCalendar> built = new ConcurrentHashMap<>();

    public CalendarRegistry(Map<String, Supplier<? extends ExchangeRules>> rules) {
        this.rules = new TreeMap<>(rules);
        this.rules.forEach((code, supplier) -> Objects.requireNonNull(supplier, "rules of " + code));
    }

    /** The calendar with that code (case-insensitive); {@link UnknownCalendarException} lists the valid codes. */
    public ExchangeCalendar get(String code) {
        String key = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        Supplier<? extends ExchangeRules> supplier = rules.get(key);
        if (supplier == null) {
            throw new UnknownCalendarException(code, codes());
        }
        return built.computeIfAbsent(key, k -> compile(k, supplier.get()));
    }

    /** Every calendar, sorted by code. */
    public List<ExchangeCalendar> all() {
        return rules.keySet().stream().map(this::get).toList();
    }

    /** Code, name and zone of every calendar, sorted by code, without compiling any sessions. */
    public List<CalendarInfo> infos() {
        return rules.entrySet().stream().map(e -> {
            ExchangeRules r = e.getValue().get();
            return new CalendarInfo(e.getKey(), r.name(), r.zone());
        }).toList();
    }

    /** The supported codes, sorted. */
    public List<String> codes() {
        return List.copyOf(rules.keySet());
    }

    private static ExchangeCalendar compile(String code, ExchangeRules exchangeRules) {
        if (!code.equals(exchangeRules.code())) {
            throw new IllegalStateException("rules registered as " + code + " call themselves " + exchangeRules.code());
        }
        return IndexedCalendar.compile(exchangeRules);
    }
}
