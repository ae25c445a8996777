package io.pipeline.task.io;

import io.pipeline.objects.ObjectStore;
import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Uploads a local file to the object store; outputs the object's location. Both paths are templates. */
public final class ObjectUpload implements Task {

    private final KeyTemplate localPath;
    private final KeyTemplate key;
    private final ObjectStoreRef storeRef;

    private ObjectUpload(KeyTemplate localPath, KeyTemplate key, ObjectStoreRef storeRef) {
        this.localPath = localPath;
        this.key = key;
        this.storeRef = storeRef;
    }

    public static ObjectUpload of(String localPath, String key) {
        return new ObjectUpload(KeyTemplate.of(localPath), KeyTemplate.of(key), ObjectStoreRef.DEFAULT);
    }

    public ObjectUpload onConnection(String connectionId) {
        return new ObjectUpload(localPath, key, new ObjectStoreRef(connectionId));
    }

    @Override
    public Object execute(TaskContext ctx) throws IOException {
        Path file = Path.of(localPath.render(ctx));
        String k = key.render(ctx);
        try (ObjectStoreRef.Opened opened = storeRef.open(ctx); InputStream in = Files.newInputStream(file)) {
            ObjectStore store = opened.store();
            store.put(k, in, Files.size(file));
            ctx.log().info("uploaded {} ({} bytes) to {}", file, Files.size(file), store.location(k));
            return store.location(k);
        } catch (NoSuchFileException e) {
            throw new IOException("local file " + file + " to upload as " + k + " does not exist", e);
        }
    }
}
