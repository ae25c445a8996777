package io.pipeline.bench.calendar;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link CalendarBenchmarks} and prints one {@code key=value} line per figure (JMH's own report goes to the
 * file named by {@code -Dcalendar.bench.log}, default {@code calendar-jmh.log}).
 */
public final class CalendarBench {

    private static final Map<String, String> KEYS = Map.of(
            "isSession", "calendar_is_session_ns",
            "nextSession", "calendar_next_session_ns",
            "allSessions", "calendar_all_sessions_us",
            "build", "calendar_build_ms",
            "isSessionWithOverrides", "calendar_is_session_overrides_ns",
            "nextSessionWithOverrides", "calendar_next_session_overrides_ns");

    private CalendarBench() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(CalendarBenchmarks.class.getName() + "\\.")
                .output(System.getProperty("calendar.bench.log", "calendar-jmh.log"))
                .build();
        Map<String, String> lines = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double score = result.getPrimaryResult().getScore();
            lines.put(KEYS.getOrDefault(method, "calendar_" + method), String.format(Locale.ROOT, "%.3f", score));
        }
        lines.forEach((key, value) -> System.out.println(key + "=" + value));
    }
}
