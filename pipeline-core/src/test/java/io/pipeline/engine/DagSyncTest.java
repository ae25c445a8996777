package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.store.DagRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dag table as the registry writes it at load: every DAG's row in one statement, its next run in one more. */
class DagSyncTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(DagSyncTest.class.getSimpleName(), 10);
    }

    static Dag dag(String id, String description, String... tags) {
        return DagBuilder.dag(id).description(description).owner("desk \"A\"").tags(tags)
                .schedule("0 6 * * *", "America/New_York").catchup(false)
                .startDate(Instant.parse("2026-01-01T11:00:00Z")).maxActiveRuns(3)
                .tasks(g -> g.task("t", ctx -> null)).build();
    }

    @Test
    void many_dags_are_written_with_their_columns_and_a_reload_keeps_the_pause_flag() {
        SettableClock clock = SettableClock.at("2026-01-06T12:00:00Z");
        List<Dag> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(dag("sync_%03d".formatted(i), "plain " + i, "eod"));
        }
        many.add(dag("sync_odd", "quotes \" and \\ and, commas", "a,b", "with \"quotes\"", "back\\slash", "é"));
        EngineTestDriver d = EngineTestDriver.create(ds, clock, many.toArray(Dag[]::new));

        DagRow odd = d.registry().find("sync_odd").orElseThrow();
        assertThat(odd.tags()).containsExactlyInAnyOrder("a,b", "with \"quotes\"", "back\\slash", "é");
        assertThat(odd.description()).isEqualTo("quotes \" and \\ and, commas");
        assertThat(odd.owners()).isEqualTo("desk \"A\"");
        assertThat(odd.scheduleExpression()).isNotBlank();
        assertThat(odd.catchup()).isFalse();
        assertThat(odd.startDate()).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(odd.maxActiveRuns()).isEqualTo(3);
        assertThat(odd.active()).isTrue();
        assertThat(odd.importError()).isNull();
        assertThat(odd.nextRunAfter()).as("next run written at load").isEqualTo(Instant.parse("2026-01-06T11:00:00Z"));
        assertThat(d.registry().find("sync_299").orElseThrow().tags()).containsExactly("eod");
        boolean pausedAtCreation = d.registry().find("sync_000").orElseThrow().paused();

        d.registry().pause("sync_001", !pausedAtCreation);
        List<Dag> reloaded = new ArrayList<>(many.subList(0, 2));
        reloaded.set(1, dag("sync_001", "changed", "new_tag"));
        d.load(reloaded, List.of(new DagImportError("dags/broken.py", "sync_broken", "boom")));

        DagRow changed = d.registry().find("sync_001").orElseThrow();
        assertThat(changed.description()).isEqualTo("changed");
        assertThat(changed.tags()).containsExactly("new_tag");
        assertThat(changed.paused()).as("an existing DAG keeps its pause flag").isEqualTo(!pausedAtCreation);
        assertThat(d.registry().find("sync_002").orElseThrow().active()).as("no longer defined").isFalse();
        assertThat(d.registry().find("sync_broken").orElseThrow().importError()).isEqualTo("boom");
    }
}
