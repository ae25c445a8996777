package io.pipeline.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.pipeline.dag.alert.AlertEvent;
import tools.jackson.databind.module.SimpleModule;

/**
 * Binds {@link AlertEvent} to its lower-case JSON form ({@code "failure"}, {@code "run_success"}). The enum lives in
 * the DAG DSL, which imports no Jackson, so the annotations sit on a mix-in here. Registered on {@link AlertJson}'s
 * mapper (outbox, webhook) and, as a bean of {@code AlertConfiguration}, on the application's mapper (REST API).
 */
public final class AlertJsonModule extends SimpleModule {

    public AlertJsonModule() {
        super("pipeline-alert-json");
        setMixInAnnotation(AlertEvent.class, AlertEventMixin.class);
    }

    abstract static class AlertEventMixin {
        @JsonValue
        abstract String value();

        @JsonCreator
        static AlertEvent of(String value) {
            return AlertEvent.of(value);
        }
    }
}
