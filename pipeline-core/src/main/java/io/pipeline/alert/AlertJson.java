package io.pipeline.alert;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of alert payloads (snake_case, ISO-8601 instants), shared by the outbox and the webhook. */
public final class AlertJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new AlertJsonModule())
            .build();

    private AlertJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static AlertPayload readPayload(String json) {
        return MAPPER.readValue(json, AlertPayload.class);
    }
}
