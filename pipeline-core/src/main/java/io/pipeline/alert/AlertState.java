package io.pipeline.alert;

import java.util.Locale;

/** Delivery state of an outbox row. */
public enum AlertState {
    PENDING, DELIVERED, UNDELIVERABLE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown alert state '" + value + "' (pending, delivered, undeliverable)");
        }
    }
}
