package io.pipeline.web.ops;

import io.pipeline.dags.ops.OpsApiSessions;
import io.pipeline.dags.ops.OpsCliDemo;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tasks test}, {@code tasks clear} and {@code dags backfill} in process; the last two against a fresh database
 * of the test PostgreSQL given as system properties, as SPRING_DATASOURCE_URL would be.
 */
class OpsCliTest {

    private static String url;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void database() {
        try (var ds = TestDatabase.emptyDatabase("ops_cli", 1)) {
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

    @Test
    void tasks_test_runs_one_task_for_a_date_and_prints_its_log_and_output() {
        assertThat(run("tasks", "test", OpsCliDemo.ID, "greet", "2024-01-05", "--conf", "{\"name\": \"ops\"}"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("INFO greeting ops", "Output: \"hello ops\"", "nothing was recorded");

        assertThat(run("tasks", "test", OpsCliDemo.ID, "shout", "2024-01-05", "--input", "greet=\"hi\"")).isZero();
        assertThat(out.toString()).contains("Output: \"HI\"");
    }

    @Test
    void tasks_test_exits_1_when_the_task_fails_and_2_on_bad_input() {
        assertThat(run("tasks", "test", OpsCliDemo.ID, "boom", "2024-01-05")).isEqualTo(1);
        assertThat(out.toString()).contains("ERROR task failed", "java.lang.IllegalStateException");
        assertThat(err.toString()).contains("error: task boom failed", "vendor file missing for 2024-01-05");

        assertThat(run("tasks", "test", OpsCliDemo.ID, "shout", "2024-01-05")).isEqualTo(1);
        assertThat(err.toString()).contains("--input greet=JSON");
        assertThat(run("tasks", "test", "no_such_dag", "greet", "2024-01-05")).isEqualTo(2);
        assertThat(err.toString()).contains("DAG 'no_such_dag' not found", OpsCliDemo.ID);
        assertThat(run("tasks", "test", OpsCliDemo.ID, "nope", "2024-01-05")).isEqualTo(2);
        assertThat(err.toString()).contains("has no task 'nope'", "greet, shout, boom");
        assertThat(run("tasks", "test", OpsCliDemo.ID, "greet", "05/01/2024")).isEqualTo(2);
        assertThat(err.toString()).contains("DATE: '05/01/2024'");
    }

    @Test
    void tasks_clear_lists_asks_for_yes_and_clears_with_an_audit_entry() {
        assertThat(run("dags", "trigger", OpsCliDemo.ID, "-r", "cli_run", "-e", "2024-01-05T00:00:00Z"))
                .as(err.toString()).isZero();
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(url, "postgres", "postgres"));
        jdbc.sql("""
                UPDATE task_instance SET state = 'failed', try_number = 1
                WHERE task_id = 'boom' AND run_pk = (SELECT id FROM dag_run WHERE run_id = 'cli_run')
                """).update();

        assertThat(run("tasks", "clear", OpsCliDemo.ID, "-r", "cli_run", "-f", "--dry-run")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains(OpsCliDemo.ID + "\tcli_run\tboom\t-1\tfailed",
                "1 task instances would be cleared; nothing was changed (dry run).");

        assertThat(run("tasks", "clear", OpsCliDemo.ID, "-r", "cli_run", "-f")).isEqualTo(2);
        assertThat(err.toString()).contains("without --yes");

        assertThat(run("tasks", "clear", OpsCliDemo.ID, "-r", "cli_run", "-f", "-t", "^bo", "--yes")).isZero();
        assertThat(out.toString()).contains("Cleared 1 task instances.");
        assertThat(jdbc.sql("SELECT state FROM task_instance WHERE task_id = 'boom'").query(String.class).single())
                .isEqualTo("none");
        assertThat(jdbc.sql("SELECT extra FROM audit_log WHERE event = 'clear'").query(String.class).single())
                .contains("\"via\":\"cli\"", "\"task_regex\":\"^bo\"");

        assertThat(run("tasks", "clear", OpsCliDemo.ID, "-r", "no_run", "--yes")).isEqualTo(2);
        assertThat(err.toString()).contains("no_run");
    }

    @Test
    void dags_backfill_plans_creates_and_names_bad_input() {
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2024-12-23", "-e", "2024-12-27", "--dry-run"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("2024-12-24T05:00:00Z\t2024-12-24\tcreate",
                "4 runs would be created or re-run").doesNotContain("2024-12-25");

        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2024-12-23", "-e", "2024-12-27"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("of DAG " + OpsApiSessions.ID + ": 4 runs, 0 dates skipped");
        assertThat(err.toString()).contains("warning: no scheduler is running");

        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2024-12-23", "-e", "2024-12-27", "--no-wait"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is still active");
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2024-12-23", "-e", "2024-12-27",
                "--reprocess-behavior", "all")).isEqualTo(2);
        assertThat(err.toString()).contains("'all' is not one of none, failed, completed");
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "23.12.2024", "-e", "2024-12-27")).isEqualTo(2);
        assertThat(err.toString()).contains("--start-date: '23.12.2024'");
    }

    @Test
    void dags_backfill_only_missing_plans_the_sessions_without_an_event_and_names_a_bad_dataset() {
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2025-06-30", "-e", "2025-07-08", "--dry-run",
                "--only-missing", OpsApiSessions.BARS.uri())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2025-06-30\tcreate", "2025-07-01\tcreate", "2025-07-08\tcreate",
                "6 runs would be created or re-run").doesNotContain("2025-07-04");

        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(url, "postgres", "postgres"));
        for (String key : new String[] {"2025-07-01", "2025-07-07"}) {
            jdbc.sql("""
                    INSERT INTO dataset_event (dataset_id, partition_key, created_at)
                    SELECT id, :k, now() FROM dataset WHERE uri = :uri""")
                    .param("k", key).param("uri", OpsApiSessions.BARS.uri()).update();
        }
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2025-06-30", "-e", "2025-07-08", "--dry-run",
                "--only-missing", OpsApiSessions.BARS.uri())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2025-06-30\tcreate", "2025-07-02\tcreate", "2025-07-03\tcreate",
                "2025-07-08\tcreate", "4 runs would be created or re-run")
                .doesNotContain("2025-07-01", "2025-07-07", "2025-07-04");

        jdbc.sql("UPDATE backfill SET completed_at = now() WHERE completed_at IS NULL").update();
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2025-06-30", "-e", "2025-07-08", "--no-wait",
                "--only-missing", OpsApiSessions.BARS.uri())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": 4 runs, 0 dates skipped (a run existed); only dates whose partition of "
                + OpsApiSessions.BARS.uri() + " had no event.");
        assertThat(jdbc.sql("SELECT only_missing_partitions_of FROM backfill WHERE completed_at IS NULL")
                .query(String.class).single()).isEqualTo(OpsApiSessions.BARS.uri());
        jdbc.sql("UPDATE backfill SET completed_at = now() WHERE completed_at IS NULL").update();

        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2025-06-30", "-e", "2025-07-08", "--dry-run",
                "--only-missing", "s3://nowhere/bars")).isEqualTo(2);
        assertThat(err.toString()).contains("--only-missing: unknown dataset 's3://nowhere/bars'");
        assertThat(run("dags", "backfill", OpsApiSessions.ID, "-s", "2025-06-30", "-e", "2025-07-08",
                "--only-missing", OpsApiSessions.REFERENCE.uri())).isEqualTo(2);
        assertThat(err.toString()).contains("dataset '" + OpsApiSessions.REFERENCE.uri() + "' is not partitioned");
        assertThat(run("dags", "backfill", "--help")).isZero();
        assertThat(out.toString()).contains("--only-missing=DATASET_URI");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private void set(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty(key, value);
    }
}
