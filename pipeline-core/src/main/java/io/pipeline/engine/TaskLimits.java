package io.pipeline.engine;

import java.util.Locale;

/**
 * Size limits of what a try writes into the database (see docs/decisions/task-size-limits.md).
 *
 * @param maxLogBytes  bytes of log kept per try (UTF-8); past it the log keeps its first and last halves with a line
 *                     saying how many bytes were cut ({@value #LOG_SETTING})
 * @param maxXComBytes bytes of one XCom value (its JSON, UTF-8); a larger value fails the try without a retry,
 *                     naming the key, the size and the limit ({@value #XCOM_SETTING})
 */
public record TaskLimits(long maxLogBytes, long maxXComBytes) {
    /** The configuration name of the log limit (environment: {@code PIPELINE_TASKS_MAX_LOG_BYTES}). */
    public static final String LOG_SETTING = "pipeline.tasks.max-log-bytes";
    /** The configuration name of the XCom limit (environment: {@code PIPELINE_TASKS_MAX_XCOM_BYTES}). */
    public static final String XCOM_SETTING = "pipeline.tasks.max-xcom-bytes";
    /** 1 MiB of log per try. */
    public static final long DEFAULT_MAX_LOG_BYTES = 1L << 20;
    /** 1 MiB per XCom value: holds the list a mapped task of 100,000 integer items expands from (about 590 KB). */
    public static final long DEFAULT_MAX_XCOM_BYTES = 1L << 20;
    /** The smallest log limit accepted: room for a few lines at each end. */
    public static final long MIN_LOG_BYTES = 1024;

    public TaskLimits {
        if (maxLogBytes < MIN_LOG_BYTES) {
            throw new IllegalArgumentException(LOG_SETTING + " must be at least " + MIN_LOG_BYTES + " bytes, got "
                    + maxLogBytes);
        }
        if (maxXComBytes < 1) {
            throw new IllegalArgumentException(XCOM_SETTING + " must be at least 1 byte, got " + maxXComBytes);
        }
    }

    public static TaskLimits defaults() {
        return new TaskLimits(DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_XCOM_BYTES);
    }

    /** {@code 1 MiB}, {@code 48 KiB}, or {@code 1000 bytes}: a size as a person reads it in a message. */
    public static String describe(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    /** The UTF-8 length of a text without encoding it. */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
