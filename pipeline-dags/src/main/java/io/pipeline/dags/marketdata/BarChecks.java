package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Data-quality checks over bars as fetched (so duplicates are still visible), per symbol and session: bars outside
 * the session's trading minutes (early closes and lunch breaks included), missing minutes against the calendar's
 * count, duplicate timestamps, non-positive prices or negative volume, and high &lt; low or open/close outside
 * [low, high].
 */
public final class BarChecks {

    private final ExchangeCalendar calendar;
    private final QualityPolicy policy;

    public BarChecks(ExchangeCalendar calendar, QualityPolicy policy) {
        this.calendar = calendar;
        this.policy = policy;
    }

    /** The checks for one symbol's bars of one session (as fetched for that session). */
    public List<CheckResult> minuteBars(String symbol, LocalDate session, List<MinuteBar> bars) {
        return sessionChecks(symbol, calendar.session(session), bars);
    }

    private List<CheckResult> sessionChecks(String symbol, Session s, List<MinuteBar> day) {
        List<CheckResult> r = new ArrayList<>();
        LocalDate d = s.date();
        List<MinuteBar> outside = day.stream().filter(b -> !insideTrading(s, b.ts())).toList();
        r.add(result(QualityPolicy.OUTSIDE_SESSION, symbol, d, outside.size(),
                outside.isEmpty() ? "" : outside.size() + " bar(s) outside " + s.open() + ".." + s.close()
                        + (s.hasBreak() ? " (break " + s.breakStart() + ".." + s.breakEnd() + ")" : "")
                        + ", first at " + outside.getFirst().ts()));
        Set<Instant> seen = new HashSet<>();
        Set<Instant> duplicated = new HashSet<>();
        day.forEach(b -> {
            if (!seen.add(b.ts())) {
                duplicated.add(b.ts());
            }
        });
        r.add(result(QualityPolicy.DUPLICATES, symbol, d, duplicated.size(),
                duplicated.isEmpty() ? "" : duplicated.size() + " timestamp(s) repeated, first "
                        + duplicated.stream().min(Instant::compareTo).orElseThrow()));
        long expected = calendar.tradingMinutes(d);
        long present = seen.stream().filter(t -> insideTrading(s, t)).count();
        long missing = Math.max(0, expected - present);
        r.add(result(QualityPolicy.MISSING_MINUTES, symbol, d, missing,
                missing == 0 ? "" : missing + " of " + expected + " minutes missing"));
        r.add(valueChecks(symbol, d, day, MinuteBar::ts, BarChecks::nonPositive, QualityPolicy.NON_POSITIVE));
        r.add(valueChecks(symbol, d, day, MinuteBar::ts, BarChecks::inconsistent, QualityPolicy.OHLC_INCONSISTENT));
        return r;
    }

    public List<CheckResult> dailyBars(List<DailyBar> bars, Collection<String> symbols, LocalDate from, LocalDate to) {
        List<CheckResult> r = new ArrayList<>();
        for (String symbol : symbols) {
            List<DailyBar> mine = bars.stream().filter(b -> b.symbol().equals(symbol)).toList();
            Set<LocalDate> seen = new HashSet<>();
            long dups = mine.stream().filter(b -> !seen.add(b.date())).count();
            r.add(result(QualityPolicy.DUPLICATES, symbol, to, dups, dups == 0 ? "" : dups + " repeated session(s)"));
            List<DailyBar> offCalendar = mine.stream().filter(b -> !calendar.isSession(b.date())).toList();
            r.add(result(QualityPolicy.OUTSIDE_SESSION, symbol, to, offCalendar.size(), offCalendar.isEmpty() ? ""
                    : offCalendar.size() + " bar(s) on non-session dates, first " + offCalendar.getFirst().date()));
            long expected = calendar.sessionsInRange(from, to).size();
            long missing = Math.max(0, expected - seen.stream().filter(calendar::isSession).count());
            r.add(result(QualityPolicy.MISSING_MINUTES, symbol, to, missing,
                    missing == 0 ? "" : missing + " of " + expected + " sessions missing"));
            r.add(valueChecks(symbol, to, mine, DailyBar::date, b -> nonPositive(b.open(), b.high(), b.low(), b.close(), b.volume()),
                    QualityPolicy.NON_POSITIVE));
            r.add(valueChecks(symbol, to, mine, DailyBar::date, b -> inconsistent(b.open(), b.high(), b.low(), b.close()),
                    QualityPolicy.OHLC_INCONSISTENT));
        }
        return r;
    }

    /** A symbol whose latest stored bar is older than the session: nothing new arrived since the previous one. */
    public CheckResult stale(String symbol, LocalDate session, LocalDate latestStored) {
        boolean stale = latestStored == null || latestStored.isBefore(session);
        return result(QualityPolicy.STALE_SYMBOL, symbol, session, stale ? 1 : 0,
                stale ? "latest data is from " + (latestStored == null ? "never" : latestStored.toString()) : "");
    }

    private <B> CheckResult valueChecks(String symbol, LocalDate d, List<B> bars, java.util.function.Function<B, Object> at,
                                        Predicate<B> bad, String check) {
        List<B> offending = bars.stream().filter(bad).toList();
        return result(check, symbol, d, offending.size(),
                offending.isEmpty() ? "" : offending.size() + " bar(s), first at " + at.apply(offending.getFirst()));
    }

    private CheckResult result(String check, String symbol, LocalDate session, long observed, String detail) {
        return new CheckResult(check, symbol, session, policy.of(check), observed == 0, observed, detail);
    }

    static boolean insideTrading(Session s, Instant t) {
        boolean inSession = !t.isBefore(s.open()) && t.isBefore(s.close());
        boolean inBreak = s.hasBreak() && !t.isBefore(s.breakStart()) && t.isBefore(s.breakEnd());
        return inSession && !inBreak;
    }

    private static boolean nonPositive(MinuteBar b) {
        return nonPositive(b.open(), b.high(), b.low(), b.close(), b.volume());
    }

    private static boolean nonPositive(double o, double h, double l, double c, long v) {
        return !(o > 0) || !(h > 0) || !(l > 0) || !(c > 0) || v < 0;
    }

    private static boolean inconsistent(MinuteBar b) {
        return inconsistent(b.open(), b.high(), b.low(), b.close());
    }

    private static boolean inconsistent(double o, double h, double l, double c) {
        return h < l || c < l || c > h || o < l || o > h;
    }
}
