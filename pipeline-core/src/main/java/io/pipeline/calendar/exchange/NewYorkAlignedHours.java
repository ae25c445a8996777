package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.function.IntFunction;

/**
 * Regular hours of an exchange that keeps its day aligned with New York's (B3, BMV): the local hours in force on a
 * date depend on how far New York's clock is ahead of the exchange's, in whole hours, and so change on the first
 * trading day after either zone changes its clock. Built once from the zone rules into an {@link HoursHistory}.
 */
final class NewYorkAlignedHours {

    private static final ZoneRules NEW_YORK = ZoneId.of("America/New_York").getRules();
    private static final LocalTime NOON = LocalTime.NOON;

    private NewYorkAlignedHours() {
    }

    /**
     * The hours for every date in [first, last]: {@code hours} maps New York's lead over {@code zone} in hours (e.g.
     * 1 when New York is on EST and Mexico City on CST) to the local trading hours.
     */
    static HoursHistory of(ZoneId zone, LocalDate first, LocalDate last, IntFunction<TradingHours> hours) {
        ZoneRules local = zone.getRules();
        int lead = lead(local, first);
        HoursHistory history = HoursHistory.always(hours.apply(lead));
        for (LocalDate d = first.plusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
            int l = lead(local, d);
            if (l != lead) {
                history = history.from(d, hours.apply(l));
                lead = l;
            }
        }
        return history;
    }

    /** New York's UTC offset minus the local one at noon on {@code date}, in hours. */
    static int lead(ZoneRules local, LocalDate date) {
        int ny = NEW_YORK.getOffset(date.atTime(NOON)).getTotalSeconds();
        int here = local.getOffset(date.atTime(NOON)).getTotalSeconds();
        return (ny - here) / 3600;
    }
}
