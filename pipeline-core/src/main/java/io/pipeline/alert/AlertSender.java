package io.pipeline.alert;

import io.pipeline.alert.notify.DeliveryResult;
import io.pipeline.alert.notify.DeliveryResult.Outcome;
import io.pipeline.alert.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers outbox alerts. Each delivery is one transaction: lock the head alert of a (run, notifier) queue with
 * {@code FOR UPDATE SKIP LOCKED}, call the notifier, record the attempt and the new state, commit. The row lock
 * keeps other senders off the alert and, through the "no earlier pending alert" condition, off the rest of its
 * run's queue until it is settled. A crash before the commit releases the lock with the connection and leaves the
 * alert pending: it is delivered again, so the only duplicate window is between Slack's answer and our commit.
 */
public final class AlertSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertSender.class);
    /** Queue heads delivered per round. */
    private static final int ROUND = 256;

    private final AlertOutbox outbox;
    private final TransactionTemplate tx;
    private final NotifierBoard notifiers;
    private final Clock clock;
    private final AlertMetrics metrics;
    private final SenderSettings settings;
    private final ExecutorService workers;

    public AlertSender(DataSource dataSource, PlatformTransactionManager transactions, List<Notifier> notifiers,
                       Clock clock, AlertMetrics metrics, SenderSettings settings) {
        this.outbox = new AlertOutbox(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.notifiers = new NotifierBoard(notifiers);
        this.clock = clock;
        this.metrics = metrics;
        this.settings = settings;
        AtomicInteger seq = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "alert-delivery-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Delivers every alert that is due now, up to {@code parallelism} at a time, and returns how many were delivered.
     * Works in rounds: find the due head of every (run, notifier) queue, deliver those, repeat while that made
     * progress (the next alert of a queue becomes its head once the previous one is settled). Alerts that fail are
     * rescheduled and not retried within this call. Safe to run on several nodes at once.
     */
    public int deliverDue() {
        int delivered = 0;
        try {
            while (true) {
                Instant now = clock.instant();
                List<Long> heads = outbox.dueHeads(now, notifiers.ready(now), ROUND);
                if (heads.isEmpty()) {
                    break;
                }
                Round round = deliverAll(heads);
                delivered += round.delivered();
                if (round.handled() == 0) {
                    break;
                }
            }
        } finally {
            refreshGauges();
        }
        return delivered;
    }

    private record Round(int handled, int delivered) {
    }

    private Round deliverAll(List<Long> ids) {
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        List<Callable<Void>> tasks = ids.stream().<Callable<Void>>map(id -> () -> {
            Outcome outcome = tx.execute(status -> deliverOne(id));
            if (outcome != null) {
                handled.incrementAndGet();
                if (outcome == Outcome.DELIVERED) {
                    delivered.incrementAndGet();
                }
            }
            return null;
        }).toList();
        try {
            for (Future<Void> f : workers.invokeAll(tasks)) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering alerts", e);
        }
        return new Round(handled.get(), delivered.get());
    }

    /**
     * One transaction: lock the alert, deliver it, record the attempt and its new state. Null when the alert was not
     * ours to deliver (settled or claimed meanwhile, or its notifier is paused by a rate limit).
     */
    private Outcome deliverOne(long id) {
        Instant now = clock.instant();
        Optional<OutboxRow> claimed = outbox.claim(id, now);
        if (claimed.isEmpty() || !notifiers.ready(now).contains(claimed.get().notifier())) {
            return null;
        }
        OutboxRow row = claimed.get();
        DeliveryResult result = attempt(notifiers.get(row.notifier()), row);
        Instant at = clock.instant();
        long tookMs = Math.max(0, Duration.between(now, at).toMillis());
        int attempts = row.attempts() + (result.outcome() == Outcome.NOT_CONFIGURED ? 0 : 1);
        outbox.recordAttempt(row.id(), Math.max(attempts, 1), at, result, tookMs);
        settle(row, result, attempts, at);
        metrics.delivery(row.notifier(), result.outcome());
        return result.outcome();
    }

    private DeliveryResult attempt(Notifier notifier, OutboxRow row) {
        try {
            return notifier.deliver(row);
        } catch (RuntimeException e) {
            log.warn("alert {} notifier {} threw", row.id(), notifier.name(), e);
            return DeliveryResult.retryable(null, e.toString());
        }
    }

    private void settle(OutboxRow row, DeliveryResult result, int attempts, Instant at) {
        switch (result.outcome()) {
            case DELIVERED -> outbox.markDelivered(row.id(), attempts, at);
            case PERMANENT -> {
                outbox.markUndeliverable(row.id(), attempts, result.error());
                notifiers.permanentError(row.notifier(), result.error());
                log.warn("alert {} ({}) is undeliverable through {}: {}. Fix the configuration, then re-send it.",
                        row.id(), row.payload().summary(), row.notifier(), result.error());
            }
            case RATE_LIMITED -> {
                Instant until = at.plus(result.retryAfter());
                notifiers.pause(row.notifier(), until);
                outbox.reschedule(row.id(), attempts, until, result.error());
            }
            case NOT_CONFIGURED -> outbox.reschedule(row.id(), attempts, at.plus(settings.notConfiguredWait()),
                    result.error());
            case RETRYABLE, TIMEOUT -> retryLater(row, result, attempts, at);
        }
    }

    private void retryLater(OutboxRow row, DeliveryResult result, int attempts, Instant at) {
        if (Duration.between(row.retryingSince(), at).compareTo(settings.giveUpAfter()) > 0) {
            String error = "gave up after " + attempts + " attempts over " + settings.giveUpAfter() + ": "
                    + result.error();
            outbox.markUndeliverable(row.id(), attempts, error);
            log.warn("alert {} ({}) is undeliverable through {}: {}", row.id(), row.payload().summary(),
                    row.notifier(), error);
            return;
        }
        outbox.reschedule(row.id(), attempts, at.plus(settings.backoff(attempts, row.id())), result.error());
    }

    private void refreshGauges() {
        AlertOutbox.Depth d = outbox.depth();
        Duration age = d.oldestCreatedAt() == null ? Duration.ZERO : Duration.between(d.oldestCreatedAt(), clock.instant());
        metrics.outbox(d.pending(), age);
    }

    /** Each notifier's state, for the dashboard's banner and the health endpoint. */
    public List<NotifierStatus> status() {
        return notifiers.status(clock.instant());
    }

    /** Configuration problems to show as a banner (empty when every notifier can deliver). */
    public List<String> configurationProblems() {
        return notifiers.configurationProblems();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        notifiers.closeAll();
    }

    /**
     * @param configurationProblem why this notifier cannot deliver, or null
     * @param lastPermanentError   the last error that made an alert undeliverable, or null
     * @param rateLimitedUntil     when a 429 pause ends, or null
     */
    public record NotifierStatus(String name, String configurationProblem, String lastPermanentError,
                                 Instant rateLimitedUntil) {
    }
}
