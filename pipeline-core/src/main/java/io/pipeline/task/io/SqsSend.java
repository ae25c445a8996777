package io.pipeline.task.io;

import io.pipeline.connect.AwsClients;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends one message to an SQS queue (by name, resolved with GetQueueUrl) through an {@code sqs://} connection.
 * Every message carries attributes {@code dag_id}, {@code run_id}, {@code task_id}; on a FIFO queue the
 * deduplication id is the run and task, so a retried try does not enqueue twice. Outputs the message id.
 * With {@link #offlineToOutbox()} and no such connection configured, the message is written to the object store's
 * outbox instead (see {@link Outbox}) and the output is its location.
 */
public final class SqsSend implements Task {

    private final String connectionId;
    private final String queueName;
    private final MessageBody body;
    private final boolean offlineToOutbox;

    private SqsSend(String connectionId, String queueName, MessageBody body, boolean offlineToOutbox) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.queueName = Objects.requireNonNull(queueName, "queueName");
        this.body = Objects.requireNonNull(body, "body");
        this.offlineToOutbox = offlineToOutbox;
    }

    public static SqsSend to(String connectionId, String queueName, MessageBody body) {
        return new SqsSend(connectionId, queueName, body, false);
    }

    public SqsSend offlineToOutbox() {
        return new SqsSend(connectionId, queueName, body, true);
    }

    @Override
    public Object execute(TaskContext ctx) throws Exception {
        String message = body.render(ctx);
        Optional<Connection> conn = ctx.resource(ConnectionRegistry.class).find(connectionId);
        if (conn.isEmpty() && offlineToOutbox) {
            String where = Outbox.write(ctx, "sqs", queueName, message);
            ctx.log().warn("connection '{}' is not configured ({}): message for SQS queue {} written to {}",
                    connectionId, ConnectionRegistry.envName(connectionId), queueName, where);
            return where;
        }
        Connection c = conn.orElseGet(() -> ctx.resource(ConnectionRegistry.class).get(connectionId));
        try (SqsClient sqs = AwsClients.sqs(c)) {
            String url = queueUrl(sqs, c);
            SendMessageRequest.Builder req = SendMessageRequest.builder().queueUrl(url).messageBody(message)
                    .messageAttributes(Map.of(
                            "dag_id", attr(ctx.dagId()), "run_id", attr(ctx.runId()), "task_id", attr(ctx.taskId())));
            if (queueName.endsWith(".fifo")) {
                req.messageGroupId(ctx.dagId()).messageDeduplicationId(dedupId(ctx));
            }
            String id = sqs.sendMessage(req.build()).messageId();
            ctx.log().info("sent message {} to SQS queue {} ({} bytes)", id, queueName, message.length());
            return id;
        } catch (SdkException e) {
            throw new IllegalStateException("could not send to SQS queue '" + queueName + "' via connection '"
                    + connectionId + "' (" + c.maskedUri() + "): " + e.getMessage(), e);
        }
    }

    private String queueUrl(SqsClient sqs, Connection c) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new IllegalStateException("SQS queue '" + queueName + "' does not exist (connection '" + connectionId
                    + "', " + c.maskedUri() + ")", e);
        }
    }

    /** SQS allows 128 printable ASCII characters; longer ids are hashed. */
    static String dedupId(TaskContext ctx) {
        String id = (ctx.dagId() + ":" + ctx.runId() + ":" + ctx.taskId() + ":" + ctx.mapIndex())
                .replaceAll("[^!-~]", "_");
        if (id.length() <= 128) {
            return id;
        }
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageAttributeValue attr(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
