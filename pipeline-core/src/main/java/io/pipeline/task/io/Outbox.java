package io.pipeline.task.io;

import io.pipeline.objects.ObjectStore;
import io.pipeline.task.TaskContext;

/**
 * Where queue messages go when their connection is not configured (the offline default): one object per message
 * at {@code outbox/<kind>/<destination>/<dag_id>/<run_id>/<task_id>.json}. A retry of the same task overwrites its
 * message, so each run leaves exactly one message per task, as a consumer draining the folder would expect.
 */
final class Outbox {

    private Outbox() {
    }

    static String write(TaskContext ctx, String kind, String destination, String message) {
        ObjectStore store = ctx.resource(ObjectStore.class);
        String key = "outbox/" + kind + "/" + safe(destination) + "/" + safe(ctx.dagId()) + "/" + safe(ctx.runId()) + "/"
                + safe(ctx.taskId()) + (ctx.mapIndex() >= 0 ? "_" + ctx.mapIndex() : "") + ".json";
        store.putString(key, message);
        return store.location(key);
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._=+-]", "_");
    }
}
