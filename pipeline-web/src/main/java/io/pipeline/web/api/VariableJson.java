package io.pipeline.web.api;

import io.pipeline.connect.SecretNames;
import io.pipeline.store.VariableRow;

import java.util.List;

/**
 * Airflow's {@code Variable}: the value of a secret-looking key ({@code connect.SecretNames}) is {@code ***}, as
 * Airflow hides sensitive variables.
 */
public record VariableJson(String key, String value, String description) {

    static final String MASK = "***";

    /** Airflow's {@code VariableCollectionItem}: no value in listings. */
    public record Item(String key, String description) {
    }

    public record Collection(List<Item> variables, long totalEntries) {
    }

    static VariableJson of(VariableRow v) {
        return new VariableJson(v.key(), SecretNames.isSecret(v.key()) ? MASK : v.value(), v.description());
    }
}
