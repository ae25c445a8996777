package io.pipeline.calendar;

import io.pipeline.calendar.exchange.BvmfRules;
import io.pipeline.calendar.exchange.CmesRules;
import io.pipeline.calendar.exchange.UsBondsRules;
import io.pipeline.calendar.exchange.XamsRules;
import io.pipeline.calendar.exchange.XasxRules;
import io.pipeline.calendar.exchange.XbomRules;
import io.pipeline.calendar.exchange.XetrRules;
import io.pipeline.calendar.exchange.XfraRules;
import io.pipeline.calendar.exchange.XhkgRules;
import io.pipeline.calendar.exchange.XjseRules;
import io.pipeline.calendar.exchange.XkrxRules;
import io.pipeline.calendar.exchange.XlonRules;
import io.pipeline.calendar.exchange.XmadRules;
import io.pipeline.calendar.exchange.XmexRules;
import io.pipeline.calendar.exchange.XmilRules;
import io.pipeline.calendar.exchange.XnasRules;
import io.pipeline.calendar.exchange.XnysRules;
import io.pipeline.calendar.exchange.XnzeRules;
import io.pipeline.calendar.exchange.XparRules;
import io.pipeline.calendar.exchange.XsesRules;
import io.pipeline.calendar.exchange.XshgRules;
import io.pipeline.calendar.exchange.XstoRules;
import io.pipeline.calendar.exchange.XswxRules;
import io.pipeline.calendar.exchange.XtaiRules;
import io.pipeline.calendar.exchange.XtksRules;
import io.pipeline.calendar.exchange.XtseRules;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Map.entry;

/** The supported trading calendars, e.g. {@code Calendars.get("XNYS")}. Built lazily, cached, immutable. */
public final class Calendars {

    private static final Map<String, Supplier<? extends ExchangeRules>> RULES = Map.ofEntries(
            entry("BVMF", BvmfRules::new),
            entry("CMES", CmesRules::new),
            entry("US_BONDS", UsBondsRules::new),
            entry("XAMS", XamsRules::new),
            entry("XASX", XasxRules::new),
            entry("XBOM", XbomRules::new),
            entry("XETR", XetrRules::new),
            entry("XFRA", XfraRules::new),
            entry("XHKG", XhkgRules::new),
            entry("XJSE", XjseRules::new),
            entry("XKRX", XkrxRules::new),
            entry("XLON", XlonRules::new),
            entry("XMAD", XmadRules::new),
            entry("XMEX", XmexRules::new),
            entry("XMIL", XmilRules::new),
            entry("XNAS", XnasRules::new),
            entry("XNYS", XnysRules::new),
            entry("XNZE", XnzeRules::new),
            entry("XPAR", XparRules::new),
            entry("XSES", XsesRules::new),
            entry("XSHG", XshgRules::new),
            entry("XSTO", XstoRules::new),
            entry("XSWX", XswxRules::new),
            entry("XTAI", XtaiRules::new),
            entry("XTKS", XtksRules::new),
            entry("XTSE", XtseRules::new));

    private static final CalendarRegistry REGISTRY = new CalendarRegistry(RULES);

    private Calendars() {
    }

    /** The calendar with that code; {@link UnknownCalendarException} (listing the valid codes) otherwise. */
    public static ExchangeCalendar get(String code) {
        return REGISTRY.get(code);
    }

    /** Every supported calendar, sorted by code. */
    public static List<ExchangeCalendar> all() {
        return REGISTRY.all();
    }

    /** Code, name and zone of every supported calendar, sorted by code; cheap, builds no sessions. */
    public static List<CalendarInfo> infos() {
        return REGISTRY.infos();
    }

    /** The supported codes, sorted. */
    public static List<String> codes() {
        return REGISTRY.codes();
    }

    /** The registry behind this class, for code that takes a registry as a dependency. */
    public static CalendarRegistry registry() {
        return REGISTRY;
    }
}
