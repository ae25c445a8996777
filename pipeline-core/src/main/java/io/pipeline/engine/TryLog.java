package io.pipeline.engine;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/**
 * The logger a task sees as {@code ctx.log()}: buffers lines ({@code <instant> <LEVEL> <message>}, then the stack
 * trace of a thrown exception) with secrets masked, until the engine stores them ({@link #drain}) at the end of the
 * try or periodically while it runs. DEBUG and TRACE are kept too: a task log is for reading one try.
 */
public final class TryLog extends LegacyAbstractLogger {
    private final transient Clock clock;
    private final transient SecretMasker masker;
    private final StringBuilder buffer = new StringBuilder();

    public TryLog(String name, Clock clock, SecretMasker masker) {
        this.name = name;
        this.clock = clock;
        this.masker = masker;
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
