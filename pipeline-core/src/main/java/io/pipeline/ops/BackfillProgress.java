package io.pipeline.ops;

/**
 * Where a backfill stands, counted from its runs: {@code done} succeeded, {@code failed}, {@code running}, and
 * {@code remaining} still queued; {@code skipped} logical dates had a run it did not reprocess.
 */
public record BackfillProgress(int total, int done, int running, int failed, int remaining, int skipped) {

    public boolean finished() {
        return running == 0 && remaining == 0;
    }
}
