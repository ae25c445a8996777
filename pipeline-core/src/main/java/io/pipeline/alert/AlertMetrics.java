package io.pipeline.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.alert.notify.DeliveryResult;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert metrics. The gauges show the outbox as of the sender's last pass (refreshed every poll interval), so that
 * a scrape never queries the database.
 * <ul>
 *   <li>{@code pipeline.alerts.outbox.depth} — pending alerts</li>
 *   <li>{@code pipeline.alerts.outbox.oldest.age} — age of the oldest pending alert, seconds</li>
 *   <li>{@code pipeline.alerts.deliveries} — delivery attempts, tags {@code notifier}, {@code outcome}</li>
 *   <li>{@code pipeline.alerts.deadline.misses} — deadline misses raised, tag {@code dag}</li>
 * </ul>
 */
public final class AlertMetrics {

    private final MeterRegistry registry;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("pipeline.alerts.outbox.depth", depth, AtomicLong::get)
                .description("Alerts waiting in the outbox to be delivered")
                .register(registry);
        Gauge.builder("pipeline.alerts.outbox.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest pending alert")
                .baseUnit("seconds")
                .register(registry);
    }

    public void delivery(String notifier, DeliveryResult.Outcome outcome) {
        Counter.builder("pipeline.alerts.deliveries")
                .description("Alert delivery attempts by outcome")
                .tag("notifier", notifier)
                .tag("outcome", outcome.value())
                .register(registry)
                .increment();
    }

    public void deadlineMiss(String dagId) {
        Counter.builder("pipeline.alerts.deadline.misses")
                .description("Runs and tasks that had not succeeded by their deadline")
                .tag("dag", dagId)
                .register(registry)
                .increment();
    }

    public void outbox(long pending, Duration oldestAge) {
        depth.set(pending);
        oldestAgeSeconds.set(oldestAge.isNegative() ? 0 : oldestAge.toSeconds());
    }
}
