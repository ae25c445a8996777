package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.schedule.Schedules;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close of the herd benchmark at the scale of one pass: 1,000 DAGs of the herd's shape (start, 18 leaves, end)
 * on the XNYS close fall due at the same instant and one pass of {@code create_due_runs} creates all their runs.
 * The step logs where its time went (read, planning, transactions, next runs); the test prints the pass's wall time
 * on the machine at hand rather than asserting it (the machine is shared).
 */
class CloseRunCreationTest {

    static final int DAGS = 1000;

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(CloseRunCreationTest.class.getSimpleName(), 10);
    }

    static Dag herdMember(String dagId, LocalDate start) {
        return DagBuilder.dag(dagId).schedule(Schedules.sessionClose("XNYS"))
                .startDate(start, "America/New_York").catchup(false)
                .tasks(b -> {
                    TaskRef first = b.task("start", ctx -> null);
                    TaskRef last = b.task("end", ctx -> null);
                    for (int i = 1; i <= 18; i++) {
                        TaskRef leaf = b.task("leaf_%02d".formatted(i), ctx -> null);
                        first.then(leaf);
                        leaf.then(last);
                    }
                }).build();
    }

    @Test
    void one_pass_at_the_close_creates_every_due_dags_run_with_its_task_instances() {
        List<Dag> herd = new ArrayList<>();
        for (int i = 0; i < DAGS; i++) {
            herd.add(herdMember("close_%04d".formatted(i), LocalDate.of(2026, 1, 6)));
        }
        // Tuesday 6 January 2026: the XNYS close is 16:00 New York, 21:00 UTC
        Instant close = Instant.parse("2026-01-06T21:00:00Z");
        SettableClock clock = SettableClock.at("2026-01-06T20:55:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, herd.toArray(Dag[]::new));
        CreateDueRunsStep step = d.parts().createDueRuns();
        step.run(clock.instant());
        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id LIKE 'close_%'").query(Long.class).single())
                .as("nothing is due before the close").isZero();

        clock.set(close.plusMillis(5));
        long t0 = System.nanoTime();
        step.run(clock.instant());
        long wallMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(jdbc.sql("""
                SELECT count(DISTINCT dag_id) FILTER (WHERE session_date = DATE '2026-01-06') * 10000 + count(*)
                FROM dag_run WHERE dag_id LIKE 'close_%'""")
                .query(Long.class).single()).as("one run per DAG, for the session of the close")
                .isEqualTo(DAGS * 10000L + DAGS);
        assertThat(jdbc.sql("SELECT count(*) FROM task_instance WHERE dag_id LIKE 'close_%' AND state = 'none'")
                .query(Long.class).single()).isEqualTo(20L * DAGS);
        System.out.printf("close_run_creation_ms=%d (%d DAGs, 20 tasks each, one pass)%n", wallMs, DAGS);
    }
}
