package io.pipeline.ops;

/** A backfill and its progress. */
public record Backfill(BackfillRow row, BackfillProgress progress) {
}
