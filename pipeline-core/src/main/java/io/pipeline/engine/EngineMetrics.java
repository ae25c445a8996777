package io.pipeline.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's meters: TI and run state changes (tagged dag, task, state), task durations, task lag (ready to
 * started), scheduler step times, finished-try batch sizes, and gauges of queued and running TIs. The meters of the
 * per-TI events are looked up once per tag combination and kept: building and registering a meter's id on every
 * state change cost more than the increment itself.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final Map<Tags3, Counter> stateChanges = new ConcurrentHashMap<>();
    private final Map<Tags3, Counter> runStateChanges = new ConcurrentHashMap<>();
    private final Map<Tags3, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> lags = new ConcurrentHashMap<>();
    private final Map<String, Timer> steps = new ConcurrentHashMap<>();
    private volatile Timer loop;
    private volatile DistributionSummary batch;

    /** Up to three tag values, as a map key. */
    private record Tags3(String a, String b, String c) {
    }

    private volatile boolean gaugesRegistered;

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /*
     * The gauges are registered by the instance that feeds them (the engine's gauge step), not at construction:
     * other components create EngineMetrics for their counters only, and a registry keeps the first gauge of a name.
     */
    private void registerGauges() {
        synchronized (this) {
            if (gaugesRegistered) {
                return;
            }
            Gauge.builder("pipeline.ti.queued", queued, AtomicLong::get).strongReference(true)
                    .description("Task instances waiting in state queued").register(registry);
            Gauge.builder("pipeline.ti.running", running, AtomicLong::get).strongReference(true)
                    .description("Task instances in state running").register(registry);
            gaugesRegistered = true;
        }
    }

    public void taskStateChanged(String dagId, String taskId, TaskState to) {
        stateChanges.computeIfAbsent(new Tags3(dagId, taskId, to.value()), k -> Counter
                .builder("pipeline.ti.state.changes").tags("dag", k.a(), "task", k.b(), "state", k.c())
                .register(registry)).increment();
    }

    public void runStateChanged(String dagId, DagRunState to) {
        runStateChanges.computeIfAbsent(new Tags3(dagId, to.value(), null), k -> Counter
                .builder("pipeline.dagrun.state.changes").tags("dag", k.a(), "state", k.b())
                .register(registry)).increment();
    }

    public void taskFinished(String dagId, String taskId, TaskState state, Duration duration) {
        durations.computeIfAbsent(new Tags3(dagId, taskId, state.value()), k -> Timer
                .builder("pipeline.task.duration").tags("dag", k.a(), "task", k.b(), "state", k.c())
                .register(registry)).record(duration);
    }

    /** Time from ready (scheduled) to started (claimed). */
    public void taskLag(String dagId, Duration lag) {
        lags.computeIfAbsent(dagId, d -> Timer.builder("pipeline.task.lag").tags("dag", d)
                .publishPercentileHistogram().register(registry)).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void schedulerStep(String step, Duration took) {
        steps.computeIfAbsent(step, s -> Timer.builder("pipeline.scheduler.step").tags("step", s).register(registry))
                .record(took);
    }

    public void schedulerLoop(Duration took) {
        Timer t = loop;
        if (t == null) {
            t = Timer.builder("pipeline.scheduler.loop").register(registry);
            loop = t;
        }
        t.record(took);
    }

    public void finishBatch(int size) {
        DistributionSummary s = batch;
        if (s == null) {
            s = registry.summary("pipeline.worker.finish.batch");
            batch = s;
        }
        s.record(size);
    }

    public void setActive(long queuedCount, long runningCount) {
        if (!gaugesRegistered) {
            registerGauges();
        }
        queued.set(queuedCount);
        running.set(runningCount);
    }
}
