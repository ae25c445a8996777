package io.pipeline.web.ops.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.ImportError;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import io.pipeline.task.TaskSettings;
import io.pipeline.web.config.RunModes;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.ObjectStores;
import io.pipeline.ops.TaskNotFoundException;
import io.pipeline.ops.TaskTestResult;
import io.pipeline.ops.TaskTester;
import io.pipeline.web.engine.DagScanner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code tasks test} without Spring or a database: the DAGs as the service scans them, the connections of
 * {@code PIPELINE_CONN_*} (secrets masked in the log, as are the alert tokens) and the object store of {@code PIPELINE_DATA_DIR} as task
 * resources, then {@link TaskTester}.
 */
public final class TaskTestRunner {

    /** {@code pipeline.alerts.slack.token}, {@code .slack.webhook-url} and {@code .webhook.url} as variables. */
    private static final List<String> ALERT_SECRETS = List.of("PIPELINE_ALERTS_SLACK_TOKEN",
            "PIPELINE_ALERTS_SLACK_WEBHOOK_URL", "PIPELINE_ALERTS_WEBHOOK_URL");

    private TaskTestRunner() {
    }

    public static TaskTestResult run(String dagId, String taskId, LocalDate date, Map<String, Object> conf,
                                     Map<String, String> inputs, int mapIndex) {
        Dag dag = scanDag(dagId);
        ConnectionRegistry connections = ConnectionRegistry.fromSystemEnvironment();
        SecretMasker masker = new SecretMasker();
        masker.registerAll(connections.secrets());
        for (String name : ALERT_SECRETS) {
            masker.register(System.getenv(name));
        }
        String dataDir = System.getenv().getOrDefault("PIPELINE_DATA_DIR", "./data");
        TaskResources resources = TaskResources.none()
                .register(TaskSettings.class, settings())
                .register(ConnectionRegistry.class, connections)
                .register(ObjectStore.class, ObjectStores.create(connections, Path.of(dataDir)));
        try {
            return new TaskTester(Clock.systemUTC(), resources, masker).test(dag, taskId, date, conf, inputs,
                    mapIndex);
        } catch (TaskNotFoundException e) {
            throw new BadInputException(e.getMessage() + "; its tasks: " + String.join(", ", dag.taskIds()));
        }
    }

    /** A DAG as the service would load it, without Spring or a database; bad input naming the DAGs when absent. */
    public static Dag scanDag(String dagId) {
        DagScanner.ScannedDags scanned = DagScanner.scan(DagScanner.DEFAULT_PACKAGE, TaskTestRunner.class
                .getClassLoader());
        return scanned.dags().stream().filter(d -> d.dagId().equals(dagId)).findFirst()
                .orElseThrow(() -> new BadInputException(notFound(dagId, scanned)));
    }

    /** The settings tasks read, from the same variables as the service's ({@code PIPELINE_MARKET_DATA_PROVIDER}). */
    private static TaskSettings settings() {
        String provider = System.getProperty(RunModes.PROVIDER_PROPERTY, System.getenv("PIPELINE_MARKET_DATA_PROVIDER"));
        return provider == null ? TaskSettings.empty()
                : new TaskSettings(Map.of(RunModes.PROVIDER_PROPERTY, provider));
    }

    private static String notFound(String dagId, DagScanner.ScannedDags scanned) {
        for (ImportError e : scanned.importErrors()) {
            if (dagId.equals(e.dagId())) {
                return "DAG '" + dagId + "' failed to import: " + e.message();
            }
        }
        return "DAG '" + dagId + "' not found; loaded DAGs: " + String.join(", ", scanned.dags().stream()
                .map(Dag::dagId).sorted().toList());
    }
}
