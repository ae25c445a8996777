package io.pipeline.objects;

import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the application's object store: S3 when connection {@value #CONNECTION_ID} (env
 * {@code PIPELINE_CONN_OBJECT_STORE}) is configured, otherwise {@code <data-dir>/objects}.
 */
public final class ObjectStores {

    public static final String CONNECTION_ID = "object_store";

    private ObjectStores() {
    }

    public static ObjectStore create(ConnectionRegistry connections, Path dataDir) {
        Optional<Connection> s3 = connections.find(CONNECTION_ID);
        return s3.<ObjectStore>map(S3ObjectStore::of).orElseGet(() -> LocalObjectStore.underDataDir(dataDir));
    }
}
