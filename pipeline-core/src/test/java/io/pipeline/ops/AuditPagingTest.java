package io.pipeline.ops;

import io.pipeline.store.Page;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging the event log of a long history: 20,000 rows with few distinct times (ties on every order key), paged by
 * user and by DAG in the API's orders. Every row comes exactly once across the pages, in the stated order with the
 * id as tie-breaker, also with events excluded and in the dashboard's newest-first order; and the user filter and its
 * count are answered from the V310 index, not by reading the table (their cost: {@link AuditLogReadCostTest}).
 */
class AuditPagingTest {

    private static final int ROWS = 20_000;
    private static JdbcClient jdbc;
    private static AuditQuery audit;

    @BeforeAll
    static void history() {
        DataSource ds = TestDatabase.migratedDatabase(AuditPagingTest.class);
        jdbc = JdbcClient.create(ds);
        audit = new AuditQuery(jdbc);
        // 20 distinct instants for 20,000 rows: a thousand ties on each; 25 users, 200 DAGs, 6 events.
        jdbc.sql("""
                INSERT INTO audit_log (event_time, event, owner, dag_id, run_id, extra)
                SELECT timestamptz '2025-01-02 21:00:00+00' + (g % 20) * interval '1 hour',
                       (ARRAY['trigger', 'clear', 'mark_success', 'mark_failed', 'pause', 'unpause'])[1 + g % 6],
                       'user_' || lpad((g % 25)::text, 2, '0'), 'hist_dag_' || lpad((g % 200)::text, 3, '0'),
                       'scheduled__2025-01-02T21:00:00Z', '{}'
                FROM generate_series(1, :rows) g""").param("rows", ROWS).update();
        jdbc.sql("VACUUM ANALYZE audit_log").update();
    }

    @Test
    void pagesByUserOrderedByTimeHoldEveryRowOnceAcrossTies() {
        AuditFilter byUser = filter(null, "user_07");
        List<AuditEntry> all = pageThrough(byUser, 37, "when");
        List<Long> expected = jdbc.sql("SELECT id FROM audit_log WHERE owner = 'user_07' ORDER BY event_time, id")
                .query(Long.class).list();
        assertThat(expected).hasSize(ROWS / 25);
        assertThat(all).extracting(AuditEntry::id).containsExactlyElementsOf(expected);
        for (int i = 1; i < all.size(); i++) {
            AuditEntry a = all.get(i - 1);
            AuditEntry b = all.get(i);
            assertThat(a.when().isBefore(b.when()) || a.when().equals(b.when()) && a.id() < b.id())
                    .as("row %d (%s, %d) before row %d (%s, %d)", i - 1, a.when(), a.id(), i, b.when(), b.id())
                    .isTrue();
        }
    }

    @Test
    void descendingPagesByDagHoldEveryRowOnce() {
        AuditFilter byDag = filter("hist_dag_013", null);
        List<AuditEntry> all = pageThrough(byDag, 7, "-when");
        List<Long> expected = jdbc.sql("SELECT id FROM audit_log WHERE dag_id = 'hist_dag_013'"
                + " ORDER BY event_time DESC, id DESC").query(Long.class).list();
        assertThat(expected).hasSize(ROWS / 200);
        assertThat(all).extracting(AuditEntry::id).containsExactlyElementsOf(expected);
    }

    @Test
    void defaultOrderPagesAreDisjointAndCoverTheUser() {
        AuditFilter byUser = filter(null, "user_24");
        List<AuditEntry> all = pageThrough(byUser, 100, null);
        Set<Long> ids = new HashSet<>();
        all.forEach(e -> assertThat(ids.add(e.id())).as("id %d twice", e.id()).isTrue());
        assertThat(ids).hasSize(ROWS / 25);
        assertThat(all).extracting(AuditEntry::id).isSorted();
        assertThat(all).allSatisfy(e -> assertThat(e.owner()).isEqualTo("user_24"));
    }

    @Test
    void pagesByUserWithEventsExcludedHoldEveryRemainingRowOnceAndCountThem() {
        AuditFilter filter = new AuditFilter(null, null, null, null, null, null, "user_12", null, null, List.of(),
                List.of("trigger", "pause"));
        List<Long> expected = jdbc.sql("SELECT id FROM audit_log WHERE owner = 'user_12'"
                + " AND event NOT IN ('trigger', 'pause') ORDER BY id").query(Long.class).list();
        assertThat(expected).isNotEmpty().hasSizeLessThan(ROWS / 25);
        assertThat(pageThrough(filter, 29, null)).extracting(AuditEntry::id).containsExactlyElementsOf(expected);
        assertThat(pageThrough(filter, 29, "-event_log_id")).extracting(AuditEntry::id)
                .containsExactlyElementsOf(expected.reversed());
        assertThat(audit.list(filter, 5, 0, null).totalEntries()).isEqualTo(expected.size());
    }

    @Test
    void pagesByUserAndEventNewestFirstAsTheDashboardAsksHoldEveryRowOnce() {
        AuditFilter filter = new AuditFilter(null, null, null, null, null, "clear", "user_05", null, null, List.of(),
                List.of());
        List<Long> expected = jdbc.sql("SELECT id FROM audit_log WHERE owner = 'user_05' AND event = 'clear'"
                + " ORDER BY id DESC").query(Long.class).list();
        assertThat(expected).isNotEmpty();
        assertThat(pageThrough(filter, 100, "-event_log_id")).extracting(AuditEntry::id)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theUserFilterAndItsCountReadTheV310IndexWhichReplacedV150s() {
        AuditFilter user = filter(null, "user_03");
        assertThat(plan(AuditQuery.COUNT, user)).contains("audit_log_owner_event").doesNotContain("Seq Scan");
        assertThat(plan(AuditQuery.pageSql(null), filter(null, "nobody_yet")))
                .contains("audit_log_owner_event").doesNotContain("Seq Scan");
        assertThat(jdbc.sql("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE i.indrelid = 'audit_log'::regclass AND i.indisvalid ORDER BY 1").query(String.class).list())
                .containsExactly("audit_log_dag", "audit_log_event", "audit_log_owner_event", "audit_log_pkey",
                        "audit_log_time");
    }

    private static String plan(String sql, AuditFilter f) {
        return String.join("\n", AuditQuery.bind(jdbc.sql("EXPLAIN " + sql), f).param("limit", 100)
                .param("offset", 0).query(String.class).list());
    }

    private static List<AuditEntry> pageThrough(AuditFilter f, int limit, String orderBy) {
        List<AuditEntry> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<AuditEntry> page = audit.list(f, limit, offset, orderBy);
            assertThat(page.totalEntries()).isPositive();
            all.addAll(page.items());
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.totalEntries()) {
                assertThat(offset).isEqualTo(page.totalEntries());
                return all;
            }
            assertThat(page.items()).hasSize(limit);
        }
    }

    private static AuditFilter filter(String dagId, String owner) {
        return new AuditFilter(dagId, null, null, null, null, null, owner, null, null, List.of(), List.of());
    }
}
