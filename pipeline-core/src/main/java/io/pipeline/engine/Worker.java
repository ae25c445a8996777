package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's worker: a claim thread that claims queued TIs (one statement per batch) while worker slots are free, a
 * bounded pool of task threads, and a finisher thread that writes finished tries in groups (group commit) and starts
 * the downstream TIs they made ready on this node's free slots at once. A task thread that finishes while no
 * finishing transaction is under way writes its outcome itself and runs the next TI of a chain on the same thread;
 * a chain link's success is written the same way in a lane of its own beside a busy finisher, and keeps its worker
 * slot until then, for the task its finish makes ready.
 * Woken by {@link #wake()} (finished work here, or a NOTIFY from another node) rather than by polling; the poll
 * interval is only a fallback.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long interrupted tries get to end before those still executing are handed back without their outcome. */
    static final Duration INTERRUPT_WAIT = Duration.ofSeconds(5);

    /** Claims up to n queued TIs for this node (one statement, one transaction). */
    @FunctionalInterface
    public interface Claimer {
        List<ClaimedTi> claim(int n);
    }

    private final EngineConfig config;
    private final Claimer claimer;
    private final TaskRunner runner;
    private final TryFinisher finisher;
    private final StateRecorder recorder;
    private final RunningTries running;
    private final DbHealth health;
    private final Clock clock;
    private final Semaphore slots;
    private final LinkedBlockingQueue<TryOutcome> finished = new LinkedBlockingQueue<>();
    /**
     * Tries that ended still holding their worker slot ({@link #keepsSlot}): kept until their outcome is written, and
     * the finishing transaction that writes it may start a task it made ready on it (a chain's next link).
     */
    private final Set<ClaimedTi> holdingSlot = ConcurrentHashMap.newKeySet();
    /** One finishing transaction at a time per node: the finisher thread's, or a task thread's when it is idle. */
    private final ReentrantLock finishLock = new ReentrantLock();
    /**
     * The lane for chain links' successes ({@link TryFinisher#mayStartDownstream}): while the finisher writes a group
     * (a fan-out's instances), one task thread at a time writes such an outcome beside it, so that a chain's next link
     * does not wait for the group's transaction and then for its turn in the queue. Two finishing transactions of one
     * node then run at once, as those of several nodes always could (both take runs before task instances and
     * pools).
     */
    private final ReentrantLock laneLock = new ReentrantLock();
    private final WakeSignal claimWake = new WakeSignal();
    private final ExecutorService tasks;
    private volatile boolean claiming;
    private volatile boolean finishing;
    private volatile boolean saturated;
    private volatile boolean handingBack;
    private Thread claimThread;
    private Thread finishThread;

    public Worker(EngineConfig config, Claimer claimer, TaskRunner runner, TryFinisher finisher,
                  StateRecorder recorder, RunningTries running, DbHealth health, Clock clock) {
        this.config = config;
        this.claimer = claimer;
        this.runner = runner;
        this.finisher = finisher;
        this.recorder = recorder;
        this.running = running;
        this.health = health;
        this.clock = clock;
        this.slots = new Semaphore(config.workerConcurrency());
        AtomicInteger n = new AtomicInteger();
        this.tasks = Executors.newFixedThreadPool(config.workerConcurrency(), r -> {
            Thread t = new Thread(r, "pipeline-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public synchronized void start() {
        claiming = true;
        finishing = true;
        claimThread = Thread.ofPlatform().name("pipeline-claim").daemon().start(this::claimLoop);
        finishThread = Thread.ofPlatform().name("pipeline-finish").daemon().start(this::finishLoop);
    }

    /** There may be queued work: claim now instead of at the next poll. */
    public void wake() {
        claimWake.wake();
    }

    /**
     * Stops claiming, lets running tries finish for up to {@code grace} (then interrupts them), writes every
     * outcome, and stops.
     */
    public void stop(Duration grace) throws InterruptedException {
        claiming = false;
        claimWake.wake();
        if (claimThread != null) {
            claimThread.join();
        }
        tasks.shutdown();
        if (!tasks.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} tries still running after the {} grace period; handing them back", running.size(), grace);
            handingBack = true;
            tasks.shutdownNow();
            if (!tasks.awaitTermination(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                handBackStuck();
            }
        }
        finishing = false;
        if (finishThread != null) {
            finishThread.join();
        }
    }

    private void claimLoop() {
        Duration backoff = Duration.ofMillis(100);
        while (claiming) {
            try {
                int want = takeSlots(config.claimBatchSize());
                if (want == 0) {
                    // Every slot is taken: by running tries, or for a moment by a finishing transaction's downstream
                    // claim, which gives back what it did not use. Be woken when a slot is freed or given back, not
                    // at the next poll (queued TIs would wait for it with slots free). Set, then look again, so that
                    // a slot given back in between is not missed.
                    saturated = true;
                    if (slots.availablePermits() == 0) {
                        claimWake.await(config.claimPollInterval());
                    }
                    continue;
                }
                List<ClaimedTi> got;
                try {
                    got = claimer.claim(want);
                    health.ok();
                    backoff = Duration.ofMillis(100);
                } catch (RuntimeException e) {
                    slots.release(want);
                    backoff = failed("claiming task instances", e, backoff);
                    continue;
                }
                slots.release(want - got.size());
                saturated = got.size() == want;
                submitAll(got);
                if (!saturated) {
                    claimWake.await(config.claimPollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Hands claimed TIs to task threads. Called right after the transaction that claimed them committed: the mark
     * taken here lets one read of a mapped upstream's version serve the whole batch ({@link TaskRunner#claimMark}).
     */
    private void submitAll(List<ClaimedTi> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        long mark = runner.claimMark();
        for (ClaimedTi ti : claimed) {
            submit(ti, mark);
        }
    }

    private void submit(ClaimedTi ti, long claimMark) {
        tasks.execute(() -> runHere(ti, claimMark));
    }

    /** A TI to run next on this thread, with the mark taken after its claim committed. */
    private record Next(ClaimedTi ti, long claimMark) {
    }

    /**
     * Runs a try on this task thread. When no finishing transaction is under way, the thread writes the outcome
     * itself (with whatever else has finished meanwhile) and runs the first TI that made ready for this node next:
     * a chain hop then passes no work between threads. Otherwise the outcome joins the finisher's next batch.
     */
    private void runHere(ClaimedTi first, long firstMark) {
        Next next = new Next(first, firstMark);
        while (next != null) {
            TryOutcome outcome = handBackIfStopped(runner.run(next.ti(), next.claimMark()));
            // an interrupt aimed at the try that just ended (timeout, clear) must not reach the next one
            Thread.interrupted();
            boolean kept = keepsSlot(outcome);
            if (kept) {
                holdingSlot.add(outcome.ti());
            } else {
                slots.release();
                if (saturated) {
                    claimWake.wake();
                }
            }
            next = finishHere(outcome, kept);
        }
    }

    /**
     * Writes {@code outcome} on this thread if the finisher is idle, or, for a try that kept its slot (a chain link's
     * success) while the finisher is busy, in the node's lane; returns a TI to run next here, or null. Otherwise the
     * outcome joins the finisher's next batch.
     */
    private Next finishHere(TryOutcome outcome, boolean keptSlot) {
        if (!claiming) {
            finished.add(outcome);
            return null;
        }
        // with outcomes already waiting, the finisher thread's next batch commits them all at once (group commit)
        if (finished.isEmpty() && finishLock.tryLock()) {
            List<TryOutcome> drained = new ArrayList<>();
            drained.add(outcome);
            try {
                finished.drainTo(drained, config.completionBatchSize() - 1);
                return finishDrained(drained);
            } finally {
                finishLock.unlock();
            }
        }
        if (keptSlot && laneLock.tryLock()) {
            try {
                return finishDrained(new ArrayList<>(List.of(outcome)));
            } finally {
                laneLock.unlock();
            }
        }
        finished.add(outcome);
        return null;
    }

    /** Writes drained outcomes on this thread (under the finish lock or the lane's); a TI to run next here, or null. */
    private Next finishDrained(List<TryOutcome> drained) {
        List<ClaimedTi> claimed = new ArrayList<>();
        List<TryOutcome> left = new ArrayList<>(drained);
        try {
            for (List<TryOutcome> batch : unmappedFirst(drained)) {
                claimed.addAll(finish(batch));
                left.removeAll(batch);
                recorder.metrics().finishBatch(batch.size());
            }
        } catch (InterruptedException e) {
            // only while backing off from a database outage: leave the outcomes not written to the finisher thread
            finished.addAll(left);
        }
        if (claimed.isEmpty()) {
            return null;
        }
        long mark = runner.claimMark(); // the finishing transaction that claimed them has committed
        for (ClaimedTi ti : claimed.subList(1, claimed.size())) {
            submit(ti, mark);
        }
        return new Next(claimed.getFirst(), mark);
    }

    /**
     * Whether a try keeps its worker slot until its outcome is written, as a task process keeps its executor slot
     * until it has recorded its state. A chain link's success does ({@link TryFinisher#mayStartDownstream}): the
     * task its finish makes ready then starts on that slot in the finishing transaction, instead of being queued
     * behind every TI already queued for the node's slots while the claim thread takes the freed slot for one of
     * those. Other tries free their slot at once (a fan-out's instances, the leaves before a join: their finish
     * rarely makes anything ready; a start task before several tasks, which queued TIs of other runs usually
     * outrank), and the claim thread keeps the node's slots busy meanwhile. A slot the finish does not use goes back
     * to the claim thread.
     */
    private boolean keepsSlot(TryOutcome outcome) {
        return claiming && finisher.mayStartDownstream(outcome);
    }

    /**
     * A try that failed while this node was stopping past its grace period was interrupted by the stop, not by its
     * own fault: it is handed back (retried at once elsewhere, without using up a try).
     */
    private TryOutcome handBackIfStopped(TryOutcome outcome) {
        if (!handingBack || outcome.state() != io.pipeline.state.TaskState.FAILED) {
            return outcome;
        }
        return TryOutcome.notCounted(outcome.ti(), outcome.end(), "handed back: node " + config.nodeId()
                + " stopped before the try ended", outcome.log());
    }

    /**
     * Tries whose bodies ignored the interrupt: handed back now rather than left running under a node that is going
     * away (they would only be reaped as lost after the threshold, using up a try). Should such a body end later,
     * its outcome finds the TI's version moved on and writes nothing.
     */
    private void handBackStuck() {
        List<ClaimedTi> stuck = running.executing();
        for (RunningTries.Entry e : running.snapshot()) {
            if (stuck.contains(e.ti())) {
                LOG.warn("{} try {} did not end when interrupted; handing it back", e.ti().label(),
                        e.ti().tryNumber());
                finished.add(TryOutcome.notCounted(e.ti(), clock.instant(), "handed back: node " + config.nodeId()
                        + " stopped before the try ended (the try did not stop when interrupted)", e.log().drain()));
            }
        }
    }

    private int takeSlots(int max) {
        int got = slots.drainPermits();
        if (got > max) {
            slots.release(got - max);
            got = max;
        }
        return got;
    }

    private void finishLoop() {
        while (finishing || !finished.isEmpty()) {
            try {
                TryOutcome first = finished.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<TryOutcome> drained = new ArrayList<>();
                drained.add(first);
                finished.drainTo(drained, config.completionBatchSize() - 1);
                for (List<TryOutcome> batch : unmappedFirst(drained)) {
                    List<ClaimedTi> claimed;
                    finishLock.lock();
                    try {
                        claimed = finish(batch);
                    } finally {
                        finishLock.unlock();
                    }
                    recorder.metrics().finishBatch(batch.size());
                    submitAll(claimed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The outcomes drained for one finishing transaction, as one batch, or as two when they mix unmapped tries with
     * mapped instances: the unmapped ones (a chain's link, whose next task waits for this commit) in a small
     * transaction of their own first, the mapped instances of a fan-out (many, and nothing waits for any one of them)
     * in the group commit after it. Beside a wide fan-out a chain's hop then waits for one small transaction, not
     * for one that writes a dozen instances and hands their slots out.
     */
    static List<List<TryOutcome>> unmappedFirst(List<TryOutcome> drained) {
        List<TryOutcome> unmapped = new ArrayList<>();
        List<TryOutcome> mapped = new ArrayList<>();
        for (TryOutcome o : drained) {
            (o.ti().mapIndex() < 0 ? unmapped : mapped).add(o);
        }
        if (unmapped.isEmpty() || mapped.isEmpty()) {
            return List.of(drained);
        }
        return List.of(unmapped, mapped);
    }

    /**
     * Writes a batch, retrying through database outages; a batch that fails for another reason is split. Returns the
     * TIs it claimed for this node (their worker slots taken), for the caller to run. Called under the finish lock.
     */
    private List<ClaimedTi> finish(List<TryOutcome> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        int attempts = 0;
        int held = 0;
        for (TryOutcome o : batch) {
            if (holdingSlot.remove(o.ti())) {
                held++;
            }
        }
        if (held > 0 && !claiming) {
            slots.release(held);
            held = 0;
        }
        while (true) {
            // the slots the batch's tries kept first, then whatever else is free
            int local = held + (claiming ? takeSlots(Math.max(0, config.claimBatchSize() - held)) : 0);
            held = 0; // from here on part of local: given back with it on every path below
            try {
                TryFinisher.Finished f = finisher.finish(batch, local);
                health.ok();
                int unused = local - f.claimedHere().size();
                slots.release(unused);
                batch.forEach(o -> running.finished(o.ti()));
                // queued TIs for the claim thread, or slots it waits for given back
                if (f.queuedForOthers() > 0 || (unused > 0 && saturated)) {
                    claimWake.wake();
                }
                return f.claimedHere();
            } catch (RuntimeException e) {
                slots.release(local);
                if (local > 0 && saturated) {
                    claimWake.wake();
                }
                if (DbHealth.isConnectionProblem(e)) {
                    backoff = failed("writing finished tries", e, backoff);
                    continue;
                }
                if (batch.size() > 1) {
                    List<ClaimedTi> claimed = new ArrayList<>();
                    for (TryOutcome o : batch) {
                        claimed.addAll(finish(List.of(o)));
                    }
                    return claimed;
                }
                if (++attempts < 3) {
                    backoff = failed("writing a finished try", e, backoff);
                    continue;
                }
                TryOutcome o = batch.getFirst();
                LOG.error("could not record the outcome of {} try {}; it will be retried when its heartbeat lapses",
                        o.ti().label(), o.ti().tryNumber(), e);
                running.finished(o.ti());
                return List.of();
            }
        }
    }

    /** Logs a failure and backs off (during an outage only until the database is reachable again); the next pause. */
    private Duration failed(String what, RuntimeException e, Duration backoff) throws InterruptedException {
        if (DbHealth.isConnectionProblem(e)) {
            health.failed(what, e);
            health.awaitReachable(backoff);
        } else {
            LOG.error("error while {}", what, e);
            Thread.sleep(backoff.toMillis());
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    public int freeSlots() {
        return slots.availablePermits();
    }
}
