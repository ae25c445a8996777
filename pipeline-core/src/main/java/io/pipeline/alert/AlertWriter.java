package io.pipeline.alert;

import io.pipeline.dag.alert.AlertPolicy;

import javax.sql.DataSource;
import java.util.List;

/**
 * Writes one alert into the outbox, one row per notifier of its policy, inside the caller's transaction, and
 * signals the sender once that transaction commits.
 */
public final class AlertWriter {

    private final AlertOutbox outbox;
    private final AlertRules rules;
    private final AlertSignal signal;

    public AlertWriter(DataSource dataSource, AlertRules rules, AlertSignal signal) {
        this.outbox = new AlertOutbox(dataSource);
        this.rules = rules;
        this.signal = signal;
    }

    /** Returns the ids of the rows written. */
    public List<Long> write(AlertPolicy policy, AlertPayload payload) {
        List<Long> ids = rules.notifiersOf(policy).stream()
                .map(notifier -> outbox.insert(payload, notifier, policy.channel(), payload.at()))
                .toList();
        AfterCommit.run(signal::signal);
        return ids;
    }
}
