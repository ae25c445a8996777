package io.pipeline.dags.uitest;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.TriggerRule;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the dashboard's tests: {@code transform} fails (no retries) until its run is healed with {@link #heal}, and
 * it logs a line with markup, so that tests can check that logs and errors show as text. A mapped task gives the grid
 * a summary cell.
 */
public final class UiFlakyDag implements DagDefinition {

    public static final String DAG_ID = "ui_flaky";
    /** Logged by every try of transform; must show as text, never run. */
    public static final String MARKUP_LINE = "<script>window.__xss = 1</script><b>not bold</b>";
    private static final Set<String> HEALED = ConcurrentHashMap.newKeySet();

    /** From now on, transform succeeds in this run. */
    public static void heal(String runId) {
        HEALED.add(runId);
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Fails in transform until healed <i>(test DAG)</i>")
                .owner("ui-tests")
                .tags("ui-test")
                .param(ParamSpec.string("symbol").withDefault("AAPL").describedAs("what to fetch"))
                .param(ParamSpec.integer("days").withDefault(3))
                .tasks(b -> {
                    TaskRef extract = b.task("extract", ctx -> List.of("a", "b", "c"));
                    TaskRef fetch = b.task("fetch_part", ctx -> ctx.mapItem(String.class) + "!").expand(extract);
                    TaskRef transform = b.task("transform", ctx -> {
                        ctx.log().info("transform try {}: {}", ctx.tryNumber(), MARKUP_LINE);
                        if (!HEALED.contains(ctx.runId())) {
                            throw new IllegalStateException("transform failing <img src=x onerror=alert(1)>");
                        }
                        return "transformed";
                    }).doc("Fails until healed");
                    TaskRef load = b.task("load", ctx -> 3);
                    TaskRef report = b.task("report", ctx -> "done");
                    TaskRef notify = b.task("notify_on_failure", ctx -> "paged").triggerRule(TriggerRule.ONE_FAILED);
                    fetch.then(transform).then(load).then(report);
                    transform.then(notify);
                })
                .build();
    }
}
