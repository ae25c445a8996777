package io.pipeline.store;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.testing.CountingDataSource;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Mapped items read through the per-node split of the stored array: same answers as the database, never stale. */
class ArrayElementsTest {

    private static HikariDataSource db;
    private static JdbcClient jdbc;
    private static long runPk;
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String RV = XComRepository.RETURN_VALUE;
    /** The statement that reads a stored row's version only. */
    private static final Predicate<String> VERSION_READ = sql -> sql.startsWith("SELECT CAST(xmin AS text) FROM xcom");
    /** The statement that reads the stored text to split it. */
    private static final Predicate<String> ARRAY_READ = sql -> sql.contains("CAST(value AS text) AS json");

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(ArrayElementsTest.class);
        jdbc = JdbcClient.create(db);
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('arrays', now(), now()) ON CONFLICT DO NOTHING").update();
        runPk = jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, run_after, created_at, updated_at)
                VALUES ('arrays', 'r1', 'manual', 'running', :now, :now, :now, :now, :now, :now) RETURNING id""")
                .param("now", java.sql.Timestamp.from(NOW)).query(Long.class).single();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void elements_match_what_the_database_answers_for_every_index_and_kind_of_value() {
        XComRepository xcoms = new XComRepository(jdbc);
        String json = "[1, 2.50, \"three\", null, {\"a\": [true, false]}, 12345678901234567890, 1e400]";
        xcoms.put(runPk, "list", -1, XComRepository.RETURN_VALUE, json, NOW);
        for (int i = 0; i < 8; i++) {
            String fromDb = jdbc.sql("SELECT CAST(value -> :i AS text) FROM xcom WHERE run_pk = :r AND task_id = 'list'")
                    .param("i", i).param("r", runPk).query(String.class).optional().orElse(null);
            String cached = xcoms.arrayElement(runPk, "list", -1, XComRepository.RETURN_VALUE, i).orElse(null);
            assertThat(normalise(cached)).as("element " + i).isEqualTo(normalise(fromDb));
        }
        assertThat(xcoms.arrayElement(runPk, "list", -1, XComRepository.RETURN_VALUE, 7)).isEmpty();
        assertThat(xcoms.arrayElement(runPk, "missing", -1, XComRepository.RETURN_VALUE, 0)).isEmpty();
    }

    @Test
    void a_value_replaced_by_a_later_try_is_read_anew() {
        XComRepository xcoms = new XComRepository(jdbc);
        xcoms.put(runPk, "retried", -1, XComRepository.RETURN_VALUE, "[\"first\", \"try\"]", NOW);
        assertThat(xcoms.arrayElement(runPk, "retried", -1, XComRepository.RETURN_VALUE, 0)).contains("\"first\"");

        xcoms.put(runPk, "retried", -1, XComRepository.RETURN_VALUE, "[\"second\"]", NOW.plusSeconds(1));

        assertThat(xcoms.arrayElement(runPk, "retried", -1, XComRepository.RETURN_VALUE, 0)).contains("\"second\"");
        assertThat(xcoms.arrayElement(runPk, "retried", -1, XComRepository.RETURN_VALUE, 1)).isEmpty();
    }

    @Test
    void a_value_that_is_not_an_array_has_no_elements() {
        XComRepository xcoms = new XComRepository(jdbc);
        xcoms.put(runPk, "scalar", -1, XComRepository.RETURN_VALUE, "{\"not\": \"an array\"}", NOW);
        assertThat(xcoms.arrayElement(runPk, "scalar", -1, XComRepository.RETURN_VALUE, 0)).isEmpty();
    }

    @Test
    void threads_asking_at_once_for_items_of_a_new_array_split_it_once() throws Exception {
        XComRepository xcoms = new XComRepository(jdbc);
        int width = 2_000;
        xcoms.put(runPk, "wide", -1, XComRepository.RETURN_VALUE,
                java.util.stream.IntStream.range(0, width).mapToObj(Integer::toString)
                        .collect(java.util.stream.Collectors.joining(",", "[", "]")), NOW);
        int threads = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<String>>> answers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                answers.add(pool.submit(() -> {
                    start.await();
                    java.util.List<String> got = new java.util.ArrayList<>();
                    for (int i = first; i < width; i += threads) {
                        got.add(i + "=" + xcoms.arrayElement(runPk, "wide", -1, XComRepository.RETURN_VALUE, i)
                                .orElse(null));
                    }
                    return got;
                }));
            }
            for (int t = 0; t < threads; t++) {
                for (String answer : answers.get(t).get()) {
                    String[] kv = answer.split("=");
                    assertThat(kv[1]).as("item " + kv[0]).isEqualTo(kv[0]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(xcoms.arrays().splits()).as("arrays split").isEqualTo(1);
    }

    @Test
    void a_value_that_cannot_be_split_is_remembered_and_read_element_wise() {
        XComRepository xcoms = new XComRepository(jdbc);
        xcoms.put(runPk, "object", -1, XComRepository.RETURN_VALUE, "{\"a\": 1}", NOW);
        String version = jdbc.sql("SELECT CAST(xmin AS text) FROM xcom WHERE run_pk = :r AND task_id = 'object'")
                .param("r", runPk).query(String.class).single();
        assertThat(xcoms.arrayElement(runPk, "object", -1, XComRepository.RETURN_VALUE, 0)).isEmpty();
        ArrayElements.Split kept = xcoms.arrays().get(new ArrayElements.Key(runPk, "object", -1,
                XComRepository.RETURN_VALUE), version);
        assertThat(kept).as("kept as not split").isNotNull();
        assertThat(kept.isSplit()).isFalse();
        assertThat(xcoms.arrayElement(runPk, "object", -1, XComRepository.RETURN_VALUE, 0)).isEmpty();
        assertThat(xcoms.arrays().splits()).isZero();
    }

    @Test
    void one_version_read_serves_every_caller_marked_before_it_was_sent() {
        CountingDataSource counted = new CountingDataSource(db);
        XComRepository xcoms = new XComRepository(JdbcClient.create(counted));
        xcoms.put(runPk, "batch", -1, RV, "[10, 11, 12, 13, 14, 15, 16, 17]", NOW);
        long claimed = xcoms.mark(); // a batch of eight instances claimed
        for (int i = 0; i < 8; i++) {
            assertThat(xcoms.arrayElement(runPk, "batch", -1, RV, i, claimed)).as("item " + i)
                    .contains(Integer.toString(10 + i));
        }
        assertThat(counted.count(VERSION_READ)).as("version reads for a batch of eight").isEqualTo(1);

        long nextBatch = xcoms.mark();
        assertThat(xcoms.arrayElement(runPk, "batch", -1, RV, 3, nextBatch)).contains("13");
        assertThat(xcoms.arrayElement(runPk, "batch", -1, RV, 4, nextBatch)).contains("14");
        assertThat(counted.count(VERSION_READ)).as("a batch marked after the first read reads once more").isEqualTo(2);
        assertThat(counted.count(ARRAY_READ)).as("the array itself read once").isEqualTo(1);
    }

    @Test
    void a_caller_marked_after_the_value_was_replaced_gets_the_new_items_not_the_kept_split() {
        XComRepository xcoms = new XComRepository(jdbc);
        xcoms.put(runPk, "replaced", -1, RV, "[\"first\", \"try\"]", NOW);
        long firstBatch = xcoms.mark();
        assertThat(xcoms.arrayElement(runPk, "replaced", -1, RV, 0, firstBatch)).contains("\"first\"");
        assertThat(xcoms.arrayElement(runPk, "replaced", -1, RV, 1, firstBatch)).contains("\"try\"");

        xcoms.put(runPk, "replaced", -1, RV, "[\"second\"]", NOW.plusSeconds(1)); // a later try of the upstream
        long claimedAfter = xcoms.mark();

        assertThat(xcoms.arrayElement(runPk, "replaced", -1, RV, 0, claimedAfter)).contains("\"second\"");
        assertThat(xcoms.arrayElement(runPk, "replaced", -1, RV, 1, claimedAfter)).isEmpty();
        assertThat(xcoms.arrays().splits()).as("each version split once").isEqualTo(2);
    }

    @Test
    void a_row_found_missing_is_looked_for_again_by_callers_marked_after_that_read() {
        XComRepository xcoms = new XComRepository(jdbc);
        long early = xcoms.mark();
        assertThat(xcoms.arrayElement(runPk, "late", -1, RV, 0, early)).isEmpty();

        xcoms.put(runPk, "late", -1, RV, "[\"here\"]", NOW);
        long claimedAfter = xcoms.mark();

        assertThat(xcoms.arrayElement(runPk, "late", -1, RV, 0, claimedAfter)).contains("\"here\"");
    }

    @Test
    void threads_of_one_batch_asking_at_once_read_the_version_once() throws Exception {
        CountingDataSource counted = new CountingDataSource(db);
        XComRepository xcoms = new XComRepository(JdbcClient.create(counted));
        int threads = 16;
        xcoms.put(runPk, "together", -1, RV, java.util.stream.IntStream.range(0, threads)
                .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",", "[", "]")), NOW);
        long claimed = xcoms.mark();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int item = t;
                answers.add(pool.submit(() -> {
                    start.await();
                    return xcoms.arrayElement(runPk, "together", -1, RV, item, claimed).orElse(null);
                }));
            }
            for (int t = 0; t < threads; t++) {
                assertThat(answers.get(t).get()).as("item " + t).isEqualTo(Integer.toString(t));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counted.count(VERSION_READ)).as("version reads").isEqualTo(1);
        assertThat(counted.count(ARRAY_READ)).as("array reads").isEqualTo(1);
    }

    @Test
    void versions_seen_keep_within_their_bound() {
        ArrayElements arrays = new ArrayElements();
        long before = arrays.mark();
        for (int i = 0; i < ArrayElements.MAX_SEEN + 5; i++) {
            arrays.saw(new ArrayElements.Key(1, "t" + i, -1, "k"), new ArrayElements.Seen("v", arrays.mark()));
        }
        assertThat(arrays.seen(new ArrayElements.Key(1, "t0", -1, "k"), before)).as("least recently used dropped")
                .isNull();
        assertThat(arrays.seen(new ArrayElements.Key(1, "t" + (ArrayElements.MAX_SEEN + 4), -1, "k"), before))
                .isNotNull();
    }

    @Test
    void the_split_keeps_within_its_bounds() {
        ArrayElements arrays = new ArrayElements();
        for (int i = 0; i < ArrayElements.MAX_ENTRIES + 5; i++) {
            arrays.put(new ArrayElements.Key(1, "t" + i, -1, "k"), arrays.split("v", "[1,2,3]"));
        }
        assertThat(arrays.size()).isEqualTo(ArrayElements.MAX_ENTRIES);
        assertThat(arrays.get(new ArrayElements.Key(1, "t0", -1, "k"), "v")).as("least recently used dropped").isNull();
        assertThat(arrays.split("v", "[" + "1,".repeat((int) (ArrayElements.MAX_ARRAY_CHARS / 2)) + "1]"))
                .as("too large to keep").isNull();
    }

    /** Both sides are JSON texts: compare them as parsed trees (number spelling may differ, e.g. 2.50 vs 2.5). */
    private static Object normalise(String json) {
        return json == null ? null : tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                .readTree(json).toString().replace("2.50", "2.5");
    }
}
