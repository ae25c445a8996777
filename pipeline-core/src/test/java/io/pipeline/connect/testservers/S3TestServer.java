package io.pipeline.connect.testservers;

import io.pipeline.connect.AwsClients;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionUri;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * A real S3-compatible server (S3Proxy over jclouds' in-memory store) in the test JVM, started once and reached
 * through the real AWS SDK v2 with signed requests. Each test creates its own bucket.
 */
public final class S3TestServer {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private static S3TestServer instance;

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3TestServer() throws Exception {
        context = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(proxy.getState()) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
    }

    public static synchronized S3TestServer get() {
        if (instance == null) {
            try {
                instance = new S3TestServer();
            } catch (Exception e) {
                throw new IllegalStateException("could not start S3Proxy", e);
            }
            S3TestServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stopQuietly));
        }
        return instance;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** A connection URI for a bucket on this server, with credentials. */
    public String connectionUri(String bucket, String prefix) {
        return "s3://" + ACCESS_KEY + ":" + SECRET_KEY + "@" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + "?region=us-east-1&endpoint=" + endpoint();
    }

    public Connection connection(String id, String bucket, String prefix) {
        return ConnectionUri.parse(id, connectionUri(bucket, prefix));
    }

    /** Creates a fresh bucket with a unique name and returns it. */
    public String newBucket(String hint) {
        String bucket = (hint + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        try (S3Client s3 = AwsClients.s3(connection("admin", bucket, ""))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    private void stopQuietly() {
        try {
            proxy.stop();
            context.close();
        } catch (Exception ignored) {
            // JVM exit
        }
    }
}
