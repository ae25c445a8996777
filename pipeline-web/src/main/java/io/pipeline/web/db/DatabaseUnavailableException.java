package io.pipeline.web.db;

/**
 * The configured database cannot be reached or the embedded one cannot start. The message names the host and port
 * (never the password) and is shown on its own, without a stack trace, by {@link DatabaseFailureAnalyzer}.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private final String action;

    public DatabaseUnavailableException(String message, String action) {
        super(message, null, false, false);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
