package io.pipeline.bench.calendar;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.IndexedCalendar;
import io.pipeline.calendar.Session;
import io.pipeline.calendar.exchange.XnysRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The calendar targets of issue 3 on XNYS: isSession and nextSession on dates spread over 1990-2030, every session
 * of the calendar read in full, and compiling the calendar from its rules; and (issue 18) isSession and nextSession
 * on the calendar the registry hands out with 200 operators' overrides in force.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CalendarBenchmarks {

    private static final int DATES = 4096;

    private ExchangeCalendar calendar;
    /** XNYS as the registry hands it out (LiveCalendar) with 200 operators' overrides compiled in. */
    private ExchangeCalendar overridden;
    private LocalDate[] dates;
    private int next;

    @Setup
    public void setUp() {
        calendar = IndexedCalendar.compile(new XnysRules());
        overridden = withOverrides();
        long first = calendar.firstSession().toEpochDay();
        long last = calendar.lastSession().toEpochDay();
        SplittableRandom random = new SplittableRandom(42);
        dates = new LocalDate[DATES];
        for (int i = 0; i < DATES; i++) {
            dates[i] = LocalDate.ofEpochDay(random.nextLong(first, last));
        }
    }

    /** 100 closures and 100 half days, spread over the calendar's range (every 50th session). */
    private static ExchangeCalendar withOverrides() {
        CalendarRegistry registry = new CalendarRegistry(Map.of("XNYS", XnysRules::new));
        ExchangeCalendar base = registry.get("XNYS");
        List<CalendarOverride> overrides = new ArrayList<>();
        List<LocalDate> sessions = base.sessionsInRange(base.firstSession(), base.lastSession());
        for (int i = 1; i < sessions.size() - 1 && overrides.size() < 200; i += 50) {
            LocalDate d = sessions.get(i);
            overrides.add(overrides.size() % 2 == 0 ? CalendarOverride.closed(d, "benchmark closure")
                    : CalendarOverride.hours(d, LocalTime.of(9, 30), LocalTime.of(13, 0), "benchmark half day"));
        }
        registry.applyOverrides("XNYS", overrides);
        return registry.get("XNYS");
    }

    private LocalDate nextDate() {
        next = (next + 1) & (DATES - 1);
        return dates[next];
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean isSession() {
        return calendar.isSession(nextDate());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public LocalDate nextSession() {
        return calendar.nextSession(nextDate());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean isSessionWithOverrides() {
        return overridden.isSession(nextDate());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public LocalDate nextSessionWithOverrides() {
        return overridden.nextSession(nextDate());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void allSessions(Blackhole blackhole) {
        for (Session s : calendar.sessions(calendar.firstSession(), calendar.lastSession())) {
            blackhole.consume(s.open());
            blackhole.consume(s.close());
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ExchangeCalendar build() {
        return IndexedCalendar.compile(new XnysRules());
    }
}
