package io.pipeline.ops;

import io.pipeline.store.Page;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log filtered by user over years of history, as bench/history.sh makes it (302,000 rows, 25 users
 * spread over every page of the table, 6 events): the page and its total_entries count, as {@link AuditQuery}
 * issues them, read audit_log_owner_event (V310) without visiting the table for the filter, and the buffers they
 * touch stay far below what V150's audit_log_owner (owner, id) made them read, on the first and on the last page.
 */
class AuditLogReadCostTest {

    private static final int SESSIONS = 755;
    private static final int PER_SESSION = 400;
    private static final int PER_USER = SESSIONS * PER_SESSION / 25;
    /** The benchmark's last page (HistoryBenchmark: a user's rows less 150). */
    private static final int LAST_PAGE = PER_USER - 150;
    /**
     * Shared buffers (hit + read) the page may touch: measured 404 for the first page, 518 for the last (the user's
     * ~118 index pages, 4 per row fetched by primary key). With V150's index the last page touched 5,335.
     */
    private static final int PAGE_BUFFERS = 1_000;
    /** Shared buffers the count may touch: measured 118 (the user's index pages); with V150's index 4,935. */
    private static final int COUNT_BUFFERS = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static DataSource ds;
    private static JdbcClient jdbc;

    @BeforeAll
    static void yearsOfHistory() {
        ds = TestDatabase.migratedDatabase(AuditLogReadCostTest.class.getSimpleName(), 2);
        jdbc = JdbcClient.create(ds);
        // HistoryData's event log: 400 user actions per session over 755 sessions, users and DAGs interleaved.
        // Committed synchronously: the test server runs with synchronous_commit = off, and VACUUM does not mark a
        // page all-visible while the commit of its rows is not yet flushed (index-only scans would then fetch them).
        new TransactionTemplate(new DataSourceTransactionManager(ds)).executeWithoutResult(tx -> {
            jdbc.sql("SET LOCAL synchronous_commit = on").update();
            jdbc.sql("""
                    INSERT INTO audit_log (event_time, event, owner, dag_id, run_id, task_id, logical_date, extra)
                    SELECT timestamptz '2023-12-01 21:00:00+00' + s * interval '1 day'
                               + (g * 997 % 72000) * interval '1 second',
                           (ARRAY['trigger', 'clear', 'mark_success', 'mark_failed', 'pause', 'unpause'])
                               [1 + (g * 31 + s) % 6],
                           'user_' || lpad(((g * 7 + s) % 25)::text, 2, '0'),
                           'hist_dag_' || lpad(((g * 13 + s) % 200)::text, 3, '0'),
                           'scheduled__' || to_char(timestamp '2023-12-01 21:00:00' + s * interval '1 day',
                                                    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                           CASE WHEN g % 3 = 0 THEN 'task_' || lpad((g % 30)::text, 2, '0') END,
                           timestamptz '2023-11-30 21:00:00+00' + s * interval '1 day', '{"scope":"run"}'
                    FROM generate_series(1, :sessions) s CROSS JOIN generate_series(1, :perSession) g
                    ORDER BY 1""").param("sessions", SESSIONS).param("perSession", PER_SESSION).update();
        });
        jdbc.sql("VACUUM ANALYZE audit_log").update();
    }

    @Test
    void the_user_s_first_and_last_page_and_count_read_only_the_new_index() {
        for (AuditFilter f : List.of(byUser("user_07", List.of()), byUser("user_07", List.of("trigger", "clear")))) {
            for (String order : new String[] {null, "-event_log_id"}) {
                for (long offset : new long[] {0, new AuditQuery(jdbc).list(f, 1, 0, null).totalEntries() - 150}) {
                    Plan page = explainPage(f, order, offset);
                    assertThat(page.nodes("Seq Scan", "Bitmap Heap Scan")).as(page.text()).isEmpty();
                    assertThat(page.nodes("Sort")).as("no sort of the user's rows: %s", page.text())
                            .allSatisfy(sort -> assertThat(sort.path("Actual Rows").asLong()).isLessThanOrEqualTo(100));
                    assertReadsOnlyTheIndex(page);
                    assertThat(page.buffers()).as(page.text()).isLessThan(PAGE_BUFFERS);
                }
            }
            Plan count = explainCount(f);
            assertThat(count.nodes("Seq Scan", "Bitmap Heap Scan")).as(count.text()).isEmpty();
            assertReadsOnlyTheIndex(count);
            assertThat(count.buffers()).as(count.text()).isLessThan(COUNT_BUFFERS);
        }
    }

    @Test
    void the_dashboard_s_user_and_event_filter_reads_only_the_new_index() {
        AuditFilter f = new AuditFilter(null, null, null, null, null, "clear", "user_11", null, null, List.of(),
                List.of());
        Plan page = explainPage(f, "-event_log_id", 0);
        assertReadsOnlyTheIndex(page);
        assertThat(page.buffers()).as(page.text()).isLessThan(PAGE_BUFFERS);
        Plan count = explainCount(f);
        assertReadsOnlyTheIndex(count);
        assertThat(count.buffers()).as(count.text()).isLessThan(COUNT_BUFFERS);
    }

