package io.pipeline.task.io;

import io.pipeline.task.TaskContext;
import tools.jackson.databind.json.JsonMapper;

/** Builds a queue message from the run: a String is sent as is, anything else as JSON. */
@FunctionalInterface
public interface MessageBody {

    Object build(TaskContext ctx) throws Exception;

    /** The message text for this run. */
    default String render(TaskContext ctx) throws Exception {
        Object body = build(ctx);
        if (body == null) {
            throw new IllegalArgumentException("task " + ctx.taskId() + " built an empty message");
        }
        return body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
    }

    final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();

        private Json() {
        }
    }
}
