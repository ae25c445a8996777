package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;

/**
 * The logger a task sees as {@code ctx.log()}: buffers lines ({@code <instant> <LEVEL> <message>}, then the stack
 * trace of a thrown exception) with secrets masked, until the engine stores them ({@link #drain}) at the end of the
 * try or periodically while it runs. DEBUG and TRACE are kept too: a task log is for reading one try.
 * <p>
 * The log of a try the engine runs ({@link #forTry}) also goes, masked the same way, to the application log under the
 * logger {@value #APP_LOGGER} (as far as its level allows) with the try's ids in the MDC ({@link TryMdc}), so that a
 * structured console log carries every task line with its run, task and try.
 * <p>
 * What is stored is limited to {@code maxBytes} per try ({@link TaskLimits#maxLogBytes()}): the first half of the
 * limit is kept as it comes, then only the most recent lines up to the other half are held (older ones are dropped and
 * counted), and the final {@link #drain()} writes a line {@code [... N bytes cut: log limit 1 MiB
 * (pipeline.tasks.max-log-bytes) ...]} followed by that tail. Memory held is bounded by the limit too. The copy to the
 * application log is not limited (that log has its own rotation).
 */
public final class TryLog extends LegacyAbstractLogger {
    /** The application-log logger that task lines are copied to. */
    public static final String APP_LOGGER = "pipeline.task";
    private static final Logger APP_LOG = LoggerFactory.getLogger(APP_LOGGER);

    private final transient Clock clock;
    private final transient SecretMasker masker;
    private final transient Logger appLog;
    private final transient Map<String, String> ids;
    private final long maxBytes;
    private final StringBuilder buffer = new StringBuilder();
    /** Bytes taken into the head (stored or still in {@link #buffer}). */
    private long headBytes;
    /** Once a line did not fit into the head: later lines go to {@link #tail}. */
    private boolean cutting;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long tailBytes;
    private long cutBytes;

    public TryLog(String name, Clock clock, SecretMasker masker) {
        this(name, clock, masker, TaskLimits.DEFAULT_MAX_LOG_BYTES, null, Map.of());
    }

    public TryLog(String name, Clock clock, SecretMasker masker, long maxBytes) {
        this(name, clock, masker, maxBytes, null, Map.of());
    }

    private TryLog(String name, Clock clock, SecretMasker masker, long maxBytes, Logger appLog,
                   Map<String, String> ids) {
        this.name = name;
        this.clock = clock;
        this.masker = masker;
        this.maxBytes = maxBytes;
        this.appLog = appLog;
        this.ids = ids;
    }

    /** The log of one try run by the engine: also copied to the application log with the try's ids in the MDC. */
    public static TryLog forTry(ClaimedTi ti, Clock clock, SecretMasker masker) {
        return forTry(ti, clock, masker, TaskLimits.DEFAULT_MAX_LOG_BYTES);
    }

    /** As {@link #forTry(ClaimedTi, Clock, SecretMasker)}, keeping at most {@code maxBytes} of the try's log. */
    public static TryLog forTry(ClaimedTi ti, Clock clock, SecretMasker masker, long maxBytes) {
        return forTry(ti, clock, masker, maxBytes, TryMdc.of(ti));
    }

    /** As {@link #forTry(ClaimedTi, Clock, SecretMasker, long)}, with the try's MDC ids already made. */
    static TryLog forTry(ClaimedTi ti, Clock clock, SecretMasker masker, long maxBytes, Map<String, String> ids) {
        return new TryLog(ti.label(), clock, masker, maxBytes, APP_LOG, ids);
    }

    /**
     * Takes everything not stored yet, at the end of the try: the head lines buffered since the last drain and, if
     * lines were dropped, the line saying how many bytes were cut, then the lines kept from the end.
     */
    public synchronized String drain() {
        StringBuilder out = new StringBuilder(buffer);
        buffer.setLength(0);
        if (cutBytes > 0) {
            out.append(cutLine(cutBytes, maxBytes));
        }
        for (String line : tail) {
            out.append(line);
        }
        tail.clear();
        tailBytes = 0;
        cutBytes = 0;
        return out.toString();
    }

    /**
     * Takes the head lines buffered since the last drain, while the try runs (a heartbeat stores them): lines past the
     * head are held back until {@link #drain()}, since which of them are kept is known only at the end.
     */
    public synchronized String drainRunning() {
        String out = buffer.toString();
        buffer.setLength(0);
        return out;
    }

    /** The line written where a log was cut. */
    public static String cutLine(long cut, long maxBytes) {
        return String.format(Locale.ROOT, "[... %d bytes cut: log limit %s (%s) ...]\n", cut,
                TaskLimits.describe(maxBytes), TaskLimits.LOG_SETTING);
    }

    /** Adds a line written by the engine itself (not by the task). */
    public void engine(String message) {
        append(Level.INFO, message, null);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable thrown) {
        String message = args == null || args.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, args);
        append(level, message, thrown);
    }

    private void append(Level level, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder(64);
        line.append(clock.instant()).append(' ').append(level).append(' ').append(message).append('\n');
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        String masked = masker.mask(line.toString());
        keep(masked);
        if (appLog != null && appLog.isEnabledForLevel(level)) {
            // the masked line without its instant and level, which the application log writes itself
            String text = masked.substring(masked.indexOf(' ', masked.indexOf(' ') + 1) + 1).stripTrailing();
            try (TryMdc.Scope scope = TryMdc.put(ids)) {
                appLog.atLevel(level).log(text);
            }
        }
    }

    private synchronized void keep(String text) {
        long size = TaskLimits.utf8Length(text);
        long headLimit = maxBytes / 2;
        if (!cutting && headBytes + size <= headLimit) {
            buffer.append(text);
            headBytes += size;
            return;
        }
        cutting = true;
        long tailLimit = maxBytes - headLimit;
        tail.addLast(text);
        tailBytes += size;
        while (tailBytes > tailLimit && tail.size() > 1) {
            long dropped = TaskLimits.utf8Length(tail.removeFirst());
            tailBytes -= dropped;
            cutBytes += dropped;
        }
        if (tailBytes > tailLimit) {
            // one line longer than the tail's half: keep its end
            String only = tail.removeFirst();
            int from = only.length();
            long kept = 0;
            while (from > 0) {
                char c = only.charAt(from - 1);
                int step = Character.isLowSurrogate(c) && from > 1 ? 2 : 1;
                long bytes = TaskLimits.utf8Length(only.substring(from - step, from));
                if (kept + bytes > tailLimit) {
                    break;
                }
                kept += bytes;
                from -= step;
            }
            tail.addLast(only.substring(from));
            cutBytes += tailBytes - kept;
            tailBytes = kept;
        }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
