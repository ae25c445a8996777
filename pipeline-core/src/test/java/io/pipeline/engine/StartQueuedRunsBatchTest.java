package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close: many DAGs with a queued run each are started by one pass of {@code start_queued_runs} in a few
 * transactions and statements (counted at the JDBC connection), with max_active_runs, the order by logical date and
 * a paused DAG's rule unchanged.
 */
class StartQueuedRunsBatchTest {

    static final int HERD = 300;

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(StartQueuedRunsBatchTest.class.getSimpleName(), 20);
    }

    /** Counts the statements prepared and the transactions committed through a data source, while switched on. */
    static final class Counting {
        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        volatile boolean on;

        DataSource wrap(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                    (p, m, args) -> {
                        Object result = invoke(target, m, args);
                        return result instanceof Connection c && m.getName().startsWith("getConnection")
                                ? connection(c) : result;
                    });
        }

        private Connection connection(Connection target) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                    (p, m, args) -> {
                        if (on) {
                            switch (m.getName()) {
                                case "prepareStatement", "prepareCall", "createStatement" ->
                                        statements.incrementAndGet();
                                case "commit" -> commits.incrementAndGet();
                                default -> { }
                            }
                        }
                        return invoke(target, m, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    static Dag herdDag(String id) {
        return DagBuilder.dag(id).tasks(g -> g.task("start", ctx -> null).pool("herd_wide")
                .then(g.task("end", ctx -> null).pool("herd_wide"))).build();
    }

    @Test
    void one_pass_starts_every_dags_queued_run_in_few_transactions_and_keeps_max_active_runs() {
        Counting counting = new Counting();
        SettableClock clock = SettableClock.at("2026-03-02T21:00:00Z");
        List<Dag> dags = new ArrayList<>();
        for (int i = 0; i < HERD; i++) {
            dags.add(herdDag("herd_%04d".formatted(i)));
        }
        dags.add(DagBuilder.dag("one_at_a_time").maxActiveRuns(1)
                .tasks(g -> g.task("t", ctx -> null)).build());
        dags.add(herdDag("paused_one"));
        EngineTestDriver d = EngineTestDriver.create(counting.wrap(ds), clock, dags.toArray(Dag[]::new));
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('herd_wide', 1000)").update();
        Instant close = Instant.parse("2026-03-02T21:00:00Z");
        List<DagRunRow> herd = new ArrayList<>();
        for (int i = 0; i < HERD; i++) {
            herd.add(d.runs().trigger("herd_%04d".formatted(i), "close", close, null, null));
        }
        // the later logical date is triggered first: the earlier one must still start first
        d.runs().trigger("one_at_a_time", "second", close.plusSeconds(86_400), null, null);
        d.runs().trigger("one_at_a_time", "first", close, null, null);
        d.runs().trigger("paused_one", "close", close, null, null);
        d.registry().pause("paused_one", true);
        SchedulerStep step = d.parts().steps().stream().filter(s -> s.name().equals("start_queued_runs"))
                .findFirst().orElseThrow();

        counting.on = true;
        step.run(clock.instant());
        counting.on = false;

        for (DagRunRow run : herd) {
            assertThat(d.runState(run.dagId(), run.runId())).as(run.dagId()).isEqualTo(DagRunState.RUNNING);
            assertThat(d.state(run, "start")).as(run.dagId()).isEqualTo(TaskState.QUEUED);
            assertThat(d.state(run, "end")).as(run.dagId()).isEqualTo(TaskState.NONE);
        }
        assertThat(d.runState("one_at_a_time", "first")).isEqualTo(DagRunState.RUNNING);
        assertThat(d.runState("one_at_a_time", "second")).isEqualTo(DagRunState.QUEUED);
        assertThat(d.runState("paused_one", "close")).isEqualTo(DagRunState.QUEUED);
        assertThat(d.changes().runs.stream().filter(c -> c.to() == DagRunState.RUNNING)).hasSize(HERD + 1);
        // 301 DAGs to start, 100 per transaction: 4 transactions (one DAG per transaction was 301)
        assertThat(counting.commits.get()).isEqualTo(4);
        // per run: its tasks' states read and its first task scheduled; the rest is a few per transaction and pool
        // (measured: 639 statements; one DAG per transaction took 3,914 and 301 commits)
        assertThat(counting.statements.get()).isLessThanOrEqualTo(2 * HERD + 20 * 4);

        // a second pass starts nothing more while the first run of one_at_a_time runs
        step.run(clock.instant());
        assertThat(d.runState("one_at_a_time", "second")).isEqualTo(DagRunState.QUEUED);
        d.settle();
        assertThat(d.runState("one_at_a_time", "second")).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("paused_one", "close")).isEqualTo(DagRunState.QUEUED);
    }
}
