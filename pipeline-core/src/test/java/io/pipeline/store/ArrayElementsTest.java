package io.pipeline.store;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Mapped items read through the per-node split of the stored array: same answers as the database, never stale. */
class ArrayElementsTest {

    private static HikariDataSource db;
    private static JdbcClient jdbc;
    private static long runPk;
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

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
