package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import io.pipeline.store.NodeRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails running TIs whose heartbeat is older than the threshold (their node died or lost them) with reason
 * {@code node lost}; they go to up_for_retry while tries are left. Written through the finisher, so downstream
 * evaluation and run roll-up happen as for any failed try, and the version check keeps a try that did finish
 * meanwhile from being reaped. Skipped until the database has been reachable for two heartbeat intervals, so that
 * TIs whose nodes could not heartbeat during an outage are not reaped before those nodes catch up.
 */
public final class ReapZombiesStep implements SchedulerStep {
    public static final String NODE_LOST = "node lost";
    static final int MAX_PER_PASS = 500;

    private final NodeRepository nodes;
    private final TryFinisher finisher;
    private final EngineConfig config;
    private final DbHealth health;

    public ReapZombiesStep(NodeRepository nodes, TryFinisher finisher, EngineConfig config, DbHealth health) {
        this.nodes = nodes;
        this.finisher = finisher;
        this.config = config;
        this.health = health;
    }

    @Override
    public String name() {
        return "reap_zombies";
    }

    @Override
    public void run(Instant now) {
        if (health.healthyFor().compareTo(config.heartbeatInterval().multipliedBy(2)) < 0) {
            return;
        }
        reap(now);
    }

    /** Reaps without the outage guard; returns how many TIs were failed. */
    public int reap(Instant now) {
        Instant cutoff = now.minus(config.zombieThreshold());
        List<ClaimedTi> stale = nodes.staleRunning(cutoff, MAX_PER_PASS);
        if (stale.isEmpty()) {
            return 0;
        }
        List<TryOutcome> outcomes = new ArrayList<>();
        for (ClaimedTi ti : stale) {
            Duration silent = Duration.between(ti.startDate() == null ? cutoff : ti.startDate(), now);
            String log = now + " ERROR " + NODE_LOST + ": node " + ti.nodeId()
                    + " stopped heartbeating; no heartbeat for more than " + config.zombieThreshold()
                    + " (try running for " + silent + ")\n";
            outcomes.add(TryOutcome.failure(ti, now, NODE_LOST, true, log));
        }
        return finisher.finish(outcomes, 0).written().size();
    }
}
