package io.pipeline.connect.testservers;

import io.pipeline.connect.AwsClients;
import io.pipeline.connect.ConnectionUri;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A real SQS-compatible server (ElasticMQ) in the test JVM on a free loopback port, started once. */
public final class SqsTestServer {

    private static SqsTestServer instance;

    private final SQSRestServer server;
    private final int port;

    private SqsTestServer() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        port = server.waitUntilStarted().localAddress().getPort();
    }

    public static synchronized SqsTestServer get() {
        if (instance == null) {
            instance = new SqsTestServer();
            SqsTestServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.server.stopAndWait()));
        }
        return instance;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String connectionUri() {
        return "sqs://x:y@?region=us-east-1&endpoint=" + endpoint();
    }

    /** A client for test assertions (creating queues, receiving). */
    public SqsClient client() {
        return AwsClients.sqs(ConnectionUri.parse("sqs_admin", connectionUri()));
    }
}
