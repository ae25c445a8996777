package io.pipeline.ops;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The size cap of a run's conf, checked before anything is written. */
public final class ConfLimit {

    /** Largest conf accepted, as UTF-8 JSON. A conf is parameters, not data: 64 KiB is plenty. */
    public static final int MAX_CONF_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfLimit() {
    }

    /** @throws IllegalArgumentException naming the size and the cap */
    public static void check(Map<String, ?> conf) {
        if (conf == null || conf.isEmpty()) {
            return;
        }
        int size = JSON.writeValueAsString(conf).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_CONF_BYTES) {
            throw new IllegalArgumentException("conf is " + size + " bytes of JSON; the limit is " + MAX_CONF_BYTES
                    + " bytes");
        }
    }
}
