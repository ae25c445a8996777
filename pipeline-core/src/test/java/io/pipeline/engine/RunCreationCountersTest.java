package io.pipeline.engine;

import io.pipeline.dag.Dag;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The progress counters of new runs without their foreign key (V300): a run's counters go with the run (deleted by
 * the dag_run triggers, as by the cascade before), and the run, its task instances and its counters are created
 * together or not at all.
 */
class RunCreationCountersTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(RunCreationCountersTest.class.getSimpleName(), 10);
    }

    static List<Dag> herd(String prefix, int n) {
        List<Dag> herd = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            herd.add(CloseRunCreationTest.herdMember(prefix + "_%02d".formatted(i), LocalDate.of(2026, 1, 6)));
        }
        return herd;
    }

    static long count(JdbcClient jdbc, String sql, String prefix) {
        return jdbc.sql(sql).param("p", prefix + "\\_%").query(Long.class).single();
    }

    static final String RUNS = "SELECT count(*) FROM dag_run WHERE dag_id LIKE :p";
    static final String TIS = "SELECT count(*) FROM task_instance WHERE dag_id LIKE :p";
    static final String COUNTERS = """
            SELECT count(*) FROM task_progress p
            WHERE p.run_pk IN (SELECT id FROM dag_run WHERE dag_id LIKE :p) AND p.unfinished = 1""";
    static final String ORPHANS = """
            SELECT count(*) FROM task_progress p WHERE NOT EXISTS (SELECT 1 FROM dag_run r WHERE r.id = p.run_pk)""";

    @Test
    void deleting_runs_deletes_their_counters_and_task_instances_and_leaves_the_others() {
        List<Dag> herd = herd("cascade", 5);
        SettableClock clock = SettableClock.at("2026-01-06T21:00:01Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, herd.toArray(Dag[]::new));
        JdbcClient jdbc = JdbcClient.create(ds);

        assertThat(d.parts().createDueRuns().createDue(herd, Instant.parse("2026-01-06T21:00:01Z"))).isEqualTo(5);
        assertThat(count(jdbc, TIS, "cascade")).isEqualTo(100);
        assertThat(count(jdbc, COUNTERS, "cascade")).isEqualTo(100);

        // the statements of pipeline db clean (DbClean) and of a run's deletion (RunDeletion): one run, then several
        jdbc.sql("DELETE FROM dag_run WHERE dag_id = 'cascade_00'").update();
        assertThat(count(jdbc, RUNS, "cascade")).isEqualTo(4);
        assertThat(count(jdbc, TIS, "cascade")).isEqualTo(80);
        assertThat(count(jdbc, COUNTERS, "cascade")).isEqualTo(80);
        assertThat(jdbc.sql(ORPHANS).query(Long.class).single()).isZero();

        jdbc.sql("DELETE FROM dag_run WHERE dag_id IN ('cascade_01', 'cascade_02')").update();
        assertThat(count(jdbc, TIS, "cascade")).isEqualTo(40);
        assertThat(count(jdbc, COUNTERS, "cascade")).isEqualTo(40);
        assertThat(jdbc.sql(ORPHANS).query(Long.class).single()).isZero();
    }

    @Test
    void a_batch_whose_last_statement_fails_leaves_no_run_and_no_task_instance_and_the_next_pass_creates_them() {
        List<Dag> herd = herd("atomic", 3);
        SettableClock clock = SettableClock.at("2026-01-06T21:00:01Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, herd.toArray(Dag[]::new));
        JdbcClient jdbc = JdbcClient.create(ds);
        // A counter already at the id the batch's last run gets: the counters' insert (the batch's last statement)
        // fails after the runs and their task instances were inserted in the same transaction.
        long lastRunPk = jdbc.sql("SELECT nextval('dag_run_id_seq')").query(Long.class).single() + 3;
        jdbc.sql("INSERT INTO task_progress (run_pk, task_id, unfinished) VALUES (:run, 'end', 7)")
                .param("run", lastRunPk).update();

        assertThatThrownBy(() -> d.parts().createDueRuns().createDue(herd, clock.instant()))
                .hasMessageContaining("task_progress");
        assertThat(count(jdbc, RUNS, "atomic")).isZero();
        assertThat(count(jdbc, TIS, "atomic")).isZero();

        jdbc.sql("DELETE FROM task_progress WHERE run_pk = :run").param("run", lastRunPk).update();
        assertThat(d.parts().createDueRuns().createDue(herd, clock.instant())).isEqualTo(3);
        assertThat(count(jdbc, RUNS, "atomic")).isEqualTo(3);
        assertThat(count(jdbc, TIS, "atomic")).isEqualTo(60);
        assertThat(count(jdbc, COUNTERS, "atomic")).isEqualTo(60);
    }
}
