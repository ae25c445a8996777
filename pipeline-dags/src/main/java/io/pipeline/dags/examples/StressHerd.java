package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.DagFamily;
import io.pipeline.dag.TaskRef;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Load for the scheduler at the close: {@code pipeline.examples.herd-dags} DAGs ({@code stress_herd_0000}...), each
 * a start task, a fan-out of {@value #WIDTH} no-op tasks and an end task, all scheduled at the XNYS close of every
 * session (catchup off, so a node starting after a close creates only that close's runs). None are defined unless the
 * setting is given, so a default start loads none. Settings are read from JVM system properties
 * ({@code -Dpipeline.examples.herd-dags=1000}) or the environment ({@code PIPELINE_EXAMPLES_HERD_DAGS=1000}):
 * <ul>
 *   <li>{@code pipeline.examples.herd-dags}: how many DAGs, 0..{@value #MAX_DAGS} (default 0)</li>
 *   <li>{@code pipeline.examples.herd-start-date}: their start date in New York (default 2025-01-02)</li>
 * </ul>
 * The herd benchmark (bench/herd.sh) uses them; see docs/decisions/herd.md.
 */
public final class StressHerd implements DagFamily {

    public static final String DAG_ID_PREFIX = "stress_herd_";
    public static final String COUNT_SETTING = "pipeline.examples.herd-dags";
    public static final String START_SETTING = "pipeline.examples.herd-start-date";
    public static final int WIDTH = 18;
    public static final int MAX_DAGS = 10_000;
    private static final LocalDate DEFAULT_START = LocalDate.of(2025, 1, 2);

    private final UnaryOperator<String> settings;

    public StressHerd() {
        this(StressHerd::systemSetting);
    }

    StressHerd(UnaryOperator<String> settings) {
        this.settings = settings;
    }

    @Override
    public List<DagDefinition> definitions() {
        String countText = settings.apply(COUNT_SETTING);
        int count = countText == null || countText.isBlank() ? 0 : Integer.parseInt(countText.strip());
        if (count < 0 || count > MAX_DAGS) {
            throw new IllegalArgumentException(COUNT_SETTING + " must be 0.." + MAX_DAGS + ", got " + count);
        }
        String startText = settings.apply(START_SETTING);
        LocalDate start = startText == null || startText.isBlank() ? DEFAULT_START : LocalDate.parse(startText.strip());
        List<DagDefinition> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String dagId = String.format(Locale.ROOT, "%s%04d", DAG_ID_PREFIX, i);
            members.add(() -> member(dagId, start));
        }
        return members;
    }

    /** A system property, else the environment variable of the same name (upper case, dots and dashes as _). */
    static String systemSetting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    /** One DAG of the herd: start, {@value #WIDTH} no-op tasks in parallel, end. */
    static Dag member(String dagId, LocalDate start) {
        return DagBuilder.dag(dagId)
                .description("Stress: one of the herd of DAGs scheduled at the XNYS close")
                .owner("examples")
                .tags("example", "stress", "herd")
                .schedule(Schedules.sessionClose("XNYS"))
                .startDate(start, "America/New_York")
                .catchup(false)
                .tasks(b -> {
                    TaskRef first = b.task("start", ctx -> null);
                    TaskRef last = b.task("end", ctx -> null);
                    List<TaskRef> middle = IntStream.range(0, WIDTH)
                            .mapToObj(i -> b.task(String.format(Locale.ROOT, "work_%02d", i), ctx -> null))
                            .toList();
                    middle.forEach(t -> first.then(t).then(last));
                })
                .build();
    }
}
