package io.pipeline.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's meters: TI and run state changes (tagged dag, task, state), task durations, task lag (ready to
 * started), scheduler step times, finished-try batch sizes, and gauges of queued and running TIs.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();

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
        Counter.builder("pipeline.ti.state.changes").tags("dag", dagId, "task", taskId, "state", to.value())
                .register(registry).increment();
    }

    public void runStateChanged(String dagId, DagRunState to) {
        Counter.builder("pipeline.dagrun.state.changes").tags("dag", dagId, "state", to.value())
                .register(registry).increment();
    }

    public void taskFinished(String dagId, String taskId, TaskState state, Duration duration) {
        Timer.builder("pipeline.task.duration").tags("dag", dagId, "task", taskId, "state", state.value())
                .register(registry).record(duration);
    }

    /** Time from ready (scheduled) to started (claimed). */
    public void taskLag(String dagId, Duration lag) {
        Timer.builder("pipeline.task.lag").tags("dag", dagId).publishPercentileHistogram()
                .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void schedulerStep(String step, Duration took) {
        Timer.builder("pipeline.scheduler.step").tags("step", step).register(registry).record(took);
    }

    public void schedulerLoop(Duration took) {
        Timer.builder("pipeline.scheduler.loop").register(registry).record(took);
    }

    public void finishBatch(int size) {
        registry.summary("pipeline.worker.finish.batch").record(size);
    }

    public void setActive(long queuedCount, long runningCount) {
        if (!gaugesRegistered) {
            registerGauges();
        }
        queued.set(queuedCount);
        running.set(runningCount);
    }
}
