package io.pipeline.web.ui;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * A session-partitioned dataset with a producer and a consumer DAG, written as other nodes would have written it:
 * a present partition from a successful run (2019-03-04), a failed producing run (2019-03-05), an external event
 * (2019-03-06); 2019-03-07 is missing, 2019-03-08 late (no event by its freshness deadline), 2019-03-01 present
 * but arrived after its deadline, and 2019-01-21 (Martin Luther King Jr. Day) a holiday of XNYS.
 */
final class DatasetFixture {
    static final String URI = "test://partition-map/bars";
    static final String PRODUCER = "pm_fixture_producer";
    static final String CONSUMER = "pm_fixture_consumer";
    static final String OK_RUN = "pm_ok_run";
    static final String FAILED_RUN = "pm_failed_run";

    private final JdbcClient jdbc;
    final long datasetId;

    DatasetFixture(DataSource dataSource) {
        jdbc = JdbcClient.create(dataSource);
        remove();
        for (String dag : new String[] {PRODUCER, CONSUMER}) {
            jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES (:d, now(), now())").param("d", dag)
                    .update();
        }
        datasetId = jdbc.sql("""
                INSERT INTO dataset (uri, partitioning, created_at, updated_at)
                VALUES (:uri, 'sessions:XNYS', now(), now()) RETURNING id""").param("uri", URI)
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO dataset_reference (dataset_id, dag_id, task_id, kind, mapping)
                VALUES (:id, :p, 'load', 'produces', null), (:id, :c, null, 'schedule', 'same_session')""")
                .param("id", datasetId).param("p", PRODUCER).param("c", CONSUMER).update();
        run(OK_RUN, "success", "2019-03-04");
        run(FAILED_RUN, "failed", "2019-03-05");
        event("2019-03-04", PRODUCER, OK_RUN, "2019-03-04T22:00:00Z");
        event("2019-03-06", null, null, "2019-03-06T22:30:00Z");
        event("2019-03-01", null, null, "2019-03-01T23:00:00Z");
        miss("2019-03-08", "2019-03-08T21:45:00Z", null);
        miss("2019-03-01", "2019-03-01T21:45:00Z", "2019-03-01T23:00:00Z");
    }

    private void run(String runId, String state, String key) {
        jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                    data_interval_end, run_after, created_at, updated_at, partition_key)
                VALUES (:d, :r, 'manual', :s, CAST(:k || 'T05:00:00Z' AS timestamptz), now(), now(), now(), now(), now(), :k)""")
                .param("d", PRODUCER).param("r", runId).param("s", state).param("k", key).update();
    }

    private void event(String key, String dag, String run, String at) {
        jdbc.sql("""
                INSERT INTO dataset_event (dataset_id, partition_key, source_dag_id, source_task_id, source_run_id,
                    created_at) VALUES (:id, :k, :d, :t, :r, CAST(:at AS timestamptz))""")
                .param("id", datasetId).param("k", key).param("d", dag).param("t", dag == null ? null : "load")
                .param("r", run).param("at", at).update();
    }

    private void miss(String key, String due, String arrived) {
        jdbc.sql("""
                INSERT INTO dataset_freshness_miss (dataset_id, partition_key, due_at, due_zone, deadline, detected_at,
                    arrived_at) VALUES (:id, :k, CAST(:due AS timestamptz), 'America/New_York',
                    '45 min after the XNYS close', CAST(:due AS timestamptz), CAST(:arrived AS timestamptz))""")
                .param("id", datasetId).param("k", key).param("due", due).param("arrived", arrived).update();
    }

    void remove() {
        jdbc.sql("DELETE FROM dataset WHERE uri = :uri").param("uri", URI).update();
        for (String dag : new String[] {PRODUCER, CONSUMER}) {
            jdbc.sql("DELETE FROM dag_run WHERE dag_id = :d").param("d", dag).update();
            jdbc.sql("DELETE FROM dag WHERE dag_id = :d").param("d", dag).update();
        }
    }
}
