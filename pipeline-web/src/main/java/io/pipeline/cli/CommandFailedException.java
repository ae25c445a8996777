package io.pipeline.cli;

/** A command could not do its work for a reason outside the user's input (exit status 1, message on stderr). */
public class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message, null, false, false);
    }
}
