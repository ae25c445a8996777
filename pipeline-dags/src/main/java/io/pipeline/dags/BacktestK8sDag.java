package io.pipeline.dags;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.BacktestRunner;
import io.pipeline.dags.marketdata.BacktestTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TypeToken;
import io.pipeline.task.k8s.JobSpec;
import io.pipeline.task.k8s.KubeClientSource;
import io.pipeline.task.k8s.KubernetesJob;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backtest} on Kubernetes: the history is prepared here as in {@code backtest}, then each strategy (a pair
 * of moving-average windows from param {@code strategies}, e.g. {@code 10/50,20/100}) runs as its own Kubernetes
 * Job (a dynamic fan-out: one mapped task instance, one Job, per strategy). Image and namespace come from the run's
 * params, whose defaults come from {@code PIPELINE_BACKTEST_K8S_IMAGE} and {@code PIPELINE_BACKTEST_K8S_NAMESPACE}.
 * The client is connection {@code PIPELINE_CONN_K8S} when configured, else kube-config or the in-cluster account.
 * Manual only, so an installation without a cluster never runs it by itself.
 */
public final class BacktestK8sDag implements DagDefinition {

    public static final String DAG_ID = "backtest_k8s";
    public static final String CONNECTION = "k8s";
    /** The runner image built from {@code deploy/images/pipeline-backtest/Dockerfile}, under a placeholder registry. */
    static final String DEFAULT_IMAGE = "registry.example/pipeline-backtest:0.1.0";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("backtest with one Kubernetes Job per strategy (moving-average window pair)")
                .owner("research")
                .tags("market-data", "research", "kubernetes")
                .schedule(Schedules.manual())
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .params(MarketDataParams.common())
                .params(ParamSpec.string("strategies").withDefault("10/50,20/100,50/200")
                                .describedAs("short/long moving-average windows, one Job each"),
                        ParamSpec.integer("lookback_sessions").withDefault(252).describedAs("sessions in the test window"),
                        ParamSpec.string("end").withDefault("").describedAs("last session (YYYY-MM-DD); empty for the run's"),
                        ParamSpec.string("image").withDefault(env("PIPELINE_BACKTEST_K8S_IMAGE", DEFAULT_IMAGE))
                                .describedAs("container image that runs one strategy"),
                        ParamSpec.string("namespace").withDefault(env("PIPELINE_BACKTEST_K8S_NAMESPACE", "backtest"))
                                .describedAs("Kubernetes namespace of the Jobs"))
                .tasks(b -> {
                    TaskRef history = b.task("prepare_history", BacktestTasks::prepareHistory);
                    TaskRef strategies = b.task("strategies", BacktestK8sDag::strategies);
                    b.task("run_strategy", job()).expand(strategies).executionTimeout(Duration.ofHours(2));
                    history.then(strategies);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }

    /** The strategies of the run: {@code [{name: ma_10_50, short_window: 10, long_window: 50}, ...]}. */
    static List<Map<String, Object>> strategies(TaskContext ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String pair : ctx.param("strategies", String.class).split(",")) {
            String[] w = pair.trim().split("/");
            if (w.length != 2 || !w[0].matches("\\d+") || !w[1].matches("\\d+")
                    || Integer.parseInt(w[0]) < 1 || Integer.parseInt(w[0]) >= Integer.parseInt(w[1])) {
                throw new IllegalArgumentException("param strategies: '" + pair.trim()
                        + "' is not SHORT/LONG with 0 < SHORT < LONG (e.g. 10/50)");
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", "ma_" + w[0] + "_" + w[1]);
            s.put("short_window", Integer.parseInt(w[0]));
            s.put("long_window", Integer.parseInt(w[1]));
            out.add(s);
        }
        ctx.log().info("{} strategies: {}", out.size(), out);
        return out;
    }

    static KubernetesJob job() {
        return KubernetesJob.of(BacktestK8sDag::spec).withClient(ctx -> {
            ConnectionRegistry connections = ctx.resource(ConnectionRegistry.class);
            return connections.find(CONNECTION).isPresent() ? KubeClientSource.connection(CONNECTION).open(ctx)
                    : KubeClientSource.auto().open(ctx);
        });
    }

    /**
     * One strategy's container: the {@code backtest} command of the runner image ({@link BacktestRunner}), writing
     * to the market-data database with the login of secret {@code marketdata-db}.
     */
    static JobSpec spec(TaskContext ctx) {
        Map<String, Object> s = ctx.mapItem(new TypeToken<Map<String, Object>>() {});
        String end = ctx.param("end", String.class);
        return JobSpec.image(ctx.param("image", String.class))
                .namespace(ctx.param("namespace", String.class))
                .args("backtest", "--run-id", ctx.runId(), "--strategy", String.valueOf(s.get("name")),
                        "--short-window", String.valueOf(s.get("short_window")),
                        "--long-window", String.valueOf(s.get("long_window")),
                        "--lookback-sessions", String.valueOf(ctx.param("lookback_sessions", Integer.class)),
                        "--end", end == null || end.isBlank() ? MarketData.session(ctx).toString() : end)
                .env(BacktestRunner.DB_URL, "jdbc:postgresql://marketdata-db:5432/pipeline")
                .envFromSecret(BacktestRunner.DB_USER, "marketdata-db", "username")
                .envFromSecret(BacktestRunner.DB_PASSWORD, "marketdata-db", "password")
                .requests("500m", "1Gi").limits("2", "2Gi")
                .serviceAccount("backtest")
                .label("app.kubernetes.io/part-of", "pipeline")
                .label("strategy", String.valueOf(s.get("name")))
                .build();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
