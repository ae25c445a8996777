package io.pipeline.task.io;

import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Downloads an object to a local file (written to a temporary file and moved into place, so that a failed download
 * leaves no partial file); outputs the local path.
 */
public final class ObjectDownload implements Task {

    private final KeyTemplate key;
    private final KeyTemplate localPath;
    private final ObjectStoreRef storeRef;

    private ObjectDownload(KeyTemplate key, KeyTemplate localPath, ObjectStoreRef storeRef) {
        this.key = key;
        this.localPath = localPath;
        this.storeRef = storeRef;
    }

    public static ObjectDownload of(String key, String localPath) {
        return new ObjectDownload(KeyTemplate.of(key), KeyTemplate.of(localPath), ObjectStoreRef.DEFAULT);
    }

    public ObjectDownload onConnection(String connectionId) {
        return new ObjectDownload(key, localPath, new ObjectStoreRef(connectionId));
    }

    @Override
    public Object execute(TaskContext ctx) throws IOException {
        String k = key.render(ctx);
        Path target = Path.of(localPath.render(ctx)).toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".download-", ".part");
        try (ObjectStoreRef.Opened opened = storeRef.open(ctx); InputStream in = opened.store().open(k)) {
            long bytes = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ctx.log().info("downloaded {} ({} bytes) to {}", opened.store().location(k), bytes, target);
            return target.toString();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
