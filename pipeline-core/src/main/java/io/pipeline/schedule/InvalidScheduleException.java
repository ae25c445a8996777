package io.pipeline.schedule;

/** A schedule expression that cannot be used. The message names the expression and the bad field. */
public class InvalidScheduleException extends IllegalArgumentException {
    public InvalidScheduleException(String message) {
        super(message);
    }
}
