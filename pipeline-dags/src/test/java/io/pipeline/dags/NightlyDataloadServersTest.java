package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.RedisConnections;
import io.pipeline.connect.testservers.RedisTestServer;
import io.pipeline.connect.testservers.S3TestServer;
import io.pipeline.connect.testservers.SqsTestServer;
import io.pipeline.dags.marketdata.FundamentalsTasks;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nightly_dataload} end to end through the engine with its connections configured: the vendor's file is
 * sensed and read in a bucket of a real S3-compatible server (S3Proxy) through the AWS SDK, and the risk-model jobs
 * go to a real SQS server (ElasticMQ) and a real redis-server, where the test reads them back. The runs are the
 * scheduler's own (06:00 New York): each test moves the clock to its session's morning, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyDataloadServersTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static HikariDataSource ds;
    static EngineTestDriver driver;
    static ObjectStore appStore;
    static String vendorBucket;
    static ConnectionRegistry connections;

    @BeforeAll
    static void engine() throws Exception {
        S3TestServer s3 = S3TestServer.get();
        vendorBucket = s3.newBucket("vendor-drop");
        connections = new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_VENDOR_DROP", s3.connectionUri(vendorBucket, ""),
                "PIPELINE_CONN_RISK_SQS", SqsTestServer.get().connectionUri(),
                "PIPELINE_CONN_RISK_REDIS", RedisTestServer.get().connectionUri()));
        ds = TestDatabase.migratedDatabase(NightlyDataloadServersTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2024-12-02T00:00:00Z"),
                new DailyBars().define(), new NightlyDataload().define(), new RiskModels().define());
        appStore = LocalObjectStore.underDataDir(Files.createTempDirectory("nightly-servers"));
        driver.resources().register(ObjectStore.class, appStore)
                .register(ConnectionRegistry.class, connections)
                .register(DataSource.class, ds);
        // the sessions' closes (the clock is still before the DAGs' start): risk_models waits for them and for the
        // fundamentals, and its daily_fundamentals joins them
        for (String session : List.of("2026-11-20", "2026-11-23")) {
            DagRunRow daily = driver.runs().trigger("daily_bars", null, null, Map.of(), null, session);
            driver.settle();
            assertThat(driver.runState("daily_bars", daily.runId())).isEqualTo(DagRunState.SUCCESS);
        }
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @BeforeEach
    void emptyRedisList() {
        redis(c -> c.sync().del(NightlyDataload.REDIS_LIST));
    }

    @Test
    @Order(1)
    void senses_the_vendor_file_on_s3_then_queues_both_risk_jobs_on_sqs_and_redis() throws Exception {
        String queueUrl = createQueue();
        DagRunRow run = scheduledRun("2026-11-20");
        driver.clock().set(Instant.parse("2026-11-20T14:01:00Z"));
        driver.settle();

        assertThat(driver.state(run, "wait_for_vendor_file")).isEqualTo(TaskState.DEFERRED);
        String key = FundamentalsTasks.vendorKey(LocalDate.parse("2026-11-20"));
        String location = "s3://" + vendorBucket + "/" + key;
        assertThat(logs(run, "wait_for_vendor_file")).contains("no object matches " + location + " yet");
        assertThat(appStore.exists(key)).as("no simulated file when the vendor connection exists").isFalse();

        putVendorFile(key, "AAPL,15000000000,6.5,4.2,0.96\nMSFT,7400000000,11.8,36.1,3.0\n");
        driver.advance(Duration.ofMinutes(5));
        driver.settle();

        assertThat(driver.runState("nightly_dataload", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(query("SELECT symbol, shares_out, source_key FROM fundamentals WHERE session_date = '2026-11-20' ORDER BY symbol"))
                .isEqualTo("AAPL|15000000000|" + location + "\nMSFT|7400000000|" + location + "\n");
        // the session's fundamentals and bars are in: its risk_models run derived the daily fundamentals and queued
        DagRunRow risk = riskRun("2026-11-20");
        assertThat(driver.runState("risk_models", risk.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(query("SELECT count(*) FROM daily_fundamentals WHERE session_date = '2026-11-20' AND market_cap > 0"))
                .isEqualTo("2\n");

        List<Message> received = receiveAll(queueUrl);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().messageAttributes().get("run_id").stringValue()).isEqualTo(risk.runId());
        assertThat(received.getFirst().messageAttributes().get("task_id").stringValue()).isEqualTo("queue_risk_metrics_job");
        assertRiskJob(received.getFirst().body(), "risk_metrics", risk.runId(), "2026-11-20", location);

        List<String> pushed = redis(c -> c.sync().lrange(NightlyDataload.REDIS_LIST, 0, -1));
        assertThat(pushed).hasSize(1);
        assertRiskJob(pushed.getFirst(), "fund_risk_model", risk.runId(), "2026-11-20", location);
    }

    @Test
    @Order(2)
    void a_queue_that_does_not_exist_fails_the_try_naming_it_sends_nothing_and_the_retry_sends_once_it_exists()
            throws Exception {
        deleteQueueIfPresent();
        String key = FundamentalsTasks.vendorKey(LocalDate.parse("2026-11-23"));
        putVendorFile(key, "KO,4300000000,2.5,6.0,1.94\n");
        DagRunRow nightly = scheduledRun("2026-11-23");
        driver.clock().set(Instant.parse("2026-11-23T14:01:00Z"));
        driver.settle();
        assertThat(driver.runState("nightly_dataload", nightly.runId())).isEqualTo(DagRunState.SUCCESS);
        DagRunRow run = riskRun("2026-11-23");

        assertThat(driver.state(run, "queue_risk_metrics_job")).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(driver.ti(run, "queue_risk_metrics_job", -1).failureReason())
                .contains("SQS queue '" + NightlyDataload.SQS_QUEUE + "' does not exist")
                .contains("connection '" + NightlyDataload.SQS_CONNECTION + "'");
        assertThat(driver.state(run, "queue_fund_risk_model_job")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.runState("risk_models", run.runId())).isEqualTo(DagRunState.RUNNING);

        String queueUrl = createQueue();
        assertThat(receiveAll(queueUrl)).as("the failed try sent nothing").isEmpty();
        driver.advance(Duration.ofMinutes(5));
        driver.settle();

        assertThat(driver.state(run, "queue_risk_metrics_job")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.ti(run, "queue_risk_metrics_job", -1).tryNumber()).isEqualTo(2);
        assertThat(driver.runState("risk_models", run.runId())).isEqualTo(DagRunState.SUCCESS);
        List<Message> received = receiveAll(queueUrl);
        assertThat(received).hasSize(1);
        assertRiskJob(received.getFirst().body(), "risk_metrics", run.runId(), "2026-11-23",
                "s3://" + vendorBucket + "/" + key);
    }

    /** Moves the clock just past 06:00 New York of the session: the scheduler creates that morning's run. */
    private static DagRunRow scheduledRun(String session) throws Exception {
        driver.clock().set(Instant.parse(session + "T11:00:30Z"));
        driver.settle();
        String runId = query("SELECT run_id FROM dag_run WHERE dag_id = 'nightly_dataload' AND run_type = 'scheduled'"
                + " AND data_interval_end = '" + session + "T11:00:00Z'").strip();
        DagRunRow run = driver.runs().get("nightly_dataload", runId).orElseThrow();
        assertThat(driver.state(run, "latest_only")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "wait_until_9")).isEqualTo(TaskState.DEFERRED);
        return run;
    }

    private static DagRunRow riskRun(String session) {
        return driver.runs().list("risk_models", null, 100, 0, null).items().stream()
                .filter(r -> session.equals(r.partitionKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no risk_models run for " + session));
    }

    private static void assertRiskJob(String body, String model, String runId, String session, String vendorFile) {
        JsonNode job = JSON.readTree(body);
        assertThat(job.get("model").asString()).isEqualTo(model);
        assertThat(job.get("session").asString()).isEqualTo(session);
        assertThat(job.get("dag_id").asString()).isEqualTo("risk_models");
        assertThat(job.get("run_id").asString()).isEqualTo(runId);
        JsonNode inputs = job.get("inputs");
        assertThat(inputs.get("vendor_files").size()).isEqualTo(1);
        assertThat(inputs.get("vendor_files").get(0).asString()).isEqualTo(vendorFile);
        assertThat(inputs.get("fundamentals_table").asString()).isEqualTo("daily_fundamentals");
        assertThat(inputs.get("bars_table").asString()).isEqualTo("bars_1d");
    }

    /** Uploads the vendor's file as the vendor would, through the S3 API, with the header of the format. */
    private static void putVendorFile(String key, String rows) {
        try (S3ObjectStore vendor = S3ObjectStore.of(connections.get(FundamentalsTasks.VENDOR_CONNECTION))) {
            vendor.putString(key, FundamentalsTasks.HEADER + "\n" + rows);
        }
    }

    private static String createQueue() {
        try (SqsClient sqs = SqsTestServer.get().client()) {
            String url = sqs.createQueue(b -> b.queueName(NightlyDataload.SQS_QUEUE)).queueUrl();
            sqs.purgeQueue(b -> b.queueUrl(url));
            return url;
        }
    }

    private static void deleteQueueIfPresent() {
        try (SqsClient sqs = SqsTestServer.get().client()) {
            String url = sqs.getQueueUrl(b -> b.queueName(NightlyDataload.SQS_QUEUE)).queueUrl();
            sqs.deleteQueue(b -> b.queueUrl(url));
        } catch (QueueDoesNotExistException absent) {
            // already absent
        }
    }

    private static List<Message> receiveAll(String queueUrl) {
        try (SqsClient sqs = SqsTestServer.get().client()) {
            return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
        }
    }

    private static <T> T redis(Function<StatefulRedisConnection<String, String>, T> body) {
        RedisClient client = RedisConnections.client(ConnectionUri.parse("r", RedisTestServer.get().connectionUri()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return body.apply(c);
        } finally {
            client.shutdown();
        }
    }

    /** Every stored log line of a task in a run, whichever try or poke wrote it. */
    private static String logs(DagRunRow run, String taskId) throws Exception {
        return query("SELECT l.lines FROM task_log l JOIN task_instance t ON t.id = l.ti_id JOIN dag_run r ON r.id = t.run_pk"
                + " WHERE r.dag_id = '" + run.dagId() + "' AND r.run_id = '" + run.runId() + "' AND t.task_id = '" + taskId
                + "' ORDER BY l.id");
    }

    private static String query(String sql) throws Exception {
        return QueryText.of(ds, sql);
    }
}
