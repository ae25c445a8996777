package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import io.pipeline.store.NodeRepository;
import io.pipeline.store.OutcomeRepository;
import io.pipeline.store.OutcomeRepository.LogAppend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every heartbeat interval: the node row, the running TIs of this node (one statement), and the logs of running
 * tries flushed so far, so that a long try's log can be read while it runs.
 */
public final class Heartbeater implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeater.class);

    private final NodeRepository nodes;
    private final OutcomeRepository outcomes;
    private final RunningTries running;
    private final EngineConfig config;
    private final DbHealth health;
    private final Clock clock;

    public Heartbeater(NodeRepository nodes, OutcomeRepository outcomes, RunningTries running, EngineConfig config,
                       DbHealth health, Clock clock) {
        this.nodes = nodes;
        this.outcomes = outcomes;
        this.running = running;
        this.config = config;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            beat();
            health.ok();
        } catch (RuntimeException e) {
            if (DbHealth.isConnectionProblem(e)) {
                health.failed("heartbeat", e);
            } else {
                LOG.error("heartbeat failed", e);
            }
        }
    }

    public void beat() {
        Instant now = clock.instant();
        nodes.heartbeat(config.nodeId(), now);
        List<RunningTries.Entry> entries = running.snapshot();
        if (entries.isEmpty()) {
            return;
        }
        long[] ids = entries.stream().mapToLong(e -> e.ti().id()).toArray();
        nodes.heartbeatTis(ids, config.nodeId(), now);
        stopTakenAway();
        List<LogAppend> logs = new ArrayList<>();
        for (RunningTries.Entry e : entries) {
            String text = e.log().drainRunning();
            if (!text.isEmpty()) {
                logs.add(new LogAppend(e.ti().id(), e.ti().tryNumber(), text));
            }
        }
        outcomes.appendLogs(logs, now);
    }

    /**
     * Interrupts the bodies of tries that are no longer this node's: cleared, marked or deleted by an operator, or
     * reaped. Their outcome would be dropped anyway (the TI's version moved on); this frees the worker slot.
     */
    private void stopTakenAway() {
        List<ClaimedTi> executing = running.executing();
        if (executing.isEmpty()) {
            return;
        }
        Set<ClaimedTi> gone = nodes.takenAway(executing, config.nodeId());
        if (!gone.isEmpty()) {
            LOG.info("stopping {} tries taken away from this node: {}", running.interrupt(gone),
                    gone.stream().map(ClaimedTi::label).toList());
        }
    }
}
