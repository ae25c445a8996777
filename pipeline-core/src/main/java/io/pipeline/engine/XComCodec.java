package io.pipeline.engine;

import io.pipeline.task.TypeToken;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Task outputs to and from JSON (Jackson 3). */
public final class XComCodec {
    private final JsonMapper mapper;

    public XComCodec() {
        this(JsonMapper.builder().build());
    }

    public XComCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @return JSON text, or null for a null output
     * @throws OutputNotSerializableException naming the task and the type
     */
    public String write(String taskLabel, Object output) {
        if (output == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(output);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new OutputNotSerializableException("output of task " + taskLabel + " of type "
                    + output.getClass().getName() + " cannot be serialised to JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public <T> T read(String json, Class<T> type, String what) {
        try {
            return json == null ? null : mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalStateException(what + " cannot be read as " + type.getName() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    public <T> T read(String json, TypeToken<T> type, String what) {
        try {
            return json == null ? null : mapper.readValue(json, mapper.constructType(type.type()));
        } catch (JacksonException e) {
            throw new IllegalStateException(what + " cannot be read as " + type.type() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    public java.util.Map<String, Object> readMap(String json) {
        if (json == null || json.isBlank()) {
            return java.util.Map.of();
        }
        return mapper.readValue(json, new TypeReference<java.util.Map<String, Object>>() { });
    }

    public JsonMapper mapper() {
        return mapper;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A task output Jackson cannot write. */
    public static final class OutputNotSerializableException extends RuntimeException {
        public OutputNotSerializableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
