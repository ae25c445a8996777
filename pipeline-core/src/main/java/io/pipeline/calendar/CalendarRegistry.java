package io.pipeline.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Calendars by code. Each calendar is compiled from its rules on first use and then shared as a {@link LiveCalendar}:
 * one instance serves every caller and thread. Operators' overrides ({@link #applyOverrides}) compile the exchange's
 * rules again with the overrides on top and swap the result in atomically; holders of the calendar see it at once.
 */
public final class CalendarRegistry {

    private final SortedMap<String, Supplier<? extends ExchangeRules>> rules;
    private final Map<String, Built> built = new ConcurrentHashMap<>();

    private record Built(ExchangeRules rules, LiveCalendar calendar) {
    }

    public CalendarRegistry(Map<String, Supplier<? extends ExchangeRules>> rules) {
        this.rules = new TreeMap<>(rules);
        this.rules.forEach((code, supplier) -> Objects.requireNonNull(supplier, "rules of " + code));
    }

    /** The calendar with that code (case-insensitive); {@link UnknownCalendarException} lists the valid codes. */
    public LiveCalendar get(String code) {
        return built(code).calendar();
    }

    /** Every calendar, sorted by code. */
    public List<ExchangeCalendar> all() {
        return rules.keySet().stream().map(c -> (ExchangeCalendar) get(c)).toList();
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

    /**
     * Checks that {@code override} can apply to the calendar together with {@code others} (the overrides already
     * in force; one on the same date is replaced): the date within the calendar's bounds, the hours in order, the
     * break inside the session, no overlap with the neighbouring sessions. Compiles a calendar to know; swaps nothing.
     *
     * @throws UnknownCalendarException for an unknown code
     * @throws IllegalArgumentException naming what is wrong
     */
    public void check(String code, CalendarOverride override, Collection<CalendarOverride> others) {
        Built b = built(code);
        ExchangeRules base = b.rules();
        if (override.date().isBefore(base.firstSession()) || override.date().isAfter(base.lastSession())) {
            throw new IllegalArgumentException("date " + override.date() + " is outside the " + base.code()
                    + " calendar's range " + base.firstSession() + " to " + base.lastSession());
        }
        if (override.kind() == CalendarOverride.Kind.HOURS) {
            OverriddenRules.session(base, override);
        }
        Map<LocalDate, CalendarOverride> all = byDate(others);
        all.put(override.date(), override);
        try {
            IndexedCalendar.compile(new OverriddenRules(base, all));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the override does not fit the calendar: " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code overrides} the calendar's overrides (replacing the previous set): compiles the exchange's rules
     * with them and swaps the calendar in. Returns false (and changes nothing) when the set is the one in force.
     *
     * @throws IllegalArgumentException when the overrides cannot all apply (the calendar stays as it was)
     */
    public boolean applyOverrides(String code, Collection<CalendarOverride> overrides) {
        Built b = built(code);
        List<CalendarOverride> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparing(CalendarOverride::date));
        synchronized (b) {
            if (b.calendar().overrides().equals(sorted)) {
                return false;
            }
            IndexedCalendar compiled;
            try {
                compiled = sorted.isEmpty() ? IndexedCalendar.compile(b.rules())
                        : IndexedCalendar.compile(new OverriddenRules(b.rules(), byDate(sorted)));
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            b.calendar().swap(compiled, sorted);
            return true;
        }
    }

    /**
     * A calendar compiled from the exchange's rules and exactly these overrides (none: the rules alone), apart from
     * the registry's calendars and whatever overrides they carry: for a one-off answer such as the CLI's
     * {@code calendar sessions}. Compiles once and caches nothing.
     *
     * @throws UnknownCalendarException for an unknown code
     * @throws IllegalArgumentException when the overrides cannot all apply
     */
    public ExchangeCalendar compileWith(String code, Collection<CalendarOverride> overrides) {
        String key = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        Supplier<? extends ExchangeRules> supplier = rules.get(key);
        if (supplier == null) {
            throw new UnknownCalendarException(code, codes());
        }
        try {
            return IndexedCalendar.compile(new OverriddenRules(supplier.get(), byDate(overrides)));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The codes whose calendars have been compiled (only those can carry overrides in force). */
    public List<String> compiledCodes() {
        return built.keySet().stream().sorted().toList();
    }

    private Built built(String code) {
        String key = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        Supplier<? extends ExchangeRules> supplier = rules.get(key);
        if (supplier == null) {
            throw new UnknownCalendarException(code, codes());
        }
        return built.computeIfAbsent(key, k -> compile(k, supplier.get()));
    }

    private static Map<LocalDate, CalendarOverride> byDate(Collection<CalendarOverride> overrides) {
        Map<LocalDate, CalendarOverride> m = new LinkedHashMap<>();
        for (CalendarOverride o : overrides) {
            m.put(o.date(), o);
        }
        return m;
    }

    private static Built compile(String code, ExchangeRules exchangeRules) {
        if (!code.equals(exchangeRules.code())) {
            throw new IllegalStateException("rules registered as " + code + " call themselves " + exchangeRules.code());
        }
        return new Built(exchangeRules, new LiveCalendar(IndexedCalendar.compile(exchangeRules)));
    }
}