    @Test
    void with_v150_s_index_instead_the_same_statements_exceed_those_bounds() {
        AuditFilter owner = byUser("user_07", List.of());
        // what the bounds above rest on: without event in the index, the filter visits the table for every row
        List<Plan> old = inTransactionRolledBack(() -> {
            jdbc.sql("DROP INDEX audit_log_owner_event").update();
            jdbc.sql("CREATE INDEX audit_log_owner ON audit_log (owner, id)").update();
            return List.of(explainPage(owner, null, LAST_PAGE), explainPage(owner, "-event_log_id", LAST_PAGE),
                    explainCount(owner));
        });
        for (Plan plan : old) {
            assertThat(plan.nodesWhere(n -> n.path("Index Name").asString("").equals("audit_log_owner")))
                    .as(plan.text()).isNotEmpty();
        }
        assertThat(old.get(0).buffers()).as(old.get(0).text()).isGreaterThan(PAGE_BUFFERS);
        assertThat(old.get(1).buffers()).as(old.get(1).text()).isGreaterThan(PAGE_BUFFERS);
        assertThat(old.get(2).buffers()).as(old.get(2).text()).isGreaterThan(COUNT_BUFFERS);
        assertThat(jdbc.sql("SELECT count(*) FROM pg_class WHERE relname = 'audit_log_owner'").query(Long.class)
                .single()).as("V150's index is gone again after the rollback").isZero();
    }

    @Test
    void the_last_page_and_the_totals_are_right_with_excluded_events() {
        AuditQuery audit = new AuditQuery(jdbc);
        AuditFilter f = byUser("user_19", List.of("trigger", "clear"));
        List<Long> expected = jdbc.sql("""
                SELECT id FROM audit_log WHERE owner = 'user_19' AND event NOT IN ('trigger', 'clear') ORDER BY id
                """).query(Long.class).list();
        assertThat(expected).hasSizeBetween(PER_USER / 2, PER_USER - 1);

        Page<AuditEntry> last = audit.list(f, 100, expected.size() - 40, null);
        assertThat(last.totalEntries()).isEqualTo(expected.size());
        assertThat(last.items()).extracting(AuditEntry::id)
                .containsExactlyElementsOf(expected.subList(expected.size() - 40, expected.size()));
        Page<AuditEntry> newest = audit.list(f, 100, 0, "-event_log_id");
        assertThat(newest.totalEntries()).isEqualTo(expected.size());
        assertThat(newest.items()).extracting(AuditEntry::id)
                .containsExactlyElementsOf(expected.reversed().subList(0, 100));
        assertThat(newest.items()).allSatisfy(e -> {
            assertThat(e.owner()).isEqualTo("user_19");
            assertThat(e.event()).isNotIn("trigger", "clear");
        });
        assertThat(audit.list(byUser("user_19", List.of()), 1, 0, null).totalEntries()).isEqualTo(PER_USER);
    }

    private static void assertReadsOnlyTheIndex(Plan plan) {
        List<JsonNode> byOwner = plan.nodesWhere(n -> n.path("Index Cond").asString("").contains("owner"));
        assertThat(byOwner).as(plan.text()).hasSize(1);
        JsonNode scan = byOwner.getFirst();
        assertThat(scan.path("Node Type").asString()).as(plan.text()).isEqualTo("Index Only Scan");
        assertThat(scan.path("Index Name").asString()).as(plan.text()).isEqualTo("audit_log_owner_event");
        assertThat(scan.path("Heap Fetches").asLong(-1)).as(plan.text()).isZero();
    }

    private static Plan explainPage(AuditFilter f, String orderBy, long offset) {
        return new Plan(AuditQuery.bind(jdbc.sql(EXPLAIN + AuditQuery.pageSql(orderBy)), f)
                .param("limit", 100).param("offset", offset).query(String.class).single());
    }

    private static Plan explainCount(AuditFilter f) {
        return new Plan(AuditQuery.bind(jdbc.sql(EXPLAIN + AuditQuery.COUNT), f).query(String.class).single());
    }

    private static final String EXPLAIN = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ";

    private static <T> T inTransactionRolledBack(Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(s -> {
            s.setRollbackOnly();
            return work.get();
        });
    }

    private static AuditFilter byUser(String owner, List<String> excluded) {
        return new AuditFilter(null, null, null, null, null, null, owner, null, null, List.of(), excluded);
    }

    /** One EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
    private record Plan(String text, JsonNode root) {

        Plan(String text) {
            this(text, JSON.readTree(text).get(0).path("Plan"));
        }

        /** Shared buffers hit or read by the whole statement (planning not counted). */
        long buffers() {
            return root.path("Shared Hit Blocks").asLong() + root.path("Shared Read Blocks").asLong();
        }

        List<JsonNode> nodes(String... types) {
            List<String> wanted = List.of(types);
            return nodesWhere(n -> wanted.contains(n.path("Node Type").asString("")));
        }

        List<JsonNode> nodesWhere(Predicate<JsonNode> test) {
            List<JsonNode> out = new ArrayList<>();
            collect(root, test, out);
            return out;
        }

        private static void collect(JsonNode node, Predicate<JsonNode> test, List<JsonNode> out) {
            if (test.test(node)) {
                out.add(node);
            }
            for (JsonNode child : node.path("Plans")) {
                collect(child, test, out);
            }
        }
    }
}
