package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The repositories and the two state gates, each built once per database: the engine, the operations and the read
 * side take them from here instead of constructing their own. Without Spring (tests, the CLI's tools) call
 * {@link #create}; the application builds one bean of it and hands it to every service.
 */
public record Stores(JdbcClient jdbc, TaskInstanceStateStore taskStates, DagRunStateStore runStates,
                     DagRepository dags, DagRunRepository runs, TaskInstanceRepository instances,
                     SchedulingRepository scheduling, AdmissionRepository admission, ClaimRepository claims,
                     OutcomeRepository outcomes, ProgressRepository progress, NodeRepository nodes,
                     TaskHandleRepository handles, TaskLogRepository logs, XComRepository xcoms,
                     DashboardQueries dashboard, ImportErrorQueries importErrors,
                     DeferredWaitRepository waits, DatasetRepository datasets, DatasetQueries datasetQueries) {

    public static Stores create(JdbcClient jdbc) {
        TaskInstanceStateStore taskStates = new TaskInstanceStateStore(jdbc);
        DagRunStateStore runStates = new DagRunStateStore(jdbc);
        return new Stores(jdbc, taskStates, runStates, new DagRepository(jdbc), new DagRunRepository(jdbc, runStates),
                new TaskInstanceRepository(jdbc), new SchedulingRepository(jdbc, taskStates),
                new AdmissionRepository(jdbc, taskStates), new ClaimRepository(taskStates),
                new OutcomeRepository(jdbc, taskStates), new ProgressRepository(jdbc), new NodeRepository(jdbc),
                new TaskHandleRepository(jdbc), new TaskLogRepository(jdbc), new XComRepository(jdbc),
                new DashboardQueries(jdbc), new ImportErrorQueries(jdbc),
                new DeferredWaitRepository(jdbc), new DatasetRepository(jdbc), new DatasetQueries(jdbc));
    }
}
