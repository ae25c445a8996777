package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.ParamValidationException;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DagRunServiceTest {

    static SettableClock clock = SettableClock.at("2026-03-02T10:15:30.123456789Z");
    static DagRegistry registry;
    static DagRunService runs;
    static TaskInstanceService tis;

    @BeforeAll
    static void setUp() {
        DataSource ds = TestDatabase.migratedDatabase(DagRunServiceTest.class);
        JdbcClient jdbc = JdbcClient.create(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        registry = new DagRegistry(stores, tx, clock, EngineConfig.defaults("node-a"));
        Dag dag = DagBuilder.dag("two_steps")
                .params(new ParamSpec("symbols", ParamSpec.Type.INTEGER, false, 5, "how many"))
                .tasks(g -> g.task("extract", ctx -> null).then(g.task("load", ctx -> null)))
                .build();
        registry.load(List.of(dag), List.of(new DagImportError("com.example.Broken", "broken", "cycle a -> b -> a")));
        runs = new DagRunService(stores, tx, clock, registry);
        tis = new TaskInstanceService(stores);
    }

    @Test
    void trigger_creates_a_queued_manual_run_with_one_instance_per_task() {
        DagRunRow run = runs.trigger("two_steps", null, null, Map.of("symbols", 3), "by hand");

        assertThat(run.runId()).isEqualTo("manual__2026-03-02T10:15:30.123456Z");
        assertThat(run.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(run.runType()).isEqualTo("manual");
        assertThat(run.logicalDate()).isEqualTo(Instant.parse("2026-03-02T10:15:30.123456Z"));
        assertThat(run.note()).isEqualTo("by hand");
        assertThat(run.confJson()).contains("\"symbols\"").contains("3");
        List<TaskInstanceRow> instances = tis.all("two_steps", run.runId());
        assertThat(instances).extracting(TaskInstanceRow::taskId).containsExactly("extract", "load");
        assertThat(instances).allSatisfy(ti -> {
            assertThat(ti.state()).isEqualTo(TaskState.NONE);
            assertThat(ti.mapIndex()).isEqualTo(-1);
            assertThat(ti.tryNumber()).isZero();
            assertThat(ti.pool()).isEqualTo("default_pool");
        });
        assertThat(runs.get("two_steps", run.runId())).contains(run);
    }

    @Test
    void a_second_run_with_the_same_id_or_logical_date_is_a_conflict() {
        Instant ld = Instant.parse("2026-01-05T00:00:00Z");
        runs.trigger("two_steps", "first", ld, null, null);

        assertThatThrownBy(() -> runs.trigger("two_steps", "first", ld.plusSeconds(1), null, null))
                .isInstanceOf(DagRunConflictException.class).hasMessageContaining("'first' already exists");
        assertThatThrownBy(() -> runs.trigger("two_steps", "other", ld, null, null))
                .isInstanceOf(DagRunConflictException.class).hasMessageContaining("2026-01-05T00:00:00Z");
    }

    @Test
    void conf_that_breaks_the_params_is_rejected_naming_the_param() {
        assertThatThrownBy(() -> runs.trigger("two_steps", null, Instant.parse("2026-01-06T00:00:00Z"),
                Map.of("symbols", "many"), null))
                .isInstanceOf(ParamValidationException.class).hasMessageContaining("symbols");
    }

    @Test
    void unknown_and_broken_dags_are_not_found() {
        assertThatThrownBy(() -> runs.trigger("nope", null, null, null, null))
                .isInstanceOf(DagNotFoundException.class).hasMessageContaining("'nope' not found");
        assertThatThrownBy(() -> runs.trigger("broken", null, null, null, null))
                .isInstanceOf(DagNotFoundException.class).hasMessageContaining("cycle a -> b -> a");
        assertThat(registry.find("broken")).hasValueSatisfying(d -> assertThat(d.importError()).contains("cycle"));
    }

    @Test
    void list_filters_by_logical_date_and_orders_descending() {
        Instant base = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            runs.trigger("two_steps", "listed_" + i, base.plus(Duration.ofDays(i)), null, null);
        }
        var page = runs.list("two_steps", new DagRunFilter(List.of(DagRunState.QUEUED), null, base,
                base.plus(Duration.ofDays(1)), null, null, null, null), 10, 0, "-logical_date");

        assertThat(page.items()).extracting(DagRunRow::runId).containsExactly("listed_1", "listed_0");
        assertThat(page.totalEntries()).isEqualTo(2);
        assertThat(runs.list("~", DagRunFilter.none(), 1, 0, null).totalEntries()).isGreaterThanOrEqualTo(3);
        assertThatThrownBy(() -> runs.list("two_steps", null, 10, 0, "color"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'color'");
    }

    @Test
    void pause_flips_the_flag_and_unknown_dags_are_not_found() {
        assertThat(registry.pause("two_steps", true).paused()).isTrue();
        assertThat(registry.pause("two_steps", false).paused()).isFalse();
        assertThatThrownBy(() -> registry.pause("nope", true)).isInstanceOf(DagNotFoundException.class);
    }
}
