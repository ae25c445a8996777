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
import java.util.Map;

/**
 * The logger a task sees as {@code ctx.log()}: buffers lines ({@code <instant> <LEVEL> <message>}, then the stack
 * trace of a thrown exception) with secrets masked, until the engine stores them ({@link #drain}) at the end of the
 * try or periodically while it runs. DEBUG and TRACE are kept too: a task log is for reading one try.
 * <p>
 * The log of a try the engine runs ({@link #forTry}) also goes, masked the same way, to the application log under the
 * logger {@value #APP_LOGGER} (as far as its level allows) with the try's ids in the MDC ({@link TryMdc}), so that a
 * structured console log carries every task line with its run, task and try.
 */
public final class TryLog extends LegacyAbstractLogger {
    /** The application-log logger that task lines are copied to. */
    public static final String APP_LOGGER = "pipeline.task";

    private final transient Clock clock;
    private final transient SecretMasker masker;
    private final transient Logger appLog;
    private final transient Map<String, String> ids;
    private final StringBuilder buffer = new StringBuilder();

    public TryLog(String name, Clock clock, SecretMasker masker) {
        this(name, clock, masker, null, Map.of());
    }

    private TryLog(String name, Clock clock, SecretMasker masker, Logger appLog, Map<String, String> ids) {
        this.name = name;
        this.clock = clock;
        this.masker = masker;
        this.appLog = appLog;
        this.ids = ids;
    }

    /** The log of one try run by the engine: also copied to the application log with the try's ids in the MDC. */
    public static TryLog forTry(ClaimedTi ti, Clock clock, SecretMasker masker) {
        return new TryLog(ti.label(), clock, masker, LoggerFactory.getLogger(APP_LOGGER), TryMdc.of(ti));
    }

    /** Takes the lines buffered since the last drain. */
    public synchronized String drain() {
        String out = buffer.toString();
        buffer.setLength(0);
        return out;
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
        synchronized (this) {
            buffer.append(masked);
        }
        if (appLog != null && appLog.isEnabledForLevel(level)) {
            // the masked line without its instant and level, which the application log writes itself
            String text = masked.substring(masked.indexOf(' ', masked.indexOf(' ') + 1) + 1).stripTrailing();
            try (TryMdc.Scope scope = TryMdc.put(ids)) {
                appLog.atLevel(level).log(text);
            }
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
