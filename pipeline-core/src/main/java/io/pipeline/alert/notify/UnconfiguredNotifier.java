package io.pipeline.alert.notify;

import io.pipeline.alert.OutboxRow;

import java.util.Optional;

/**
 * Stands for a notifier whose configuration is missing: its alerts wait in the outbox (the sender never claims them)
 * and its problem is reported, until the configuration is fixed and the service restarted.
 */
public final class UnconfiguredNotifier implements Notifier {

    private final String name;
    private final String problem;

    public UnconfiguredNotifier(String name, String problem) {
        this.name = name;
        this.problem = problem;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> configurationProblem() {
        return Optional.of(problem);
    }

    @Override
    public DeliveryResult deliver(OutboxRow alert) {
        return DeliveryResult.notConfigured(problem);
    }
}
