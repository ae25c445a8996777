package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.XComRow;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/**
 * Airflow's {@code XCom}. {@code value} is written as raw JSON: the stored value itself when deserialized, else that
 * value's text as a JSON string.
 */
public record XComJson(String key, Instant timestamp, Instant executionDate, int mapIndex, String taskId,
                       String dagId, @JsonRawValue String value) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Airflow's {@code XComCollectionItem}. */
    public record Item(String key, Instant timestamp, Instant executionDate, int mapIndex, String taskId,
                       String dagId) {
        static Item of(String dagId, DagRunRow run, XComRow x) {
            return new Item(x.key(), x.createdAt(), run.logicalDate(), x.mapIndex(), x.taskId(), dagId);
        }
    }

    public record Collection(List<Item> xcomEntries, long totalEntries) {
    }

    static XComJson of(String dagId, DagRunRow run, XComRow x, boolean deserialize) {
        String stored = x.valueJson() == null ? "null" : x.valueJson();
        String value = deserialize ? stored : JSON.writeValueAsString(stored);
        return new XComJson(x.key(), x.createdAt(), run.logicalDate(), x.mapIndex(), x.taskId(), dagId, value);
    }
}
