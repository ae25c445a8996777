package io.pipeline.web.config;

/** What a node runs ({@code pipeline.node.roles}). */
public enum NodeRole {
    /** Creates DAG runs and queues ready task instances. */
    SCHEDULER,
    /** Claims and runs queued task instances. */
    WORKER,
    /** Serves the REST API and the UI. */
    WEB,
    /** Holds deferred waits and wakes their task instances when their triggers fire (Airflow's triggerer). */
    TRIGGERER
}
