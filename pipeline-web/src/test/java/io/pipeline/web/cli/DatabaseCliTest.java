package io.pipeline.web.cli;

import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that need the database, in-process against a fresh database of the test PostgreSQL (given as
 * system properties for the duration of each command, the way SPRING_DATASOURCE_URL would be).
 */
class DatabaseCliTest {

    private static String url;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void database() {
        try (var ds = TestDatabase.emptyDatabase("web_cli", 1)) {
            url = ds.getJdbcUrl();
        }
    }

    @BeforeEach
    void pointAtTheTestDatabase() {
        set("spring.datasource.url", url);
        set("spring.datasource.username", "postgres");
        set("spring.datasource.password", "postgres");
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void set(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key)); // the value from before this test
        }
        System.setProperty(key, value);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void users_are_created_listed_and_deleted_with_bad_input_rejected() {
        assertThat(run("users", "create", "--username", "carol", "--role", "op", "--password", "carol-secret-1",
                "--email", "carol@example.com")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("User 'carol' created with role Op");

        assertThat(run("users", "list")).isZero();
        assertThat(out.toString().lines()).contains("username\trole\temail\tactive", "carol\tOp\tcarol@example.com\ttrue");

        assertThat(run("users", "create", "--username", "carol", "--role", "viewer", "--password", "another-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("user 'carol' already exists");
        assertThat(run("users", "create", "--username", "dave", "--role", "boss", "--password", "dave-secret-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown role 'boss'").contains("Viewer, User, Op, Admin");

        assertThat(run("users", "delete", "--username", "carol")).isZero();
        assertThat(run("users", "delete", "--username", "carol")).isEqualTo(2);
        assertThat(err.toString()).contains("user 'carol' does not exist");
    }

    @Test
    void dags_are_listed_triggered_and_paused() {
        assertThat(run("dags", "list")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).anyMatch(l -> l.startsWith("example_trading_day\tfalse\t"));

        assertThat(run("dags", "trigger", "example_hello", "-r", "from_cli", "-e", "2026-01-05T15:00:00Z",
                "-c", "{\"who\": \"cli\"}")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Created run from_cli of DAG example_hello", "2026-01-05T15:00:00Z");
        assertThat(run("dags", "trigger", "example_hello", "-r", "from_cli")).isEqualTo(2);
        assertThat(err.toString()).contains("from_cli").contains("already exists");
        assertThat(run("dags", "trigger", "example_hello", "-c", "[1]")).isEqualTo(2);
        assertThat(err.toString()).contains("--conf").contains("JSON object");

        assertThat(run("dags", "pause", "example_hello")).isZero();
        assertThat(out.toString()).contains("Dag: example_hello, paused: true");
        assertThat(run("dags", "unpause", "no_such_dag")).isEqualTo(2);
        assertThat(err.toString()).contains("no_such_dag");
    }

    @Test
    void runs_and_the_states_of_their_task_instances_are_listed_in_airflows_columns() {
        assertThat(run("dags", "trigger", "example_hello", "-r", "listed_run", "-e", "2026-02-02T15:00:00Z"))
                .as(err.toString()).isZero();

        assertThat(run("dags", "list-runs", "example_hello", "-o", "plain")).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("dag_id\trun_id\tstate\texecution_date\tstart_date\tend_date");
        assertThat(lines).contains("example_hello\tlisted_run\tqueued\t2026-02-02T15:00:00Z\t\t");
        assertThat(run("dags", "list-runs", "-d", "example_hello", "--state", "success", "-o", "json")).isZero();
        assertThat(out.toString().trim()).isEqualTo("[]");
        assertThat(run("dags", "list-runs", "-d", "example_hello", "--state", "done")).isEqualTo(2);
        assertThat(err.toString()).contains("--state").contains("'done'");
        assertThat(run("dags", "list-runs", "example_hello", "-o", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--output").contains("table, json, plain");

        assertThat(run("tasks", "states-for-dag-run", "example_hello", "listed_run", "-o", "json"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"task_id\":\"say_hello\"").contains("\"task_id\":\"echo\"")
                .contains("\"execution_date\":\"2026-02-02T15:00:00Z\"");
        assertThat(run("tasks", "states-for-dag-run", "example_hello", "2026-02-02T15:00:00Z")).isZero();
        assertThat(out.toString().lines().toList().getFirst().split("\\s*\\|\\s*"))
                .containsExactly("dag_id", "execution_date", "task_id", "state", "start_date", "end_date");
        assertThat(out.toString()).contains("say_hello");
        assertThat(run("tasks", "states-for-dag-run", "example_hello", "no_such_run")).isEqualTo(2);
        assertThat(err.toString()).contains("no_such_run");
    }

    @Test
    void next_execution_prints_the_next_logical_dates_of_the_schedule() {
        assertThat(run("dags", "next-execution", "example_hello", "-n", "3")).as(err.toString()).isZero();

        List<Instant> next = out.toString().lines().map(Instant::parse).toList();
        assertThat(next).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(next).allSatisfy(i -> assertThat(i.getEpochSecond() % 3600).isZero());

        assertThat(run("dags", "pause", "example_hello")).isZero();
        assertThat(run("dags", "next-execution", "example_hello")).isZero();
        assertThat(err.toString()).contains("PAUSED");
        assertThat(run("dags", "unpause", "example_hello")).isZero();
        assertThat(run("dags", "next-execution", "no_such_dag")).isEqualTo(2);
        assertThat(err.toString()).contains("no_such_dag");
    }

    @Test
    void tasks_list_prints_the_sorted_task_ids() {
        assertThat(run("tasks", "list", "example_hello")).as(err.toString()).isZero();

        assertThat(out.toString().lines()).containsExactly("echo", "say_hello");
        assertThat(run("tasks", "list", "no_such_dag")).isEqualTo(2);
        assertThat(err.toString()).contains("no_such_dag").contains("example_hello");
    }

    @Test
    void db_migrate_reports_the_version() {
        assertThat(run("db", "migrate")).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("Database is at version ").contains("0 migrations pending");
    }

    @Test
    void db_clean_deletes_finished_runs_before_the_date_and_refuses_bad_input() throws Exception {
        assertThat(run("dags", "trigger", "example_hello", "-r", "old_run", "-e", "2025-03-03T15:00:00Z"))
                .as(err.toString()).isZero();
        assertThat(run("dags", "trigger", "example_hello", "-r", "stuck_run", "-e", "2025-03-04T15:00:00Z"))
                .as(err.toString()).isZero();
        try (var c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE dag_run SET state = 'success', end_date = now() WHERE run_id = 'old_run'");
            st.executeUpdate("UPDATE dag_run SET state = 'running' WHERE run_id = 'stuck_run'");
        }

        assertThat(run("db", "clean", "--before", "2026-01-01")).isEqualTo(2);
        assertThat(err.toString()).contains("example_hello/stuck_run (running)").contains("nothing was deleted");
        assertThat(run("db", "clean", "--before", "2026-01-01", "--dag", "example_hello", "--dry-run")).isEqualTo(2);

        try (var c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE dag_run SET state = 'failed', end_date = now() WHERE run_id = 'stuck_run'");
        }
        assertThat(run("db", "clean", "--before", "2026-01-01", "--dry-run")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dag_run\t2").contains("Dry run: 2 runs would be deleted");
        assertThat(run("db", "clean", "--before", "2026-01-01")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dag_run\t2").contains("Deleted 2 runs.");
        try (var c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM dag_run WHERE run_id IN ('old_run', 'stuck_run')")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }

        assertThat(run("db", "clean", "--before", "2999-01-01")).isEqualTo(2);
        assertThat(err.toString()).contains("in the future");
        assertThat(run("db", "clean", "--before", "2025-13-01")).isEqualTo(2);
        assertThat(err.toString()).contains("--before").contains("2025-13-01");
        assertThat(run("db", "clean", "--before", "2025-01-01", "--tables", "dag_run,users")).isEqualTo(2);
        assertThat(err.toString()).contains("--tables").contains("unknown table 'users'");
        assertThat(run("db", "clean", "--help")).isZero();
        assertThat(out.toString()).contains("--before").contains("--archive").contains("--dry-run");
    }

    @Test
    void an_unreachable_database_exits_1_naming_host_and_port() {
        set("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/pipeline");
        set("spring.datasource.password", "Secret-pw-9");

        assertThat(run("users", "list")).isEqualTo(1);

        assertThat(err.toString()).contains("127.0.0.1:1").doesNotContain("Secret-pw-9");
        assertThat(out.toString()).isEmpty();
    }
}
