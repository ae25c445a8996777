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
        if (json == null) {
            return null;
        }
        Object plain = plainScalar(json, type);
        if (plain != null) {
            return type.cast(plain);
        }
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalStateException(what + " cannot be read as " + type.getName() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The value of a plain JSON integer or string read as Integer, Long or String, without a parser; null for any
     * other text or type, which Jackson reads. Mapped instances read their item this way once each (a fan-out over
     * numbers or symbols), and a parser per instance cost more than the rest of reading the item. Only texts whose
     * value Jackson would give the same are taken: no sign but '-', no leading zero, no exponent or fraction, no
     * whitespace, digits that fit the type; strings without escapes or control characters.
     */
    static Object plainScalar(String json, Class<?> type) {
        int n = json.length();
        if (type == Integer.class) {
            return plainInteger(json, n, 9) ? Integer.valueOf(json) : null;
        }
        if (type == Long.class) {
            return plainInteger(json, n, 18) ? Long.valueOf(json) : null;
        }
        if (type == String.class) {
            if (n < 2 || json.charAt(0) != '"' || json.charAt(n - 1) != '"') {
                return null;
            }
            for (int i = 1; i < n - 1; i++) {
                char c = json.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20) {
                    return null;
                }
            }
            return json.substring(1, n - 1);
        }
        return null;
    }

    /** An optional '-', then 0 or a digit 1-9 followed by digits, at most {@code maxDigits} digits in all. */
    private static boolean plainInteger(String s, int n, int maxDigits) {
        int start = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        int digits = n - start;
        if (digits < 1 || digits > maxDigits || (s.charAt(start) == '0' && digits > 1)) {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
