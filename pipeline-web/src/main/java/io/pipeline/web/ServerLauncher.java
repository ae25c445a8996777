package io.pipeline.web;

import org.springframework.boot.SpringApplication;

/** Starts the service. A failed start (already reported by Spring Boot's failure analysis) exits with status 1. */
public final class ServerLauncher {

    private ServerLauncher() {
    }

    public static void serve(String[] args) {
        try {
            SpringApplication.run(PipelineApplication.class, args);
        } catch (Throwable failed) {
            // Spring Boot has logged the cause (a one-paragraph analysis where we provide one); no second trace.
            System.exit(1);
        }
    }
}
