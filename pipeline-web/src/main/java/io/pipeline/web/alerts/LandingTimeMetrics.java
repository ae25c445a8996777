package io.pipeline.web.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.schedule.SessionCronTimetable;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.schedule.Timetable;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a DAG run on a trading-session schedule finishes, how long after (or before) its session's close it landed:
 * <ul>
 *   <li>{@code pipeline.dagrun.landing} — timer of |end − close|, tags {@code dag}, {@code state} (success, failed)
 *       and {@code relative} ({@code after_close}, {@code before_close}); a timer cannot hold negative values, hence
 *       the tag;</li>
 *   <li>{@code pipeline.dagrun.landing.last} — gauge per {@code dag}: end − close of its last finished run, seconds,
 *       negative when it landed before the close.</li>
 * </ul>
 * A listener rather than engine code so that runs finished by an operator's mark count too. It runs inside the
 * state change's transaction and reads only memory (the loaded DAG and its calendar).
 */
public final class LandingTimeMetrics implements StateChangeListener {

    private final DagRegistry registry;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> lastMillis = new ConcurrentHashMap<>();

    public LandingTimeMetrics(DagRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.meters = meters;
    }

    @Override
    public void onDagRunStateChange(DagRunStateChange c) {
        if (!c.to().isTerminal() || c.from() != null && c.from().isTerminal()) {
            return;
        }
        registry.dag(c.dagId()).map(d -> sessionClose(d.timetable(), c.logicalDate()))
                .ifPresent(close -> record(c, Duration.between(close, c.at())));
    }

    private void record(DagRunStateChange c, Duration landing) {
        Timer.builder("pipeline.dagrun.landing")
                .description("When finished runs of session schedules landed relative to their session's close")
                .tags("dag", c.dagId(), "state", c.to().value(),
                        "relative", landing.isNegative() ? "before_close" : "after_close")
                .register(meters)
                .record(landing.abs());
        lastMillis.computeIfAbsent(c.dagId(), this::lastGauge).set(landing.toMillis());
    }

    private AtomicLong lastGauge(String dagId) {
        AtomicLong holder = new AtomicLong();
        Gauge.builder("pipeline.dagrun.landing.last", holder, h -> h.get() / 1000.0)
                .description("End of the DAG's last finished run minus its session's close (negative: before)")
                .baseUnit("seconds")
                .tag("dag", dagId)
                .register(meters);
        return holder;
    }

    /** The close of the session the run stands for, or null when the schedule has no sessions or it is none. */
    static Instant sessionClose(Timetable timetable, Instant logicalDate) {
        ExchangeCalendar calendar = switch (timetable) {
            case SessionTimetable s -> s.calendar();
            case SessionCronTimetable s -> s.calendar();
            case null, default -> null;
        };
        if (calendar == null) {
            return null;
        }
        LocalDate session = timetable.sessionOf(logicalDate);
        return session == null ? null : calendar.sessionClose(session);
    }
}
