package io.pipeline.engine;

import io.pipeline.state.TaskState;
import io.pipeline.store.DeferredWaitRepository;
import io.pipeline.store.DeferredWaitRepository.WaitRow;
import io.pipeline.store.TaskInstanceStateStore;
import io.pipeline.store.TaskInstanceStateStore.Woken;
import io.pipeline.task.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node's one shared waiter for deferred task instances (Airflow's triggerer). It claims stored waits (new ones,
 * and those of triggerer nodes that stopped heartbeating: the node heartbeat is the lease), keeps them in memory in
 * order of their next check, fires time triggers at their instant, checks object keys on the {@code checks}
 * executor every interval, and sends HTTP-condition checks asynchronously on one shared HTTP client (no thread
 * waits for an answer). Fired waits are written in one transaction per pass: the gate moves their TIs deferred ->
 * scheduled and deletes the waits, and admission queues them at once. A test calls {@link #tick} with a settable
 * clock (and a direct executor); {@link #start} runs it on a thread that sleeps until the next due check.
 */
public final class Triggerer {
    private static final Logger LOG = LoggerFactory.getLogger(Triggerer.class);
    /** Waits one node holds at most; more stay in the table for other triggerers (or until some fire). */
    static final int MAX_HELD = 100_000;
    static final int CLAIM_BATCH = 5_000;

    private record Held(long waitId, Trigger trigger) {
    }

    private record Due(Instant at, long waitId) {
    }

    private final DeferredWaitRepository waits;
    private final TaskInstanceStateStore states;
    private final TransactionTemplate tx;
    private final Admission admission;
    private final QueueNotifier notifier;
    private final StateRecorder recorder;
    private final EngineConfig config;
    private final Clock clock;
    private final Executor checks;
    private final ObjectKeyProbe probe;
    private final HttpConditionProbe http = new HttpConditionProbe();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Runnable onWoken;
    private final Map<Long, Held> held = new HashMap<>();
    private final PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparing(Due::at)
            .thenComparingLong(Due::waitId));
    private final Queue<Long> fired = new ConcurrentLinkedQueue<>();
    private final Queue<Long> notYet = new ConcurrentLinkedQueue<>();
    private final Object sleep = new Object();
    private Instant nextTakeover = Instant.MIN;
    private Instant nextReconcile = Instant.MIN;
    private volatile boolean running;
    private boolean nudged;
    private Thread thread;

    public Triggerer(EngineComponents parts, TaskResources resources, Executor checks, Runnable onWoken) {
        this.waits = parts.stores().waits();
        this.states = parts.stores().taskStates();
        this.tx = parts.tx();
        this.admission = parts.admission();
        this.notifier = parts.notifier();
        this.recorder = parts.recorder();
        this.config = parts.config();
        this.clock = parts.clock();
        this.checks = checks;
        this.probe = new ObjectKeyProbe(resources);
        this.onWoken = onWoken;
    }

    /**
     * One pass: claim free and orphaned waits, drop those no longer ours, start the checks that are due, and wake the
     * TIs whose trigger fired. Returns how many TIs were woken.
     */
    public synchronized int tick(Instant now) {
        claim(now);
        if (!now.isBefore(nextReconcile)) {
            reconcile();
            nextReconcile = now.plus(config.heartbeatInterval());
        }
        startDueChecks(now);
        for (Long id; (id = notYet.poll()) != null; ) {
            Held h = held.get(id);
            Duration every = h == null ? null : checkEvery(h.trigger());
            if (every != null) {
                due.add(new Due(now.plus(every), id));
            }
        }
        return wakeFired(now);
    }

    /**
     * A time trigger fires at its instant; a polled trigger is first checked one interval after the poke that
     * deferred (which has just found the condition false), or at once when that time has passed (a wait taken over).
     */
    private static Instant firstCheck(WaitRow w, Instant now) {
        if (w.trigger() instanceof Trigger.At at) {
            return at.at();
        }
        Instant first = w.createdAt().plus(checkEvery(w.trigger()));
        return first.isAfter(now) ? first : now;
    }

    /** How often a polled trigger is checked; null for a time trigger. */
    private static Duration checkEvery(Trigger trigger) {
        return switch (trigger) {
            case Trigger.At at -> null;
            case Trigger.ObjectKey k -> k.checkEvery();
            case Trigger.Http h -> h.checkEvery();
        };
    }

    /**
     * Waits until the HTTP checks sent so far have their answers (or {@code max} has passed), so that a caller
     * driving {@link #tick} with a settable clock sees their outcome on its next pass. Returns how many it waited
     * for.
     */
    public int awaitChecks(Duration max) {
        List<CompletableFuture<?>> pending = List.copyOf(inFlight);
        if (pending.isEmpty()) {
            return 0;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(max.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("waiting for HTTP checks: {}", e.toString());
        }
        return pending.size();
    }

    /** Waits held in memory. */
    public synchronized int held() {
        return held.size();
    }

    /** When the earliest held check is due, or null. */
    public synchronized Instant nextDue() {
        Due d = due.peek();
        return d == null ? null : d.at();
    }

    private void claim(Instant now) {
        int room = Math.min(CLAIM_BATCH, MAX_HELD - held.size());
        if (room <= 0) {
            return;
        }
        List<WaitRow> got = new ArrayList<>(waits.claimFree(config.nodeId(), room, now));
        if (!now.isBefore(nextTakeover)) {
            nextTakeover = now.plus(config.heartbeatInterval());
            List<WaitRow> orphans = waits.claimOrphaned(config.nodeId(), now.minus(config.zombieThreshold()),
                    room - got.size(), now);
            if (!orphans.isEmpty()) {
                LOG.info("triggerer {} took over {} deferred waits of lost triggerers", config.nodeId(),
                        orphans.size());
            }
            got.addAll(orphans);
        }
        for (WaitRow w : got) {
            if (held.put(w.id(), new Held(w.id(), w.trigger())) == null) {
                due.add(new Due(firstCheck(w, now), w.id()));
            }
        }
    }

    /** Deletes waits of TIs no longer deferred, and forgets waits another triggerer has taken. */
    private void reconcile() {
        waits.deleteStale();
        Set<Long> mine = new HashSet<>(waits.heldBy(config.nodeId()));
        held.keySet().retainAll(mine);
    }

    private void startDueChecks(Instant now) {
        while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
            Held h = held.get(due.poll().waitId());
            if (h == null) {
                continue;
            }
            switch (h.trigger()) {
                case Trigger.At at -> fired.add(h.waitId());
                case Trigger.ObjectKey k -> checks.execute(() -> check(h.waitId(), k));
                case Trigger.Http t -> check(h.waitId(), t);
            }
        }
    }

    private void check(long waitId, Trigger.ObjectKey k) {
        boolean found;
        try {
            found = probe.found(k);
        } catch (Exception e) {
            LOG.warn("checking {} failed; checking again in {}: {}", k.describe(), k.checkEvery(), e.toString());
            found = false;
        }
        (found ? fired : notYet).add(waitId);
        if (found) {
            nudge();
        }
    }

    /** Sends the check; its answer lands in {@code fired} or {@code notYet} without any thread waiting for it. */
    private void check(long waitId, Trigger.Http t) {
        CompletableFuture<Boolean> answer;
        try {
            answer = http.check(t);
        } catch (RuntimeException e) {
            LOG.warn("checking {} failed; checking again in {}: {}", t.describe(), t.checkEvery(), e.toString());
            notYet.add(waitId);
            return;
        }
        CompletableFuture<Void> done = answer.handle((met, error) -> {
            boolean fire = error == null && met;
            if (error != null) {
                LOG.debug("checking {} failed; checking again in {}: {}", t.describe(), t.checkEvery(),
                        error.toString());
            }
            (fire ? fired : notYet).add(waitId);
            if (fire) {
                nudge();
            }
            return null;
        });
        inFlight.add(done);
        done.whenComplete((v, e) -> inFlight.remove(done));
    }

    private int wakeFired(Instant now) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Long id; (id = fired.poll()) != null; ) {
            if (held.remove(id) != null) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        long[] batch = ids.stream().mapToLong(Long::longValue).toArray();
        int woken;
        try {
            woken = tx.execute(s -> wakeInTransaction(batch, now));
        } catch (RuntimeException e) {
            LOG.warn("could not wake {} deferred task instances; trying again: {}", batch.length, e.toString());
            fired.addAll(ids);
            ids.forEach(id -> held.put(id, new Held(id, Trigger.at(now))));
            throw e;
        }
        if (woken > 0) {
            onWoken.run();
        }
        return woken;
    }

    private int wakeInTransaction(long[] waitIds, Instant now) {
        List<Woken> woken = states.wake(waitIds, now);
        Set<String> pools = new LinkedHashSet<>();
        for (Woken w : woken) {
            recorder.task(w.dagId(), w.runId(), w.logicalDate(), w.ti().taskId(), w.ti().mapIndex(),
                    w.ti().tryNumber(), w.ti().maxTries(), TaskState.DEFERRED, TaskState.SCHEDULED, now, null, null);
            pools.add(w.ti().pool());
        }
        if (!pools.isEmpty()) {
            notifier.queued(admission.admit(pools, null, now).size());
        }
        return woken.size();
    }

    /** Runs passes on a thread of its own, sleeping until the next due check (at most the claim poll interval). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("pipeline-triggerer-" + config.nodeId()).start(this::loop);
    }

    /** Stops the thread and hands this node's waits back, so that another triggerer takes them at once. */
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) {
            return;
        }
        nudge();
        t.join(10_000);
        synchronized (this) {
            held.clear();
            due.clear();
        }
        http.close();
        try {
            waits.release(config.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("triggerer {} could not hand its waits back: {}", config.nodeId(), e.toString());
        }
    }

    private void nudge() {
        synchronized (sleep) {
            nudged = true;
            sleep.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                tick(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("triggerer pass failed: {}", e.toString());
            }
            Instant next = nextDue();
            Duration wait = config.claimPollInterval();
            if (next != null) {
                Duration untilDue = Duration.between(clock.instant(), next);
                wait = untilDue.isNegative() ? Duration.ZERO : untilDue.compareTo(wait) < 0 ? untilDue : wait;
            }
            synchronized (sleep) {
                try {
                    if (!nudged && running && !wait.isZero()) {
                        sleep.wait(Math.max(1, wait.toMillis()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                nudged = false;
            }
        }
    }
}
