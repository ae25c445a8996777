package io.pipeline.store;

import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim ({@link TaskInstanceStateStore#claim}): the order across a node's queues (priority, then time queued,
 * then id), only the DAGs the node has loaded, rows another transaction holds skipped rather than waited for, each
 * run's columns on its rows; and its cost in the middle of a wide fan-out: the queued TIs are read in the order of
 * {@code ti_queued}, so the pick reads about as many entries as it takes (it once read and sorted every queued TI of
 * the queue, and looked each picked row up again by id).
 */
class ClaimStatementTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static DataSource ds;
    static JdbcClient jdbc;
    static ClaimRepository claims;
    long run1;
    long run2;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(ClaimStatementTest.class.getSimpleName(), 4);
        jdbc = JdbcClient.create(ds);
        claims = new ClaimRepository(new TaskInstanceStateStore(jdbc));
        for (String dag : List.of("d1", "d2", "wide")) {
            jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES (:d, now(), now())").param("d", dag)
                    .update();
        }
    }

    @BeforeEach
    void runs() {
        jdbc.sql("DELETE FROM dag_run").update();
        run1 = run("d1", "r1");
        run2 = run("d1", "r2");
    }

    static long run(String dag, String runId) {
        return jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at)
                VALUES (:d, :r, 'manual', 'running', clock_timestamp(), now(), now(), now(), now(), now())
                RETURNING id""").param("d", dag).param("r", runId).query(Long.class).single();
    }

    /** A queued TI; {@code queuedAt} in seconds after NOW. */
    static long queued(long run, String dag, String task, String queue, int priority, int queuedAt) {
        return jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, state, try_number, max_tries, priority, queue,
                                           scheduled_at, queued_at, updated_at)
                VALUES (:run, :dag, :task, 'queued', 1, 1, :p, :q, :at, :at, :at) RETURNING id""")
                .param("run", run).param("dag", dag).param("task", task).param("p", priority).param("q", queue)
                .param("at", Timestamps.toDb(NOW.plusSeconds(queuedAt))).query(Long.class).single();
    }

    @Test
    void takes_the_node_s_dags_across_its_queues_in_priority_then_queued_order() {
        long a1 = queued(run1, "d1", "a1", "a", 1, 1);
        long b5 = queued(run2, "d1", "b5", "b", 5, 3);
        long a5 = queued(run1, "d1", "a5", "a", 5, 2);
        long otherDag = queued(run1, "d2", "x9", "a", 9, 0);
        long otherQueue = queued(run1, "d1", "c9", "c", 9, 0);
        long b1 = queued(run2, "d1", "b1", "b", 1, 1);

        List<ClaimedTi> got = claims.claim(List.of("a", "b"), List.of("d1"), 3, "n1", NOW.plusSeconds(10));

        assertThat(got).extracting(ClaimedTi::id).containsExactly(a5, b5, a1);
        assertThat(got).extracting(ClaimedTi::runId).containsExactly("r1", "r2", "r1");
        assertThat(got).allSatisfy(c -> {
            assertThat(c.nodeId()).isEqualTo("n1");
            assertThat(c.startDate()).isEqualTo(NOW.plusSeconds(10));
            assertThat(c.version()).isEqualTo(1);
        });
        assertThat(state(a5)).isEqualTo("running");
        assertThat(state(b1)).isEqualTo("queued");
        assertThat(state(otherDag)).isEqualTo("queued");
        assertThat(state(otherQueue)).isEqualTo("queued");

        assertThat(claims.claim(List.of("a", "b"), List.of("d1"), 10, "n1", NOW)).extracting(ClaimedTi::id)
                .containsExactly(b1);
        assertThat(claims.claim(List.of("c"), List.of("d1", "d2"), 10, "n2", NOW)).extracting(ClaimedTi::id)
                .containsExactly(otherQueue);
        assertThat(claims.claim(List.of("a"), List.of("d1"), 10, "n1", NOW)).isEmpty();
    }

    @Test
    void skips_rows_another_transaction_holds_and_claims_each_row_once() throws Exception {
        for (List<String> queues : List.of(List.of("a"), List.of("a", "b"))) {
            jdbc.sql("DELETE FROM task_instance").update();
            long first = queued(run1, "d1", "t1", "a", 3, 0);
            long second = queued(run1, "d1", "t2", "a", 2, 0);
            long third = queued(run2, "d1", "t3", queues.getLast(), 1, 0);
            long fourth = queued(run2, "d1", "t4", "a", 1, 5);
            try (Connection other = ds.getConnection()) {
                other.setAutoCommit(false);
                // another node's claim, not yet committed: it holds the two first rows
                try (PreparedStatement lock = other.prepareStatement(
                        "SELECT id FROM task_instance WHERE id IN (?, ?) FOR UPDATE")) {
                    lock.setLong(1, first);
                    lock.setLong(2, second);
                    lock.executeQuery().close();
                }
                List<ClaimedTi> got = claims.claim(queues, List.of("d1"), 2, "n1", NOW);
                assertThat(got).as("queues %s", queues).extracting(ClaimedTi::id).containsExactly(third, fourth);
                other.rollback();
            }
            assertThat(claims.claim(queues, List.of("d1"), 10, "n2", NOW)).as("queues %s", queues)
                    .extracting(ClaimedTi::id).containsExactly(first, second);
            assertThat(claims.claim(queues, List.of("d1"), 10, "n2", NOW)).isEmpty();
            assertThat(jdbc.sql("SELECT count(*) FROM task_instance WHERE state = 'running' AND version = 1")
                    .query(Integer.class).single()).isEqualTo(4);
        }
    }

    @Test
    void the_pick_reads_as_many_queued_entries_as_it_takes_not_the_whole_queue() {
        jdbc.sql("DELETE FROM task_instance").update();
        long wide = run("wide", "big");
        // the middle of a wide fan-out: 30,000 finished, 3,000 queued
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                                           scheduled_at, queued_at, updated_at)
                SELECT :run, 'wide', 'work', g, CASE WHEN g < 30000 THEN 'success' ELSE 'queued' END, 1, 1, now(),
                       now() + g * interval '1 ms', now()
                FROM generate_series(0, 32999) g""").param("run", wide).update();
        jdbc.sql("ANALYZE task_instance").update();

        String plan = new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(s -> {
            s.setRollbackOnly();
            return String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + TaskInstanceStateStore.CLAIM_ONE_QUEUE_SQL)
                    .param("node", "n1").param("now", Timestamps.toDb(NOW)).param("sc", "off")
                    .param("dags", new String[] {"wide", "d1"}).param("limit", 16).param("queue", "default")
                    .query(String.class).list());
        });
        assertThat(plan).doesNotContain("Seq Scan");
        String pickPlan = plan.substring(plan.indexOf("CTE picked"), plan.indexOf("CTE moved"));
        assertThat(pickPlan).as(plan).contains("Index Scan using ti_queued").doesNotContain("Sort")
                .doesNotContain("Bitmap");
        Matcher rows = Pattern.compile("Update on task_instance.*rows=(\\d+)").matcher(plan);
        assertThat(rows.find()).as(plan).isTrue();
        assertThat(rows.group(1)).isEqualTo("16");
        Matcher pick = Pattern.compile("CTE picked\\n.*\\n\\s+Buffers: shared hit=(\\d+)").matcher(plan);
        assertThat(pick.find()).as(plan).isTrue();
        // 16 rows locked from 3,000 queued: about one heap page per row and a few index pages (the old statement
        // read and sorted all 3,000: over 100)
        assertThat(Integer.parseInt(pick.group(1))).as(plan).isLessThan(40);
        Matcher runs = Pattern.compile("dag_run_pkey.*loops=(\\d+)").matcher(plan);
        assertThat(runs.find()).as(plan).isTrue();
        assertThat(runs.group(1)).as("the run is read once, not once per row").isEqualTo("1");
    }

    static String state(long id) {
        return jdbc.sql("SELECT state FROM task_instance WHERE id = :id").param("id", id).query(String.class)
                .single();
    }
}
