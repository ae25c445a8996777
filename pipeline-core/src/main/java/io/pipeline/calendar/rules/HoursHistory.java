package io.pipeline.calendar.rules;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Regular trading hours as they changed over the years: each entry applies from its date (inclusive) until the
 * next entry's date. The first entry applies to every earlier date as well.
 */
public final class HoursHistory {

    private final NavigableMap<LocalDate, TradingHours> changes;

    private HoursHistory(NavigableMap<LocalDate, TradingHours> changes) {
        this.changes = changes;
    }

    public static HoursHistory always(TradingHours hours) {
        TreeMap<LocalDate, TradingHours> map = new TreeMap<>();
        map.put(LocalDate.MIN, Objects.requireNonNull(hours, "hours"));
        return new HoursHistory(map);
    }

    /** A copy with {@code hours} in force from {@code effective} (inclusive) on. */
    public HoursHistory from(LocalDate effective, TradingHours hours) {
        TreeMap<LocalDate, TradingHours> map = new TreeMap<>(changes);
        if (!effective.isAfter(map.lastKey())) {
            throw new IllegalArgumentException("hours change " + effective + " must come after " + map.lastKey());
        }
        map.put(effective, Objects.requireNonNull(hours, "hours"));
        return new HoursHistory(map);
    }

    public TradingHours on(LocalDate date) {
        Map.Entry<LocalDate, TradingHours> entry = changes.floorEntry(date);
        return entry.getValue();
    }
}
