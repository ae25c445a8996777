package io.pipeline.cli;

/** Bad input to a command (exit status 2); the message names the option or value that was wrong. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
