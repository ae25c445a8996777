package io.pipeline.bench.node;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A DAG of 5,000 tasks and a run of 50,000 mapped instances on the shipped jar (default settings, its embedded
 * PostgreSQL), through the REST API and the dashboard as a user reaches them. {@code stress_big_dag} is run twice:
 * once with its 5,000 layered tasks and no mapped instances, once with one layer and 50,000 mapped instances; each
 * run's wall time is its {@code start_date} to {@code end_date} as the API reports them (as bench/node.sh measures).
 * After each run the grid's JSON (the 25 newest runs), the graph page of that run and the graph's state poll are
 * timed ({@code bench.bigdag.requests} sequential requests after 3 untimed ones; median printed, p95 beside it).
 * While the mapped run runs, the grid and the state poll are requested every 500 ms from another thread, as an open
 * dashboard would, and their p95 printed: the dashboard stays responsive while 50,000 instances move.
 */
public final class BigDagBenchmark {

    private static final String DAG = "stress_big_dag";
    /** With {@code tasks = 0} the first layer of 50 still runs, and the {@code items} task. */
    private static final int OTHER_TIS_OF_THE_MAPPED_RUN = 51;

    private BigDagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/bigdag"));
        int tasks = Integer.getInteger("bench.bigdag.tasks", 5_000);
        int mapped = Integer.getInteger("bench.bigdag.mapped", 50_000);
        int requests = Integer.getInteger("bench.bigdag.requests", 10);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        NodeBenchmark.deleteRecursively(dir);
        Files.createDirectories(dir);
        int port = NodeBenchmark.freePort();
        try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, List.of())) {
            Api api = new Api(port, "admin", NodeBenchmark.PASSWORD);
            api.awaitHealthy(Duration.ofMinutes(3), node);
            api.awaitDag(DAG, Duration.ofMinutes(1));
            HistoryBenchmark.Ui ui = HistoryBenchmark.Ui.login(port, "admin", NodeBenchmark.PASSWORD);

            // warm-up: a few layers and a small fan-out (a deployed node is a long-running JVM)
            api.runToEnd(DAG, "warmup", Map.of("tasks", 500, "mapped", 2_000), Duration.ofMinutes(10));
            get(ui, "/ui/api/dags/" + DAG + "/grid?runs=25");
            get(ui, "/ui/dags/" + DAG + "/graph?run=warmup");

            Api.Run big = api.runToEnd(DAG, "big_dag", Map.of("tasks", tasks, "mapped", 0), Duration.ofMinutes(30));
            NodeBenchmark.print("big_dag_tasks", tasks);
            NodeBenchmark.print("big_dag_" + tasks + "_wall_s", NodeBenchmark.seconds(big.start(), big.end()));
            views("big_dag", ui, "big_dag", requests);

            List<Double> gridDuring = Collections.synchronizedList(new ArrayList<>());
            List<Double> statesDuring = Collections.synchronizedList(new ArrayList<>());
            List<String> errorsDuring = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            api.trigger(DAG, "mapped", Map.of("tasks", 0, "mapped", mapped));
            Thread dashboard = Thread.ofPlatform().name("dashboard").start(() -> {
                while (running.get()) {
                    try {
                        gridDuring.add(timed(() -> get(ui, "/ui/api/dags/" + DAG + "/grid?runs=25")));
                        statesDuring.add(timed(() -> get(ui, "/ui/api/dags/" + DAG + "/run-states?run=mapped")));
                    } catch (RuntimeException e) {
                        errorsDuring.add(e.getMessage());
                    }
                    NodeBenchmark.sleep(500);
                }
            });
            Api.Run fan;
            try {
                fan = api.awaitEnd(DAG, "mapped", Duration.ofMinutes(30));
            } finally {
                running.set(false);
                dashboard.join();
            }
            if (!fan.state().equals("success") || !errorsDuring.isEmpty()) {
                throw new IllegalStateException("the mapped run ended " + fan.state() + "; dashboard errors during it: "
                        + errorsDuring);
            }
            double fanSeconds = NodeBenchmark.seconds(fan.start(), fan.end());
            String key = "mapped_" + (mapped % 1000 == 0 ? (mapped / 1000) + "k" : String.valueOf(mapped));
            NodeBenchmark.print(key + "_wall_s", fanSeconds);
            NodeBenchmark.print(key + "_tis_per_s", (mapped + OTHER_TIS_OF_THE_MAPPED_RUN) / fanSeconds);
            NodeBenchmark.print(key + "_grid_during_run_p95_ms", NodeBenchmark.percentile(gridDuring, 95));
            NodeBenchmark.print(key + "_run_states_during_run_p95_ms", NodeBenchmark.percentile(statesDuring, 95));
            NodeBenchmark.print(key + "_dashboard_samples_during_run", gridDuring.size());
            views(key, ui, "mapped", requests);
            // the page of the mapped task: a window of its instances with the counts by state, not 50,000 links
            measure(key + "_ti_page", requests,
                    () -> get(ui, "/ui/dags/" + DAG + "/ti?run=mapped&task=mapped&map=" + (mapped / 2)));
        }
    }

    /** Times the grid's JSON, the graph page of {@code runId} and the graph's state poll. */
    private static void views(String prefix, HistoryBenchmark.Ui ui, String runId, int requests) {
        measure(prefix + "_grid", requests, () -> get(ui, "/ui/api/dags/" + DAG + "/grid?runs=25"));
        measure(prefix + "_graph", requests, () -> get(ui, "/ui/dags/" + DAG + "/graph?run=" + runId));
        measure(prefix + "_run_states", requests,
                () -> get(ui, "/ui/api/dags/" + DAG + "/run-states?run=" + runId));
    }

    private static void measure(String key, int requests, Supplier<HttpResponse<String>> call) {
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            bytes = call.get().body().length();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ms.add(timed(call::get));
        }
        NodeBenchmark.print(key + "_ms", NodeBenchmark.percentile(ms, 50));
        NodeBenchmark.print(key + "_p95_ms", NodeBenchmark.percentile(ms, 95));
        NodeBenchmark.print(key + "_kb", bytes / 1024.0);
    }

    private static double timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static HttpResponse<String> get(HistoryBenchmark.Ui ui, String path) {
        HttpResponse<String> r = ui.get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r;
    }
}
