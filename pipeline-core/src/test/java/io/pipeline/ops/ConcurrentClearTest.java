package io.pipeline.ops;

import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clients clear overlapping task instances of the same run at the same moment, round after round: the clears
 * serialise on the run's lock, so each TI is cleared by exactly one of them (the other sees it already cleared),
 * nothing deadlocks, no TI's retries are extended twice, and the run is requeued once.
 */
class ConcurrentClearTest {

    static final int ROUNDS = 20;
    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(ConcurrentClearTest.class, 6, EtlDag.dag());
    }

    @Test
    void concurrent_clears_of_one_run_never_lose_or_double_an_update() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                oneRound(clients, round);
            }
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private void oneRound(ExecutorService clients, int round) throws Exception {
        String day = java.time.LocalDate.of(2025, 1, 1).plusDays(round).toString();
        DagRunRow run = kit.run(ID, day);
        for (String task : List.of("extract", "transform", "load", "report", "audit")) {
            kit.setTi(ID, run.runId(), task, TaskState.FAILED, 1);
        }
        kit.setRunState(ID, run.runId(), DagRunState.FAILED);
        Map<String, Integer> versions = List.of("transform", "load", "report").stream()
                .collect(Collectors.toMap(t -> t, t -> kit.ti(ID, run.runId(), t).version()));
        kit.runChanges.clear();

        CyclicBarrier start = new CyclicBarrier(2);
        Future<List<TiRef>> a = clients.submit(() -> {
            start.await();
            return kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform").withDownstream(true),
                    RunScope.run(run.runId())), Actor.api("client-a"));
        });
        Future<List<TiRef>> b = clients.submit(() -> {
            start.await();
            return kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("extract").withDownstream(true),
                    RunScope.run(run.runId())), Actor.api("client-b"));
        });
        List<TiRef> byA = a.get(30, TimeUnit.SECONDS);
        List<TiRef> byB = b.get(30, TimeUnit.SECONDS);

        for (String task : List.of("transform", "load", "report")) {
            TaskState seenByA = stateIn(byA, task);
            TaskState seenByB = stateIn(byB, task);
            assertThat(Set.of(seenByA, seenByB)).as("round %d, %s: one clear found it failed, the other cleared",
                    round, task).containsExactlyInAnyOrder(TaskState.FAILED, TaskState.NONE);
            assertThat(kit.ti(ID, run.runId(), task).version()).as("written once").isEqualTo(versions.get(task) + 1);
        }
        for (String task : List.of("extract", "transform", "load", "report")) {
            assertThat(kit.ti(ID, run.runId(), task).state()).isEqualTo(TaskState.NONE);
        }
        assertThat(kit.ti(ID, run.runId(), "audit").state()).isEqualTo(TaskState.FAILED);
        assertThat(kit.ti(ID, run.runId(), "transform").maxTries()).as("extended once").isEqualTo(1 + 3);
        assertThat(kit.runState(ID, run.runId())).isEqualTo(DagRunState.QUEUED);
        assertThat(kit.runChanges).as("requeued once").hasSize(1);
        long entries = new AuditQuery(kit.jdbc).list(new AuditFilter(ID, null, run.runId(), null, null, "clear",
                null, null, null, null, null), 10, 0, null).totalEntries();
        assertThat(entries).isEqualTo(2);
    }

    private static TaskState stateIn(List<TiRef> refs, String task) {
        return refs.stream().filter(r -> r.taskId().equals(task)).findFirst().orElseThrow().state();
    }
}
