package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Bars from a seeded random walk, for the offline default and for tests: the same seed, symbol and session always
 * give the same bars. Minutes come from the calendar's session (early closes shortened, lunch breaks skipped); the
 * day's opening level is a walk over calendar days from {@link #ANCHOR}, and daily bars aggregate the minute bars,
 * so that {@code bars_1d} and {@code bars_1m} agree. Every bar's source is {@value #SOURCE}.
 */
public final class SimulatedBarProvider implements BarProvider {

    public static final String SOURCE = "simulated";
    static final LocalDate ANCHOR = LocalDate.of(1990, 1, 1);
    private static final double DAILY_SIGMA = 0.012;
    private static final double MINUTE_SIGMA = 0.0007;

    private final ExchangeCalendar calendar;
    private final long seed;

    public SimulatedBarProvider(ExchangeCalendar calendar, long seed) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.seed = seed;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<MinuteBar> minuteBars(Ticker ticker, LocalDate sessionDate) {
        Session session = calendar.session(sessionDate);
        SplittableRandom random = new SplittableRandom(mix(seed, ticker.symbol(), sessionDate.toEpochDay() * 31 + 7));
        List<MinuteBar> bars = new ArrayList<>(400);
        double price = openingLevel(ticker.symbol(), sessionDate);
        long minutes = ChronoUnit.MINUTES.between(session.open(), session.close());
        for (long m = 0; m < minutes; m++) {
            Instant ts = session.open().plusSeconds(60 * m);
            if (session.hasBreak() && !ts.isBefore(session.breakStart()) && ts.isBefore(session.breakEnd())) {
                continue;
            }
            double open = price;
            double close = round(open * Math.exp(MINUTE_SIGMA * random.nextGaussian()));
            double high = round(Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * 0.0002));
            double low = round(Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * 0.0002));
            double edge = Math.abs((m - minutes / 2.0) / (minutes / 2.0)); // U-shaped volume through the day
            long volume = 500 + (long) (random.nextInt(2000) * (0.5 + 2 * edge * edge));
            bars.add(new MinuteBar(ticker.symbol(), ts, open, high, low, close, volume, SOURCE));
            price = close;
        }
        return bars;
    }

    @Override
    public List<DailyBar> dailyBars(Ticker ticker, LocalDate from, LocalDate to) {
        List<DailyBar> bars = new ArrayList<>();
        for (LocalDate d : calendar.sessionsInRange(from, to)) {
            List<MinuteBar> minutes = minuteBars(ticker, d);
            double high = minutes.stream().mapToDouble(MinuteBar::high).max().orElseThrow();
            double low = minutes.stream().mapToDouble(MinuteBar::low).min().orElseThrow();
            long volume = minutes.stream().mapToLong(MinuteBar::volume).sum();
            double close = minutes.getLast().close();
            bars.add(new DailyBar(ticker.symbol(), d, minutes.getFirst().open(), high, low, close, close, volume, SOURCE));
        }
        return bars;
    }

    /** The symbol's price at the open of the date: a walk over every calendar day since the anchor. */
    double openingLevel(String symbol, LocalDate date) {
        long base = mix(seed, symbol, -1);
        double level = 20 + Math.floorMod(base, 480);
        long days = ChronoUnit.DAYS.between(ANCHOR, date);
        double logDrift = 0;
        for (long k = 0; k < days; k++) {
            logDrift += DAILY_SIGMA * gaussian(mix(seed, symbol, k));
        }
        // keep simulated prices in a plausible band whatever the walk did over decades
        logDrift = Math.max(-2.5, Math.min(2.5, logDrift));
        return round(level * Math.exp(logDrift));
    }

    private static double gaussian(long bits) {
        // Box-Muller from two 26/27-bit halves: cheaper than a new generator per day
        double u1 = ((bits >>> 38) + 1) / (double) (1L << 26);
        double u2 = ((bits >>> 11) & ((1L << 27) - 1)) / (double) (1L << 27);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static long mix(long seed, String symbol, long salt) {
        long h = seed * 0x9E3779B97F4A7C15L ^ symbol.hashCode() * 0xC2B2AE3D27D4EB4FL ^ salt * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static double round(double price) {
        return Math.round(price * 10_000) / 10_000.0;
    }
}
