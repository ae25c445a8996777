package io.pipeline.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineNodes;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.EveryFewSeconds;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two schedulers on one database racing for the same due runs for sixty ticks of their schedule: first step by step
 * (whole passes at the same moments, a settable clock), then in real time (two engines, each with clustered Quartz and
 * its own scheduler loop). Each logical date must have exactly one run. RunCreationTest races only the creation step.
 */
class RacingSchedulersTest {

    static HikariDataSource db;

    @RegisterExtension
    static final EngineNodes nodes = new EngineNodes();

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(RacingSchedulersTest.class.getSimpleName(), 20);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void two_schedulers_racing_every_tick_for_sixty_ticks_make_one_run_per_logical_date_and_run_each_task_once()
            throws Exception {
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        Dag dag = DagBuilder.dag("raced_every_minute").schedule("* * * * *", "UTC").catchup(true).startDate(start)
                .tasks(g -> g.task("extract", ctx -> null).then(g.task("load", ctx -> null))).build();
        SettableClock clock = SettableClock.at("2026-02-01T00:01:00Z");
        List<EngineTestDriver> schedulers = List.of(
                EngineTestDriver.create(db, clock, EngineConfig.defaults("racer-a").withQuartz(false), dag),
                EngineTestDriver.create(db, clock, EngineConfig.defaults("racer-b").withQuartz(false), dag));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int tick = 0; tick < 60; tick++) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> passes = new ArrayList<>();
                for (EngineTestDriver scheduler : schedulers) {
                    passes.add(threads.submit(() -> {
                        together.await();
                        scheduler.tick();
                        scheduler.runQueued();
                        scheduler.tick();
                        return null;
                    }));
                }
                for (Future<?> pass : passes) {
                    pass.get();
                }
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            threads.shutdownNow();
        }
        clock.set(Instant.parse("2026-02-01T01:00:30Z")); // no further date becomes due while settling
        schedulers.getFirst().settle();

        List<DagRunRow> runs = schedulers.getFirst().runs()
                .list("raced_every_minute", DagRunFilter.none(), 1000, 0, "logical_date").items();
        assertThat(runs).extracting(DagRunRow::logicalDate).doesNotHaveDuplicates();
        assertThat(runs).extracting(DagRunRow::logicalDate).first().isEqualTo(start);
        assertThat(runs).hasSize(60).allSatisfy(r -> assertThat(r.state()).isEqualTo(DagRunState.SUCCESS));
        JdbcClient sql = JdbcClient.create(db);
        assertThat(sql.sql("""
                SELECT count(*) FROM task_instance WHERE dag_id = 'raced_every_minute' AND try_number = 1
                  AND state = 'success'""").query(Long.class).single()).as("TIs that ran once").isEqualTo(120);
        assertThat(sql.sql("""
                SELECT count(*) FROM task_try t JOIN task_instance ti ON ti.id = t.ti_id
                WHERE ti.dag_id = 'raced_every_minute'""").query(Long.class).single()).as("tries").isEqualTo(120);
    }

    @Test
    void two_engines_with_clustered_quartz_and_their_loops_make_one_run_per_logical_date_over_sixty_ticks()
            throws InterruptedException {
        Duration every = Duration.ofMillis(250);
        Dag dag = DagBuilder.dag("raced_in_real_time").schedule(new EveryFewSeconds(every)).catchup(true)
                .startDate(Instant.now()).tasks(g -> g.task("t", ctx -> null)).build();
        for (String node : List.of("racer-quartz-a", "racer-quartz-b")) {
            // Quartz fires at each tick on one of the two; both loops also create due runs every 100 ms
            nodes.start(EngineNodes.node(node).withQuartz(true).withIntervals(Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10)), dag);
        }
        Thread.sleep(every.multipliedBy(60).toMillis());

        List<Instant> dates = nodes.jdbc().sql("""
                SELECT logical_date FROM dag_run WHERE dag_id = 'raced_in_real_time' ORDER BY logical_date""")
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list();
        assertThat(dates).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(40);
        for (int i = 1; i < dates.size(); i++) {
            assertThat(Duration.between(dates.get(i - 1), dates.get(i))).as("no date missed or added between %s and %s",
                    dates.get(i - 1), dates.get(i)).isEqualTo(every);
        }
        assertThat(nodes.jdbc().sql("""
                SELECT count(*) FROM task_instance WHERE dag_id = 'raced_in_real_time' AND try_number > 1""")
                .query(Long.class).single()).as("TIs run more than once").isZero();
    }
}
