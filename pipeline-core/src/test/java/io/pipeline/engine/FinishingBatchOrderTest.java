package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One finishing transaction writes a batch of outcomes from several runs, so the slots they free are all free before
 * any run is admitted into them. A run whose finished task made its next task ready keeps the slot it freed, even
 * when a run earlier in the batch (a lower id) has many TIs waiting in the same pool: ready tasks are admitted
 * first, waiting TIs take the freed slots after them.
 */
class FinishingBatchOrderTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(FinishingBatchOrderTest.class.getSimpleName(), 10);
    }

    @Test
    void a_chains_next_link_keeps_its_slot_when_a_wide_run_earlier_in_the_batch_has_waiting_tasks() {
        String pool = "batch_order";
        Dag wide = DagBuilder.dag("bo_wide").tasks(g -> {
            for (int i = 0; i < 8; i++) {
                g.task("w" + i, ctx -> null).pool(pool);
            }
        }).build();
        Dag chain = DagBuilder.dag("bo_chain").tasks(g ->
                g.task("a", ctx -> null).pool(pool).then(g.task("b", ctx -> null).pool(pool))).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), wide, chain);
        // no slots yet, so that the wide run can be created first (the lower id) and still leave a slot to the chain
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 0)").param("p", pool).update();
        DagRunRow w = d.trigger("bo_wide");
        d.tick();
        DagRunRow c = d.trigger("bo_chain");
        d.tick();
        d.parts().jdbc().sql("UPDATE pool SET slots = 3 WHERE name = :p").param("p", pool).update();
        d.tick();
        List<ClaimedTi> running = d.claim(3);
        ClaimedTi a = running.stream().filter(t -> t.taskId().equals("a")).findFirst().orElseThrow();
        List<ClaimedTi> wides = running.stream().filter(t -> t.dagId().equals("bo_wide")).toList();
        assertThat(wides).as("a (downstream weight 2) first, then two of the wide run's (weight 1)").hasSize(2);
        assertThat(occupied(d, pool)).as("the pool is full; six of the wide run's tasks wait").isEqualTo(3);

        // the wide run's try first in the batch, then the chain's link
        List<TryOutcome> batch = new ArrayList<>();
        batch.add(d.parts().runner().run(wides.getFirst()));
        batch.add(d.parts().runner().run(a));
        List<ClaimedTi> next = d.parts().finisher().finish(batch, 10).claimedHere();
        d.parts().running().finished(wides.getFirst());
        d.parts().running().finished(a);

        assertThat(d.state(c, "b")).as("the chain's next link took the slot its link freed")
                .isIn(TaskState.QUEUED, TaskState.RUNNING);
        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .contains(org.assertj.core.groups.Tuple.tuple("bo_chain", "b"));
        assertThat(next).filteredOn(t -> t.dagId().equals("bo_wide")).as("the wide run took the other freed slot")
                .hasSize(1);
        assertThat(occupied(d, pool)).isEqualTo(3);
        assertThat(w.id()).as("the wide run comes first in the batch by id too").isLessThan(c.id());
        for (ClaimedTi t : next) {
            d.parts().finisher().finish(List.of(d.parts().runner().run(t)), 10);
            d.parts().running().finished(t);
        }
        assertThat(d.runState("bo_chain", c.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void the_finisher_writes_unmapped_tries_in_a_transaction_before_the_mapped_instances_drained_with_them() {
        Dag fan = DagBuilder.dag("bo_fan").maxActiveTasks(100).tasks(g -> {
            var items = g.task("items", ctx -> List.of(1, 2, 3, 4));
            items.then(g.task("work", ctx -> ctx.mapItem(Integer.class)).expand(items));
        }).build();
        Dag chain = DagBuilder.dag("bo_lane_chain").tasks(g ->
                g.task("a", ctx -> null).then(g.task("b", ctx -> null))).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), fan, chain);
        d.trigger("bo_fan");
        d.tick();
        ClaimedTi items = d.claim(1).getFirst();
        List<ClaimedTi> instances = d.parts().finisher()
                .finish(List.of(d.parts().runner().run(items)), 10).claimedHere();
        d.parts().running().finished(items);
        assertThat(instances).extracting(ClaimedTi::mapIndex).containsExactlyInAnyOrder(0, 1, 2, 3);
        d.trigger("bo_lane_chain");
        d.tick();
        ClaimedTi a = d.claim(1).getFirst();

        List<TryOutcome> drained = new ArrayList<>();
        drained.add(d.parts().runner().run(instances.get(0)));
        drained.add(d.parts().runner().run(a));
        drained.add(d.parts().runner().run(instances.get(1)));
        List<List<TryOutcome>> batches = Worker.unmappedFirst(drained);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).extracting(o -> o.ti().taskId()).containsExactly("a");
        assertThat(batches.get(1)).extracting(o -> o.ti().mapIndex()).containsExactly(0, 1);
        assertThat(Worker.unmappedFirst(batches.get(1))).as("only mapped: one batch, as drained")
                .containsExactly(batches.get(1));
        assertThat(Worker.unmappedFirst(batches.get(0))).containsExactly(batches.get(0));
    }

    private static long occupied(EngineTestDriver d, String pool) {
        return d.parts().jdbc().sql("""
                SELECT coalesce(sum(pool_slots), 0) FROM task_instance
                WHERE pool = :p AND state IN ('queued', 'running')""")
                .param("p", pool).query(Long.class).single();
    }
}
