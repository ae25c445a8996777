package io.pipeline.web.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.ops.DbClean;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.config.RetentionProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention clean as the service runs it: finished runs older than max-age go, the rest stay. */
class RetentionCleanTest {
    private static HikariDataSource ds;
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(RetentionCleanTest.class);
        jdbc = JdbcClient.create(ds);
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('etl', now(), now())").update();
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void cleansFinishedRunsOlderThanTheMaxAgeAndKeepsActiveOnes() {
        run("ancient_done", "2024-05-06T00:00:00Z", "success");
        run("ancient_stuck", "2024-05-07T00:00:00Z", "running");
        run("recent_done", "2026-06-01T00:00:00Z", "success");
        SettableClock clock = SettableClock.at("2026-12-07T04:00:00Z");
        RetentionProperties props = new RetentionProperties(Duration.ofDays(365), List.of("dag_run"), null,
                Duration.ofHours(24), Duration.ofMinutes(10));
        RetentionClean job = new RetentionClean(new DbClean(ds, new TransactionTemplate(
                new DataSourceTransactionManager(ds)), clock), props, clock, true);

        DbClean.Report report = job.runOnce();

        assertThat(report.runs()).isEqualTo(1);
        assertThat(report.skippedActive()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT run_id FROM dag_run ORDER BY run_id").query(String.class).list())
                .containsExactly("ancient_stuck", "recent_done");
        assertThat(job.isAutoStartup()).isTrue();
        assertThat(new RetentionClean(new DbClean(ds, new TransactionTemplate(new DataSourceTransactionManager(ds)),
                clock), props, clock, false).isAutoStartup()).isFalse();
    }

    private static void run(String runId, String logicalDate, String state) {
        jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at, end_date)
                VALUES ('etl', :run, 'manual', :state, CAST(:ld AS timestamptz), CAST(:ld AS timestamptz),
                        CAST(:ld AS timestamptz), CAST(:ld AS timestamptz), now(), now(),
                        CASE WHEN :state IN ('success', 'failed') THEN now() END)
                """).param("run", runId).param("state", state).param("ld", logicalDate).update();
    }
}
