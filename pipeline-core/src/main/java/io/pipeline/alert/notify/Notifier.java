package io.pipeline.alert.notify;

import io.pipeline.alert.OutboxRow;

import java.util.Optional;

/**
 * Delivers one alert to one destination (Slack, a webhook). Called by the sender outside any state-change
 * transaction; must return within its own timeouts and never throw for a delivery problem: the result says what
 * happened and whether a retry can help.
 */
public interface Notifier {

    /** The name that alert policies and outbox rows use, e.g. {@code slack}. */
    String name();

    /**
     * What is wrong with this notifier's configuration, or empty when it can deliver. While there is a problem the
     * sender leaves this notifier's alerts pending: nothing is dropped, and the dashboard shows the problem.
     */
    Optional<String> configurationProblem();

    DeliveryResult deliver(OutboxRow alert);
}
