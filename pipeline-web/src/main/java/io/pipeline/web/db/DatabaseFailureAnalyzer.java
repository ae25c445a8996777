package io.pipeline.web.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a failed database check into Spring Boot's one-paragraph start-up report instead of a stack trace. */
public class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), null);
    }
}
