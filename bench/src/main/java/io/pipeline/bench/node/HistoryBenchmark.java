package io.pipeline.bench.node;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Years of history: the shipped jar started on an empty database (its Flyway migrations), its scheduler tick
 * sampled; then {@link HistoryData} writes years of runs into that database, the jar is restarted on it (as after
 * an upgrade) and the API and the dashboard are timed, {@code bench.history.requests} requests per page (after
 * {@code bench.history.warmup}), each on another DAG or run, one at a time over localhost; then the tick again.
 * Prints {@code history_<page>_p95_ms} and {@code history_scheduler_tick_ratio} (mean {@code pipeline.scheduler.loop}
 * over the sampling window with the history, over the same on the empty database).
 */
public final class HistoryBenchmark {

    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/history"));
        int dags = Integer.getInteger("bench.history.dags", 200);
        int tasks = Integer.getInteger("bench.history.tasks", 30);
        int years = Integer.getInteger("bench.history.years", 3);
        int audit = Integer.getInteger("bench.history.audit-per-session", 400);
        int requests = Integer.getInteger("bench.history.requests", 60);
        int warmup = Integer.getInteger("bench.history.warmup", 10);
        int tickSeconds = Integer.getInteger("bench.history.tick-seconds", 60);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        // bench.history.reuse=true: measure again on the database a previous run generated (e.g. after adding a
        // migration, which the jar then applies to the large tables); the empty-database tick is given as
        // bench.history.tick-empty-ms from that run.
        boolean reuse = Boolean.getBoolean("bench.history.reuse");
        if (!reuse) {
            NodeBenchmark.deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        int port = NodeBenchmark.freePort();
        Api api = new Api(port, "admin", NodeBenchmark.PASSWORD);

        double tickEmpty = Double.parseDouble(System.getProperty("bench.history.tick-empty-ms", "NaN"));
        String url = null;
        if (!reuse) {
            try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, List.of())) {
                api.awaitHealthy(Duration.ofMinutes(3), node);
                url = url(dir);
                tickEmpty = tickMeanMs(api, tickSeconds);
                NodeBenchmark.print("history_scheduler_tick_empty_mean_ms", tickEmpty);

                long start = System.nanoTime();
                Map<String, Long> counts = new HistoryData(url, dags, tasks, years, audit)
                        .generate(LocalDate.now(ZoneOffset.UTC));
                NodeBenchmark.print("history_generate_s", (System.nanoTime() - start) / 1e9);
                counts.forEach((k, v) -> NodeBenchmark.print("history_rows_" + k, v));
            }
        }
        long[] sizes = null;
        try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, List.of())) {
            long start = System.nanoTime();
            api.awaitHealthy(Duration.ofMinutes(5), node);
            NodeBenchmark.print("history_restart_s", (System.nanoTime() - start) / 1e9);
            url = url(dir);
            sizes = HistoryData.sizes(url);
            NodeBenchmark.print("history_run_tables_gb", sizes[0] / 1e9);
            NodeBenchmark.print("history_database_gb", sizes[1] / 1e9);
            // the run tables (as node_db_bytes_per_ti counts them, but not vacuumed: written once, no dead rows)
            // over the task instances they hold
            NodeBenchmark.print("history_db_bytes_per_ti", sizes[2] == 0 ? Double.NaN : (double) sizes[0] / sizes[2]);

            Samples samples = Samples.of(url, dags);
            Ui ui = Ui.login(port, "admin", NodeBenchmark.PASSWORD);
            measure("api_dag_list", warmup, requests, i -> api.raw("/dags?limit=100"));
            measure("dag_list", warmup, requests, i -> ui.get("/ui/dags"));
            measure("grid_25", warmup, requests, i -> ui.get("/ui/api/dags/" + samples.dag(i) + "/grid?runs=25"));
            measure("grid_100", warmup, requests, i -> ui.get("/ui/api/dags/" + samples.dag(i) + "/grid?runs=100"));
            measure("grid_page", warmup, requests, i -> ui.get("/ui/dags/" + samples.dag(i) + "/grid"));
            measure("dag_runs", warmup, requests,
                    i -> api.raw("/dags/" + samples.dag(i) + "/dagRuns?limit=100&order_by=-execution_date"));
            measure("run_task_instances", warmup, requests, i -> api.raw("/dags/" + samples.dag(i) + "/dagRuns/"
                    + enc(samples.run(i)) + "/taskInstances"));
            measure("task_tries", warmup, requests, i -> ui.get("/ui/dags/" + samples.dag(i) + "/ti?run="
                    + enc(samples.run(i)) + "&task=" + samples.task(i)));
            measure("tries_chart", warmup, requests, i -> ui.get("/ui/dags/" + samples.dag(i) + "/tries"));
            measure("event_log_by_dag", warmup, requests,
                    i -> api.raw("/eventLogs?limit=100&dag_id=" + samples.dag(i)));
            measure("event_log_by_user", warmup, requests,
                    i -> api.raw("/eventLogs?limit=100&owner=user_" + String.format("%02d", i % 25)));
            measure("event_log_by_user_last_page", warmup, requests, i -> api.raw("/eventLogs?limit=100&offset="
                    + samples.lastUserOffset() + "&owner=user_" + String.format("%02d", i % 25)));
            measure("landing_times", warmup, requests, i -> ui.get("/ui/dags/" + samples.dag(i) + "/landing"));
            measure("calendar", warmup, requests, i -> ui.get("/ui/dags/" + samples.dag(i) + "/calendar?year="
                    + samples.year(i)));

            double tickHistory = tickMeanMs(api, tickSeconds);
            NodeBenchmark.print("history_scheduler_tick_mean_ms", tickHistory);
            NodeBenchmark.print("history_scheduler_tick_ratio", tickHistory / tickEmpty);
        }
    }

    private static String url(Path dir) throws IOException {
        return "jdbc:postgresql://localhost:" + Files.readString(dir.resolve("data/postgres.port")).strip()
                + "/pipeline";
    }

    /** Times {@code requests} GETs after {@code warmup} untimed ones; each must answer 200. */
    private static void measure(String page, int warmup, int requests, IntFunction<HttpResponse<String>> call) {
        for (int i = 0; i < warmup; i++) {
            check(page, call.apply(requests + i));
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = call.apply(i);
            ms.add((System.nanoTime() - start) / 1e6);
            check(page, r);
        }
        NodeBenchmark.print("history_" + page + "_p50_ms", NodeBenchmark.percentile(ms, 50));
        NodeBenchmark.print("history_" + page + "_p95_ms", NodeBenchmark.percentile(ms, 95));
    }

    private static void check(String page, HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(page + ": " + r.uri() + " answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
    }

    /** The mean scheduler pass over {@code seconds}, from the {@code pipeline.scheduler.loop} timer (after 15 s). */
    private static double tickMeanMs(Api api, int seconds) {
        NodeBenchmark.sleep(15_000);
        double[] before = loop(api);
        NodeBenchmark.sleep(seconds * 1000L);
        double[] after = loop(api);
        double count = after[0] - before[0];
        if (count <= 0) {
            throw new IllegalStateException("the scheduler made no pass in " + seconds + " s");
        }
        return (after[1] - before[1]) / count * 1000;
    }

    /** {count, sum in seconds} of pipeline_scheduler_loop_seconds. */
    private static double[] loop(Api api) {
        HttpResponse<String> r = api.rawActuator("/actuator/prometheus");
        check("prometheus", r);
        double count = Double.NaN;
        double sum = Double.NaN;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("pipeline_scheduler_loop_seconds_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("pipeline_scheduler_loop_seconds_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (Double.isNaN(count) || Double.isNaN(sum)) {
            throw new IllegalStateException("no pipeline_scheduler_loop_seconds in /actuator/prometheus");
        }
        return new double[] {count, sum};
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Runs, tasks and years to ask for, picked from the generated rows (spread over the whole history). */
    private record Samples(List<String> dags, List<String> runs, List<Integer> years, int tasks, long lastUserOffset) {

        static Samples of(String url, int dags) throws SQLException {
            List<String> dagIds = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            List<Integer> years = new ArrayList<>();
            long perUser;
            int tasks;
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("""
                        SELECT dag_id, run_id, extract(year FROM session_date)::int FROM dag_run
                        WHERE dag_id LIKE 'hist\\_%' ORDER BY random() LIMIT 200""")) {
                    while (rs.next()) {
                        dagIds.add(rs.getString(1));
                        runs.add(rs.getString(2));
                        years.add(rs.getInt(3));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log WHERE owner = 'user_00'")) {
                    rs.next();
                    perUser = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(DISTINCT task_id) FROM task_instance WHERE run_pk = (SELECT min(id) FROM dag_run"
                                + " WHERE dag_id LIKE 'hist\\_%')")) {
                    rs.next();
                    tasks = rs.getInt(1);
                }
            }
            if (dagIds.isEmpty()) {
                throw new IllegalStateException("no generated runs to sample (of " + dags + " DAGs)");
            }
            return new Samples(dagIds, runs, years, tasks, Math.max(0, perUser - 150));
        }

        String dag(int i) {
            return dags.get(i % dags.size());
        }

        String run(int i) {
            return runs.get(i % runs.size());
        }

        int year(int i) {
            return years.get(i % years.size());
        }

        String task(int i) {
            return "task_" + String.format("%02d", (i * 7) % tasks);
        }
    }

    /** A dashboard session: form login with its CSRF token, then the session cookie. */
    record Ui(String base, HttpClient http) {

        static Ui login(int port, String user, String password) throws IOException, InterruptedException {
            Ui ui = new Ui("http://localhost:" + port, HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build());
            HttpResponse<String> form = ui.get("/login");
            Matcher m = LOGIN_CSRF.matcher(form.body());
            if (!m.find()) {
                throw new IllegalStateException("the login form has no CSRF field");
            }
            String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
            HttpResponse<String> done = ui.http.send(HttpRequest.newBuilder(URI.create(ui.base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String location = done.headers().firstValue("location").orElse("");
            if (done.statusCode() != 302 || location.contains("error")) {
                throw new IllegalStateException("dashboard login failed: " + done.statusCode() + " " + location);
            }
            return ui;
        }

        HttpResponse<String> get(String path) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("request failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
