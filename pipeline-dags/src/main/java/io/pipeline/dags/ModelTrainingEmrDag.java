package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.ModelTrainingTasks;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.emr.EmrJobFlow;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * A model trained on EMR over the session's daily bars: {@code export_bars} writes the training window of
 * {@code bars_1d} to {@code bars_1d/<session>/} in the object store (S3), {@code train_model} creates an EMR
 * cluster for the run (named after DAG and run, tagged with the task instance) whose Spark step reads that prefix
 * and writes {@code models/<session>/model.json}, and {@code check_model} checks the model is there.
 * {@code train_model} waits in reschedule mode (no worker held while the cluster runs); the cluster ends with its
 * step, and the engine terminates it when the task fails, times out, is cleared or marked, or its run is deleted
 * ({@link EmrJobFlow} as an {@code ExternalResource}). Manual only: an installation without EMR loads it and never
 * runs it by itself. Defaults of the application, release and log URI come from {@code PIPELINE_MODEL_TRAINING_APP},
 * {@code PIPELINE_MODEL_TRAINING_RELEASE} and {@code PIPELINE_MODEL_TRAINING_LOG_URI}.
 */
public final class ModelTrainingEmrDag implements DagDefinition {

    public static final String DAG_ID = "model_training_emr";
    /** {@code PIPELINE_CONN_EMR}: region, credentials, and an endpoint for an EMR-compatible server. */
    public static final String CONNECTION = "emr";
    static final String DEFAULT_APP = "s3://pipeline-code/jobs/train_model.py";
    static final String DEFAULT_RELEASE = "emr-7.5.0";
    static final Duration POKE_INTERVAL = Duration.ofMinutes(1);
    static final Duration TIMEOUT = Duration.ofHours(6);

    private final Map<String, String> env;

    public ModelTrainingEmrDag() {
        this(System.getenv());
    }

    public ModelTrainingEmrDag(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("A model trained on an EMR cluster per run over the session's bars_1d in S3")
                .owner("research")
                .tags("market-data", "research", "emr")
                .schedule(Schedules.manual())
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(2)
                .params(MarketDataParams.common())
                .params(ParamSpec.string(ModelTrainingTasks.SESSION).withDefault("")
                                .describedAs("session to train on (YYYY-MM-DD); empty for the run's"),
                        ParamSpec.integer(ModelTrainingTasks.LOOKBACK_SESSIONS).withDefault(252)
                                .describedAs("sessions of bars exported for the training, ending at the session"),
                        ParamSpec.string(ModelTrainingTasks.TRAINING_APP)
                                .withDefault(env("PIPELINE_MODEL_TRAINING_APP", DEFAULT_APP))
                                .describedAs("the training application (script or jar in S3) run by spark-submit"),
                        ParamSpec.string(ModelTrainingTasks.RELEASE_LABEL)
                                .withDefault(env("PIPELINE_MODEL_TRAINING_RELEASE", DEFAULT_RELEASE))
                                .describedAs("EMR release label"),
                        ParamSpec.string(ModelTrainingTasks.INSTANCE_TYPE).withDefault("m5.xlarge")
                                .describedAs("EC2 instance type of the master and core nodes"),
                        ParamSpec.integer(ModelTrainingTasks.INSTANCE_COUNT).withDefault(3)
                                .describedAs("nodes of the cluster, master included"),
                        ParamSpec.string(ModelTrainingTasks.LOG_URI).withDefault(env("PIPELINE_MODEL_TRAINING_LOG_URI", ""))
                                .describedAs("S3 prefix for the cluster's logs; empty for none"))
                .defaults(d -> d.retries(2).retryDelay(Duration.ofMinutes(2)))
                .tasks(b -> {
                    TaskRef export = b.task("export_bars", ModelTrainingTasks::exportBars);
                    // one retry: a try failed by a network error reattaches to the run's cluster; a failed step
                    // gets one more cluster
                    TaskRef train = b.sensor("train_model", EmrJobFlow.create(CONNECTION, ModelTrainingTasks::cluster),
                                    EmrJobFlow.waiting(POKE_INTERVAL, TIMEOUT))
                            .retries(1).retryDelay(Duration.ofMinutes(5));
                    TaskRef check = b.task("check_model", ModelTrainingTasks::checkModel).retries(0);
                    export.then(train).then(check);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }

    private String env(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
