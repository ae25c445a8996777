package io.pipeline.web.production;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's start-up report for a production refusal: every cause, no stack trace. */
public class ProductionFailureAnalyzer extends AbstractFailureAnalyzer<ProductionRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix each setting above, or start without"
                + " SPRING_PROFILES_ACTIVE=production to try the service out (see README, Deploying).", null);
    }
}
