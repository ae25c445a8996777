package io.pipeline.store;

import java.time.Instant;

/** A stored task output: {@code valueJson} is the JSON text ({@code null} JSON for a null output). */
public record XComRow(long runPk, String taskId, int mapIndex, String key, String valueJson, Instant createdAt) {
}
