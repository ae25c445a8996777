package io.pipeline.objects;

import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.testservers.S3TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real S3-compatible server, through the AWS SDK v2 client built from a connection URI. */
class S3ObjectStoreTest extends ObjectStoreContract {

    private final S3TestServer server = S3TestServer.get();

    @Override
    protected ObjectStore newStore() {
        String bucket = server.newBucket("contract");
        return S3ObjectStore.of(server.connection("object_store", bucket, "pipeline"));
    }

    @Test
    void keeps_objects_under_the_connection_prefix() {
        store.putString("raw/x.csv", "x");

        assertThat(store.location("raw/x.csv")).startsWith("s3://contract-").endsWith("/pipeline/raw/x.csv");
        assertThat(store.list("")).containsExactly("raw/x.csv");
    }

    @Test
    void a_missing_bucket_gives_an_error_naming_the_bucket() {
        try (S3ObjectStore missing = S3ObjectStore.of(server.connection("s3", "no-such-bucket-xyz", ""))) {
            assertThatThrownBy(() -> missing.putString("a.csv", "x"))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("bucket 'no-such-bucket-xyz' does not exist");
            assertThatThrownBy(() -> missing.exists("a.csv"))
                    .hasMessageContaining("no-such-bucket-xyz");
        }
    }

    @Test
    void wrong_credentials_give_an_access_denied_error_naming_the_location() {
        String bucket = server.newBucket("denied");
        String uri = "s3://" + S3TestServer.ACCESS_KEY + ":wrong-secret@" + bucket + "?region=us-east-1&endpoint="
                + server.endpoint();
        try (S3ObjectStore denied = S3ObjectStore.of(ConnectionUri.parse("s3", uri))) {
            assertThatThrownBy(() -> denied.putString("a.csv", "x"))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("access denied")
                    .hasMessageContaining("s3://" + bucket + "/a.csv")
                    .hasMessageNotContaining("wrong-secret");
        }
    }

    @Test
    void the_application_store_is_s3_when_the_object_store_connection_is_set() {
        String bucket = server.newBucket("app");
        var registry = new io.pipeline.connect.ConnectionRegistry(java.util.Map.of(
                "PIPELINE_CONN_OBJECT_STORE", server.connectionUri(bucket, "")));

        assertThat(ObjectStores.create(registry, java.nio.file.Path.of("/nonexistent"))).isInstanceOf(S3ObjectStore.class);
        assertThat(ObjectStores.create(io.pipeline.connect.ConnectionRegistry.empty(), java.nio.file.Path.of("/tmp/x")))
                .isInstanceOf(LocalObjectStore.class);
    }
}
