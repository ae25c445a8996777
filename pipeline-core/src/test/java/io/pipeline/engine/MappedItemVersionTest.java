package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.XComRepository;
import io.pipeline.testing.CountingDataSource;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapped instance reads its upstream's version once per claimed batch, not once per instance, and never an item
 * of a value replaced before its claim.
 */
class MappedItemVersionTest {

    /** The statement that reads the upstream row's version only. */
    private static final Predicate<String> VERSION_READ = sql -> sql.startsWith("SELECT CAST(xmin AS text) FROM xcom");
    private static final int WIDTH = 40;

    /** What {@code replaced}'s upstream returns: its items, offset by this. */
    private static final AtomicInteger OFFSET = new AtomicInteger();
    /** The item each instance of {@code replaced} was given, by map index. */
    private static final Map<Integer, Integer> SEEN = new ConcurrentHashMap<>();

    static CountingDataSource db;
    static EngineTestDriver driver;

    static Dag wide() {
        return DagBuilder.dag("versions_wide").maxActiveTasks(1_000).tasks(g -> {
            var items = g.task("items", ctx -> IntStream.range(0, WIDTH).map(i -> 100 + i).boxed().toList());
            var work = g.task("work", ctx -> ctx.mapItem(Integer.class) * 10).expand(items);
            items.then(work);
        }).build();
    }

    static Dag replaced() {
        return DagBuilder.dag("versions_replaced").tasks(g -> {
            var items = g.task("items", ctx -> List.of(1, 2, 3).stream().map(i -> i + OFFSET.get()).toList());
            var work = g.task("work", ctx -> {
                int item = ctx.mapItem(Integer.class);
                SEEN.put(ctx.mapIndex(), item);
                return item;
            }).expand(items);
            var total = g.task("total", ctx -> ctx.inputs("work", Integer.class).stream()
                    .mapToInt(Integer::intValue).sum());
            items.then(work).then(total);
        }).build();
    }

    @BeforeAll
    static void engine() {
        db = new CountingDataSource(TestDatabase.migratedDatabase(MappedItemVersionTest.class));
        driver = EngineTestDriver.create(db, SettableClock.at("2026-03-02T12:00:00Z"), wide(), replaced());
    }

    @BeforeEach
    void aMinuteLater() {
        driver.advance(Duration.ofMinutes(1));
    }

    @Test
    void a_claimed_batch_of_mapped_instances_reads_the_upstream_version_once() {
        DagRunRow run = driver.trigger("versions_wide");
        driver.tick();
        List<ClaimedTi> upstream = driver.claim(16);
        assertThat(upstream).extracting(ClaimedTi::taskId).containsExactly("items");
        TryOutcome itemsDone = driver.parts().runner().run(upstream.getFirst(), driver.parts().runner().claimMark());
        // the finishing transaction claims 16 instances for this node's free slots; the other 24 are queued
        TryFinisher.Finished f = driver.parts().finisher().finish(List.of(itemsDone), 16);
        driver.parts().running().finished(upstream.getFirst());
        assertThat(f.claimedHere()).hasSize(16);

        db.reset();
        runBatch(f.claimedHere());
        assertThat(db.count(VERSION_READ)).as("version reads for the 16 claimed by the finishing transaction")
                .isEqualTo(1);

        List<ClaimedTi> second = driver.claim(16);
        List<ClaimedTi> third = driver.claim(16);
        assertThat(second).hasSize(16);
        assertThat(third).hasSize(8);
        db.reset();
        runBatch(second);
        runBatch(third);
        assertThat(db.count(VERSION_READ)).as("version reads for two batches claimed by the claim statement")
                .isEqualTo(2);

        for (int i = 0; i < WIDTH; i++) {
            assertThat(driver.state(run, "work", i)).as("work[%d]", i).isEqualTo(TaskState.SUCCESS);
            assertThat(driver.parts().stores().xcoms().find(run.id(), "work", i, XComRepository.RETURN_VALUE)
                    .orElseThrow().valueJson()).as("work[%d]'s output", i).isEqualTo(Integer.toString((100 + i) * 10));
        }
        driver.tick();
        assertThat(driver.runState("versions_wide", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void instances_claimed_after_the_upstream_value_was_replaced_read_the_new_items() {
        OFFSET.set(0);
        SEEN.clear();
        DagRunRow run = driver.runs().trigger("versions_replaced", "replaced", null, null, null);
        driver.settle();
        assertThat(SEEN).isEqualTo(Map.of(0, 1, 1, 2, 2, 3));
        assertThat(output(run, "total")).isEqualTo("6");

        // a later try of the upstream writes a new array; this node keeps the split of the old one
        OFFSET.set(10);
        SEEN.clear();
        new io.pipeline.ops.Operations(driver.parts().stores(), driver.parts().tx(), driver.parts().clock(),
                driver.registry(), driver.runs(), driver.parts().recorder(), null)
                .clear(ClearRequest.of("versions_replaced", TaskScope.ids("items").withDownstream(true),
                        RunScope.run(run.runId())), Actor.api("alice"));
        driver.settle();

        assertThat(driver.ti(run, "work", 0).tryNumber()).isEqualTo(2);
        assertThat(SEEN).isEqualTo(Map.of(0, 11, 1, 12, 2, 13));
        assertThat(output(run, "total")).isEqualTo("36");
        assertThat(driver.runState("versions_replaced", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    /** Runs the claimed TIs one after the other with the mark of their claim, as a worker does, and finishes them. */
    private static void runBatch(List<ClaimedTi> claimed) {
        long mark = driver.parts().runner().claimMark();
        List<TryOutcome> outcomes = new ArrayList<>();
        for (ClaimedTi ti : claimed) {
            outcomes.add(driver.parts().runner().run(ti, mark));
        }
        driver.parts().finisher().finish(outcomes, 0);
        claimed.forEach(ti -> driver.parts().running().finished(ti));
    }

    private static String output(DagRunRow run, String taskId) {
        return driver.parts().stores().xcoms().find(run.id(), taskId, -1, XComRepository.RETURN_VALUE)
                .orElseThrow().valueJson();
    }
}
