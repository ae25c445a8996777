package io.pipeline.task.spark;

import org.slf4j.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of spark-submit as it streams into the try's log, with what the task reports from it: the application
 * id and the driver's error (the exception that ended {@code main}, else the last error logged, else the last line).
 */
final class DriverOutput {

    private static final String UNCAUGHT = "Exception in thread \"main\" ";
    private static final Pattern THROWABLE = Pattern.compile("^(?:Caused by: )?((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::.*)?)$");
    private static final Pattern LOGGED_ERROR = Pattern.compile("^\\S+ \\S+ ERROR (.*)$");
    private static final Pattern APP_ID = Pattern.compile("\\b(local-\\d{13}|app-\\d{14}-\\d{4,}|spark-[0-9a-f]{32})\\b");

    private final Logger log;
    private final Deque<String> tail = new ArrayDeque<>();
    private String uncaught;
    private String lastThrowable;
    private String lastError;
    private String applicationId;

    DriverOutput(Logger log) {
        this.log = log;
    }

    /** One line of the driver's stdout or stderr. */
    synchronized void line(String line) {
        log.info("spark: {}", line);
        if (line.isBlank() || line.startsWith("\tat ") || line.startsWith("\t... ")) {
            return;
        }
        if (tail.size() == 20) {
            tail.removeFirst();
        }
        tail.addLast(line);
        if (line.startsWith(UNCAUGHT)) {
            uncaught = line.substring(UNCAUGHT.length());
        }
        Matcher t = THROWABLE.matcher(line);
        if (t.matches() && lastThrowable == null) {
            lastThrowable = t.group(1);
        }
        Matcher e = LOGGED_ERROR.matcher(line);
        if (e.matches()) {
            lastError = e.group(1);
        }
        Matcher id = APP_ID.matcher(line);
        if (applicationId == null && id.find()) {
            applicationId = id.group(1);
        }
    }

    /** The line that says why the driver failed, or a note that it said nothing. */
    synchronized String error() {
        if (uncaught != null) {
            return uncaught;
        }
        if (lastThrowable != null) {
            return lastThrowable;
        }
        if (lastError != null) {
            return lastError;
        }
        return tail.isEmpty() ? "(no output)" : tail.getLast();
    }

    synchronized String applicationId() {
        return applicationId;
    }
}
