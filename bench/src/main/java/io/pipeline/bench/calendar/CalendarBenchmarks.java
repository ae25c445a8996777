package io.pipeline.bench.calendar;

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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The calendar targets of issue 3 on XNYS: isSession and nextSession on dates spread over 1990-2030, every session
 * of the calendar read in full, and compiling the calendar from its rules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CalendarBenchmarks {

    private static final int DATES = 4096;

    private ExchangeCalendar calendar;
    private LocalDate[] dates;
    private int next;

    @Setup
    public void setUp() {
        calendar = IndexedCalendar.compile(new XnysRules());
        long first = calendar.firstSession().toEpochDay();
        long last = calendar.lastSession().toEpochDay();
        SplittableRandom random = new SplittableRandom(42);
        dates = new LocalDate[DATES];
        for (int i = 0; i < DATES; i++) {
            dates[i] = LocalDate.ofEpochDay(random.nextLong(first, last));
        }
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
