package io.pipeline.store;

import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool read behind every admission ({@link AdmissionRepository#poolState}) in the middle of a wide fan-out: its
 * answer is right, and the pages it reads do not grow with the instances already finished or admitted (it once read
 * the table sequentially up to the first waiting TI, and a scan of the scheduled index from its near end walks the
 * entries of every TI admitted since the last VACUUM).
 */
class PoolReadCostTest {

    static DataSource ds;
    static JdbcClient jdbc;

    @BeforeAll
    static void fanOutHalfDone() {
        ds = TestDatabase.migratedDatabase(PoolReadCostTest.class.getSimpleName(), 2);
        jdbc = JdbcClient.create(ds);
        jdbc.sql("ALTER TABLE task_instance SET (autovacuum_enabled = false)").update();
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('wide', now(), now())").update();
        long run = jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at)
                VALUES ('wide', 'r1', 'manual', 'running', now(), now(), now(), now(), now(), now()) RETURNING id
                """).query(Long.class).single();
        // 12,000 instances of one mapped task: the first 6,000 finished, 16 running, the rest scheduled
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                                           scheduled_at, updated_at)
                SELECT :run, 'wide', 'work', g, 'scheduled', 1, 1, now(), now() FROM generate_series(0, 11999) g
                """).param("run", run).update();
        jdbc.sql("ANALYZE task_instance").update();
        // as the engine moves them: a batch of 16 admitted (running) as the previous 16 finish
        for (int from = 0; from < 6_016; from += 16) {
            jdbc.sql("""
                    UPDATE task_instance SET state = CASE WHEN map_index < :from THEN 'success' ELSE 'running' END
                    WHERE run_pk = :run AND map_index >= :from - 16 AND map_index < :from + 16
                      AND map_index < 6016
                    """)
                    .param("run", run).param("from", from).update();
        }
        jdbc.sql("UPDATE task_instance SET state = 'success' WHERE run_pk = :run AND map_index < 6000")
                .param("run", run).update();
    }

    @Test
    void the_pool_read_answers_from_a_few_pages_however_many_instances_went_before() {
        List<AdmissionRepository.PoolState> read = List.of(
                new AdmissionRepository(jdbc, new TaskInstanceStateStore(jdbc)).poolState("default_pool", "wide")
                        .orElseThrow());
        assertThat(read).containsExactly(new AdmissionRepository.PoolState(128, 16, 16, 1));

        String plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + AdmissionRepository.POOL_STATE)
                .param("pool", "default_pool").param("dag", "wide").query(String.class).list());
        assertThat(plan).doesNotContain("Seq Scan");
        Matcher top = Pattern.compile("Buffers: shared hit=(\\d+)").matcher(plan);
        assertThat(top.find()).as(plan).isTrue();
        // the table holds about 300 pages and the scheduled indexes 6,000 entries of admitted TIs
        assertThat(Integer.parseInt(top.group(1))).as(plan).isLessThan(60);
    }
}
