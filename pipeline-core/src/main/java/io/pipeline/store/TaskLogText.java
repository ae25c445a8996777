package io.pipeline.store;

/**
 * The log of one try as stored so far (secrets already masked).
 *
 * @param finished true when the try has ended, so the text is complete; false while it runs (more may follow)
 */
public record TaskLogText(long tiId, int tryNumber, String text, boolean finished) {
}
