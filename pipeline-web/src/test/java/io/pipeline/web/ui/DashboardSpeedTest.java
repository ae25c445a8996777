package io.pipeline.web.ui;

import io.pipeline.store.DashboardQueries;
import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.EngineConfig;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server time of the pages the issues set budgets for, on a database of their size: the grid's JSON for 100 runs
 * by 200 (and 500) tasks, the DAG list of 500 DAGs rendered by its template, and a dataset's partition map of ten
 * years of XNYS sessions (queries and template). Prints the medians as key=value
 * ({@code bench/ui.sh} collects them); asserts what was built, never how fast.
 */
class DashboardSpeedTest {

    private static final int RUNS = 100;
    private static final int DAGS = 500;
    private static HikariDataSource db;
    private static JdbcClient jdbc;
    private static DagRegistry registry;

    @BeforeAll
    static void data() {
        db = TestDatabase.migratedDatabase(DashboardSpeedTest.class);
        jdbc = JdbcClient.create(db);
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), java.time.ZoneOffset.UTC);
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        registry = new DagRegistry(stores, new TransactionTemplate(new JdbcTransactionManager(db)), clock,
                EngineConfig.defaults("speed"));
        List<Dag> dags = new ArrayList<>(List.of(wide("grid_200", 200), wide("grid_500", 500)));
        registry.load(dags, List.of());
        runsWithTasks("grid_200", 200);
        runsWithTasks("grid_500", 500);
        jdbc.sql("""
                INSERT INTO dag (dag_id, is_paused, is_active, description, owners, tags, schedule_description,
                                 next_run_after, created_at, updated_at)
                SELECT 'list_' || lpad(i::text, 3, '0'), i % 7 = 0, true, 'DAG number ' || i, 'team-' || (i % 9),
                       ARRAY['t' || (i % 5), 'prices'], '18:30 America/New_York on XNYS sessions',
                       now() + interval '1 day', now(), now()
                FROM generate_series(1, :n) i""").param("n", DAGS - 2).update();
        jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at)
                SELECT d.dag_id, 'scheduled__' || k, 'scheduled', CASE WHEN k % 11 = 0 THEN 'failed' ELSE 'success' END,
                       timestamptz '2025-01-01' + k * interval '1 day', timestamptz '2025-01-01' + k * interval '1 day',
                       timestamptz '2025-01-02' + k * interval '1 day', now(), now(), now()
                FROM dag d CROSS JOIN generate_series(1, 30) k WHERE d.dag_id LIKE 'list_%'""").update();
        jdbc.sql("ANALYZE").update();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void grid_of_100_runs_by_200_and_500_tasks() {
        DashboardQueries queries = new DashboardQueries(jdbc);
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        GridController grid = new GridController(registry, queries);
        for (int tasks : new int[] {200, 500}) {
            String dagId = "grid_" + tasks;
            String body = json.writeValueAsString(grid.build(dagId, RUNS));
            GridData data = grid.build(dagId, RUNS);
            assertThat(data.runs()).hasSize(RUNS);
            assertThat(data.tasks()).hasSize(tasks);
            assertThat(data.rows()).allSatisfy(r -> assertThat(r).hasSize(RUNS).doesNotContain("."));
            assertThat(body).contains("\"rows\"");
            report("ui_grid_" + RUNS + "x" + tasks + "_ms", median(() -> json.writeValueAsString(
                    grid.build(dagId, RUNS))));
            report("ui_grid_" + RUNS + "x" + tasks + "_json_kb", body.length() / 1024);
        }
    }

    @Test
    void dag_list_of_500_dags_rendered() {
        DagPages pages = new DagPages(registry, new DashboardQueries(jdbc), List::of);
        SpringTemplateEngine engine = templates();
        Supplier<String> render = () -> {
            Context ctx = new Context();
            ctx.setVariable("page", pages.list(null, null));
            ctx.setVariable("me", new UiUser("speed", Role.USER));
            return engine.process("ui/dags", ctx);
        };
        String html = render.get();
        assertThat(html.split("<tr data-dag=", -1)).hasSize(DAGS + 1);
        assertThat(html).contains("list_498").contains("class=\"st-failed\"");
        report("ui_dag_list_" + DAGS + "_ms", median(render));
        report("ui_dag_list_" + DAGS + "_queries_ms", median(() -> pages.list(null, null)));
        report("ui_dag_list_" + DAGS + "_html_kb", html.length() / 1024);
    }

    @Test
    void partition_map_of_ten_years_of_xnys_sessions_rendered() {
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('pm_speed', now(), now())").update();
        long id = jdbc.sql("""
                INSERT INTO dataset (uri, partitioning, created_at, updated_at)
                VALUES ('postgres://speed/public/bars', 'sessions:XNYS', now(), now()) RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO dataset_reference (dataset_id, dag_id, task_id, kind) VALUES (:id, 'pm_speed', 'load', 'produces')")
                .param("id", id).update();
        List<java.time.LocalDate> sessions = io.pipeline.calendar.Calendars.get("XNYS")
                .sessionsInRange(java.time.LocalDate.of(2016, 1, 1), java.time.LocalDate.of(2025, 12, 31));
        for (int i = 0; i < sessions.size(); i++) {
            String key = sessions.get(i).toString();
            boolean failed = i % 50 == 7;
            jdbc.sql("""
                    INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                         data_interval_end, run_after, created_at, updated_at, partition_key)
                    VALUES ('pm_speed', 'run_' || :k, 'dataset_triggered', :s, CAST(:k || 'T05:00:00Z' AS timestamptz),
                            now(), now(), now(), now(), now(), :k)""")
                    .param("k", key).param("s", failed ? "failed" : "success").update();
            if (!failed && i % 40 != 3) { // some keys missing
                jdbc.sql("""
                        INSERT INTO dataset_event (dataset_id, partition_key, source_dag_id, source_task_id,
                                                   source_run_id, created_at)
                        VALUES (:id, :k, 'pm_speed', 'load', 'run_' || :k, now())""")
                        .param("id", id).param("k", key).update();
            }
        }
        jdbc.sql("ANALYZE").update();
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), java.time.ZoneOffset.UTC);
        io.pipeline.engine.DatasetService service = new io.pipeline.engine.DatasetService(
                io.pipeline.store.Stores.create(jdbc), new TransactionTemplate(new JdbcTransactionManager(db)), clock,
                registry);
        DatasetsController controller = new DatasetsController(service, clock);
        SpringTemplateEngine engine = templates();
        Supplier<String> render = () -> {
            org.springframework.ui.ExtendedModelMap model = new org.springframework.ui.ExtendedModelMap();
            String view = controller.partitions(id, 2016, 2025, model);
            Context ctx = new Context();
            ctx.setVariables(model);
            return engine.process(view, ctx);
        };
        String html = render.get();
        assertThat(html.split("class=\"partition-map\"", -1)).hasSize(11);
        long present = java.util.stream.IntStream.range(0, sessions.size()).filter(i -> i % 50 != 7 && i % 40 != 3)
                .count();
        long failed = java.util.stream.IntStream.range(0, sessions.size()).filter(i -> i % 50 == 7).count();
        assertThat(html.split("<rect class=\"pm present\"", -1).length - 1L).isEqualTo(present);
        assertThat(html).contains("id=\"pm-present-count\">" + present + "</b>",
                "id=\"pm-failed-count\">" + failed + "</b>",
                "id=\"pm-missing-count\">" + (sessions.size() - present - failed) + "</b>");
        report("ui_partition_map_10y_ms", median(render));
        report("ui_partition_map_10y_queries_ms", median(() -> service.partitions("postgres://speed/public/bars",
                java.time.LocalDate.of(2016, 1, 1), java.time.LocalDate.of(2025, 12, 31)).size()
                + service.failedProducerRuns("postgres://speed/public/bars", java.time.LocalDate.of(2016, 1, 1),
                java.time.LocalDate.of(2025, 12, 31)).size()));
        report("ui_partition_map_10y_html_kb", html.length() / 1024);
        // the DAG list counts the DAGs of this database
        jdbc.sql("DELETE FROM dag_run WHERE dag_id = 'pm_speed'").update();
        jdbc.sql("DELETE FROM dag WHERE dag_id = 'pm_speed'").update();
    }

    /** The dashboard's templates outside a web request (links relative to the root). */
    private static SpringTemplateEngine templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setEnableSpringELCompiler(true);
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> params) {
                return "";
            }
        });
        return engine;
    }

    /** A DAG of {@code n} tasks: a chain of ten stages, each stage a fan of n/10 tasks. */
    private static Dag wide(String dagId, int n) {
        return DagBuilder.dag(dagId).tasks(b -> {
            List<TaskRef> previous = List.of();
            for (int stage = 0; stage < 10; stage++) {
                List<TaskRef> current = new ArrayList<>();
                for (int i = 0; i < n / 10; i++) {
                    TaskRef t = b.task("s" + stage + "_t" + i, ctx -> null);
                    if (!previous.isEmpty()) {
                        t.after(previous.get(i % previous.size()));
                    }
                    current.add(t);
                }
                previous = current;
            }
        }).build();
    }

    private static void runsWithTasks(String dagId, int tasks) {
        jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at, start_date, end_date)
                SELECT :dag, 'scheduled__' || k, 'scheduled', 'success', timestamptz '2025-01-01' + k * interval '1 day',
                       timestamptz '2025-01-01' + k * interval '1 day', timestamptz '2025-01-02' + k * interval '1 day',
                       now(), now(), now(), now(), now()
                FROM generate_series(1, :runs) k""").param("dag", dagId).param("runs", RUNS).update();
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, state, try_number, max_tries, updated_at)
                SELECT r.id, r.dag_id, 's' || (t / :per) || '_t' || (t % :per),
                       CASE WHEN (r.id + t) % 97 = 0 THEN 'failed' ELSE 'success' END, 1, 1, now()
                FROM dag_run r CROSS JOIN generate_series(0, :tasks - 1) t WHERE r.dag_id = :dag""")
                .param("per", tasks / 10).param("tasks", tasks).param("dag", dagId).update();
    }

    /** Median wall time of 15 calls after 5 warm-up calls, in milliseconds. */
    private static double median(Supplier<?> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        double[] ms = new double[15];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return Math.round(ms[ms.length / 2] * 10) / 10.0;
    }

    private static void report(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
