package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The free-text notes of DAG runs and task instances (Airflow's {@code setNote}); the one writer of the
 * {@code note} columns after a run's creation. A note is not a state: the state gates are not involved.
 */
public class NoteStore {

    private final JdbcClient jdbc;

    public NoteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when there is no such run */
    public boolean setRunNote(String dagId, String runId, String note) {
        return jdbc.sql("UPDATE dag_run SET note = :note WHERE dag_id = :dag AND run_id = :run")
                .param("note", note).param("dag", dagId).param("run", runId).update() == 1;
    }

    /** @return false when there is no such task instance */
    public boolean setTaskInstanceNote(String dagId, String runId, String taskId, int mapIndex, String note) {
        return jdbc.sql("""
                        UPDATE task_instance t SET note = :note FROM dag_run r
                        WHERE r.id = t.run_pk AND r.dag_id = :dag AND r.run_id = :run AND t.task_id = :task
                          AND t.map_index = :mi
                        """)
                .param("note", note).param("dag", dagId).param("run", runId).param("task", taskId)
                .param("mi", mapIndex).update() == 1;
    }
}
