package io.pipeline.engine;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.Partitioning;
import io.pipeline.store.FreshnessStore;
import io.pipeline.store.FreshnessStore.Miss;
import io.pipeline.store.FreshnessStore.Watched;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freshness deadlines of dataset partitions ({@code Dataset.freshBy}: a point of each session, or a local time of
 * each day for a dataset partitioned by days): a partition with no event by its deadline is recorded once as a miss and announced to the listeners (the alert outbox) in the same transaction;
 * a late partition whose first event has come in is marked arrived and announced once. Deadlines are looked at
 * for the last {@link #LOOKBACK} and not before the dataset was first declared, so a new deadline on a dataset with
 * years of history does not raise years of misses. Between two deadlines a dataset costs no query: the next
 * deadline is kept in memory (per node; recording a miss is idempotent across nodes).
 */
public final class CheckFreshnessStep implements SchedulerStep {
    static final Duration LOOKBACK = Duration.ofDays(7);

    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final FreshnessStore store;
    private final StateRecorder recorder;
    private final Map<String, Instant> nextCheck = new ConcurrentHashMap<>();

    public CheckFreshnessStep(FreshnessStore store, TransactionTemplate tx, DagRegistry registry,
                              StateRecorder recorder) {
        this.store = store;
        this.tx = tx;
        this.registry = registry;
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return "check_freshness";
    }

    @Override
    public void run(Instant now) {
        tx.executeWithoutResult(s -> store.markArrived().forEach(m -> recorder.latePartitionArrived(late(m))));
        List<Dataset> due = registry.freshDatasets().values().stream()
                .filter(d -> !now.isBefore(nextCheck.getOrDefault(cacheKey(d), Instant.MIN))).toList();
        if (due.isEmpty()) {
            return;
        }
        Map<String, Watched> watched = store.watched(due.stream().map(Dataset::uri).toList());
        for (Dataset d : due) {
            Watched w = watched.get(d.uri());
            if (w != null) {
                tx.executeWithoutResult(s -> check(d, w, now));
                nextCheck.put(cacheKey(d), nextDeadline(d, now));
            }
        }
    }

    private void check(Dataset d, Watched w, Instant now) {
        Instant since = later(now.minus(LOOKBACK), w.createdAt());
        for (LocalDate key : keys(d, since, now)) {
            Instant dueAt = d.freshnessDeadline(key);
            if (dueAt != null && dueAt.isAfter(since) && !dueAt.isAfter(now)) {
                store.recordMiss(w, key.toString(), dueAt, d.freshnessZone(), d.freshnessDescription(), now)
                        .ifPresent(m -> recorder.partitionLate(late(m)));
            }
        }
    }

    /** The first deadline after {@code now} (a day on when the calendar ends). */
    static Instant nextDeadline(Dataset d, Instant now) {
        return keys(d, now, now.plus(Duration.ofDays(14))).stream().map(d::freshnessDeadline)
                .filter(t -> t != null && t.isAfter(now)).min(Instant::compareTo)
                .orElse(now.plus(Duration.ofDays(1)));
    }

    /**
     * The partitions whose deadline may fall in from..to: the deadline may reach days after or before the partition
     * (and a day's deadline may be in another zone, hence one more day).
     */
    private static List<LocalDate> keys(Dataset d, Instant from, Instant to) {
        Partitioning p = d.partitioning();
        long days = d.freshBy().reach().toDays() + 2;
        LocalDate a = from.atZone(p.zone()).toLocalDate().minusDays(days);
        LocalDate b = to.atZone(p.zone()).toLocalDate().plusDays(days);
        if (p instanceof Partitioning.Sessions s) {
            ExchangeCalendar cal = s.calendar();
            a = a.isBefore(cal.firstSession()) ? cal.firstSession() : a;
            b = b.isAfter(cal.lastSession()) ? cal.lastSession() : b;
        }
        return a.isAfter(b) ? List.of() : p.keysBetween(a, b);
    }

    private LatePartition late(Miss m) {
        return new LatePartition(m.uri(), m.partitionKey(), m.dueAt(), m.dueZone(), m.deadline(),
                registry.producersOf(m.uri()), m.detectedAt(), m.arrivedAt());
    }

    private static String cacheKey(Dataset d) {
        return d.uri() + " " + d.freshBy();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
