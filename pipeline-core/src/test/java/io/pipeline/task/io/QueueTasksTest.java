package io.pipeline.task.io;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.RedisConnections;
import io.pipeline.connect.testservers.RedisTestServer;
import io.pipeline.connect.testservers.SqsTestServer;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueTasksTest {

    @TempDir
    Path dir;

    private final MessageBody riskJob = ctx -> Map.of("session", ctx.session().toString(), "inputs",
            List.of("s3://bucket/fundamentals/" + ctx.session() + ".csv"));

    private TestTaskContext context(ConnectionRegistry connections) {
        return TestTaskContext.create().dag("nightly_dataload").task("queue_job")
                .session(LocalDate.parse("2026-11-20"))
                .with(ObjectStore.class, LocalObjectStore.underDataDir(dir))
                .with(ConnectionRegistry.class, connections);
    }

    @Test
    void sqs_send_puts_a_json_message_with_run_attributes_on_the_named_queue() throws Exception {
        SqsTestServer server = SqsTestServer.get();
        String queue = "risk-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        try (SqsClient admin = server.client()) {
            String url = admin.createQueue(b -> b.queueName(queue)).queueUrl();
            var connections = new ConnectionRegistry(Map.of("PIPELINE_CONN_RISK_SQS", server.connectionUri()));

            Object id = SqsSend.to("risk_sqs", queue, riskJob).execute(context(connections));

            List<Message> got = admin.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).messageId()).isEqualTo(id);
            assertThat(got.get(0).body()).contains("\"session\":\"2026-11-20\"").contains("fundamentals/2026-11-20.csv");
            assertThat(got.get(0).messageAttributes().get("dag_id").stringValue()).isEqualTo("nightly_dataload");
        }
    }

    @Test
    void sqs_send_to_a_queue_that_does_not_exist_names_the_queue_and_connection() {
        var connections = new ConnectionRegistry(Map.of("PIPELINE_CONN_RISK_SQS", SqsTestServer.get().connectionUri()));

        assertThatThrownBy(() -> SqsSend.to("risk_sqs", "no-such-queue", riskJob).execute(context(connections)))
                .hasMessageContaining("SQS queue 'no-such-queue' does not exist")
                .hasMessageContaining("risk_sqs");
    }

    @Test
    void sqs_send_without_its_connection_fails_naming_the_variable_unless_offline_outbox_is_chosen() throws Exception {
        var ctx = context(ConnectionRegistry.empty());

        assertThatThrownBy(() -> SqsSend.to("risk_sqs", "q", riskJob).execute(ctx))
                .hasMessageContaining("PIPELINE_CONN_RISK_SQS");

        Object where = SqsSend.to("risk_sqs", "risk-metrics", riskJob).offlineToOutbox().execute(ctx);
        String key = "outbox/sqs/risk-metrics/nightly_dataload/manual__2026-11-20T00_00_00Z/queue_job.json";
        assertThat(where.toString()).endsWith(key);
        assertThat(LocalObjectStore.underDataDir(dir).getString(key)).contains("\"session\":\"2026-11-20\"");
        assertThat(ctx.recorded().text()).contains("PIPELINE_CONN_RISK_SQS");
    }

    @Test
    void redis_rpush_appends_the_message_to_the_list() throws Exception {
        RedisTestServer server = RedisTestServer.get();
        String list = "jobs:fund_risk:" + UUID.randomUUID();
        var connections = new ConnectionRegistry(Map.of("PIPELINE_CONN_RISK_REDIS", server.connectionUri()));

        Object length1 = RedisRpush.to("risk_redis", list, riskJob).execute(context(connections));
        Object length2 = RedisRpush.to("risk_redis", list, c -> "second").execute(context(connections));

        assertThat(length1).isEqualTo(1L);
        assertThat(length2).isEqualTo(2L);
        RedisClient client = RedisConnections.client(ConnectionUri.parse("r", server.connectionUri()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().lrange(list, 0, -1)).hasSize(2).last().isEqualTo("second");
            assertThat(c.sync().lindex(list, 0)).contains("\"session\":\"2026-11-20\"");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redis_rpush_to_an_unreachable_server_names_the_list_and_masks_the_password() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var connections = new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_RISK_REDIS", "redis://:hunter2@127.0.0.1:" + closedPort + "?timeout=2"));

        assertThatThrownBy(() -> RedisRpush.to("risk_redis", "jobs", riskJob).execute(context(connections)))
                .hasMessageContaining("Redis list 'jobs'")
                .hasMessageContaining("risk_redis")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void redis_rpush_offline_writes_to_the_outbox() throws Exception {
        Object where = RedisRpush.to("risk_redis", "jobs:fund", riskJob).offlineToOutbox()
                .execute(context(ConnectionRegistry.empty()));

        assertThat(where.toString()).contains("outbox/redis/jobs_fund/nightly_dataload/");
    }
}
