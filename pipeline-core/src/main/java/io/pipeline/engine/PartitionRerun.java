package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;

/**
 * Runs a finished run of a partition again because an input partition got a newer event (a schedule on partitions
 * with {@code rerunOnUpdate()}): its task instances go back to {@code none} with a full set of tries (earlier tries
 * stay in {@code task_try}) and the run to {@code queued}, where the partition gate links the newer events and starts
 * it. The same store gates as an operator's clear; call inside the transaction that dequeues the trigger.
 */
final class PartitionRerun {

    private record Ti(long id, String taskId, int mapIndex, TaskState state, int tryNumber) {
    }

    private final JdbcClient jdbc;
    private final Stores stores;
    private final StateRecorder recorder;

    PartitionRerun(Stores stores, StateRecorder recorder) {
        this.jdbc = stores.jdbc();
        this.stores = stores;
        this.recorder = recorder;
    }

    /** Requeues the run if it is still finished (locked here); returns false when it was not. */
    boolean rerun(Dag dag, DagRunRow run, Instant now) {
        DagRunState from = jdbc.sql("SELECT state FROM dag_run WHERE id = :id FOR UPDATE").param("id", run.id())
                .query(String.class).optional().map(DagRunState::of).orElse(null);
        if (from == null || !from.isTerminal()) {
            return false;
        }
        List<Ti> tis = jdbc.sql("""
                SELECT id, task_id, map_index, state, try_number FROM task_instance
                WHERE run_pk = :run AND state <> 'none' ORDER BY id FOR UPDATE
                """)
                .param("run", run.id())
                .query((rs, n) -> new Ti(rs.getLong(1), rs.getString(2), rs.getInt(3), TaskState.of(rs.getString(4)),
                        rs.getInt(5)))
                .list();
        long[] ids = tis.stream().mapToLong(Ti::id).toArray();
        int[] maxTries = tis.stream().mapToInt(t -> t.tryNumber()
                + (dag.hasTask(t.taskId()) ? dag.task(t.taskId()).maxTries() : 1)).toArray();
        stores.taskStates().clear(ids, maxTries, now);
        stores.progress().recount(run.id());
        if (stores.runStates().requeue(new long[] {run.id()}, now).isEmpty()) {
            return false;
        }
        for (int i = 0; i < tis.size(); i++) {
            Ti t = tis.get(i);
            recorder.task(run.dagId(), run.runId(), run.logicalDate(), t.taskId(), t.mapIndex(), t.tryNumber(),
                    maxTries[i], t.state(), TaskState.NONE, now, null, "an input partition was updated");
        }
        recorder.run(run, from, DagRunState.QUEUED, now);
        return true;
    }
}
