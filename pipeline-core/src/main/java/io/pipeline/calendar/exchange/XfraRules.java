package io.pipeline.calendar.exchange;

/**
 * Frankfurt Stock Exchange floor trading (Boerse Frankfurt, MIC XFRA), Europe/Berlin.
 *
 * <p>Hours 09:00-17:30 throughout: the exchange_calendars convention for XFRA (the specialist model has run longer
 * hours, 08:00-20:00 and later 08:00-22:00, but the calendar follows the reference hours of the Xetra day).
 * Stated 1990-01-01 to 2036-12-31, with today's rules applied to every year (the exchange_calendars convention).
 *
 * <p>Closures and the 14:00 year-end early close: Deutsche Boerse's one trading calendar, as for {@link XetrRules}.
 */
public final class XfraRules extends XetrRules {

    public XfraRules() {
        super("XFRA", "Boerse Frankfurt (floor)");
    }
}
