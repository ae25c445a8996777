package io.pipeline.task.spark;

import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Submits an application to a Spark master ({@code spark://host:7077}, {@code k8s://https://host:port},
 * {@code local[n]}) through {@code spark-submit} run as a child process, follows the driver to completion and streams
 * its output into the try's log. A non-zero exit fails the try with the driver's error; an interrupted try
 * (execution timeout, clear) stops the child's whole process tree. The master is probed first, so that one that does
 * not answer fails at once with {@link SparkMasterUnreachableException} and nothing is started.
 * <p>
 * Placeholders of {@link io.pipeline.task.io.KeyTemplate} ({@code {session}}, {@code {param.NAME}}, ...) are filled
 * in the application's arguments and conf values. Outputs the master, the exit code and the application id.
 */
public final class SparkSubmit implements Task {

    private final SparkSubmitSpec spec;

    SparkSubmit(SparkSubmitSpec spec) {
        this.spec = spec;
    }

    /** An application: its jar (or .py file), submitted to {@code master} by {@code runtime}. */
    public static SparkSubmitSpec.Builder builder(SparkRuntime runtime, String master, String appResource) {
        return new SparkSubmitSpec.Builder(runtime, master, appResource);
    }

    public SparkSubmitSpec spec() {
        return spec;
    }

    @Override
    public Object execute(TaskContext ctx) throws Exception {
        List<String> command = spec.command(ctx);
        ctx.log().info("probing Spark master {}", spec.master());
        MasterProbe.check(spec.master(), spec.masterConnectTimeout());
        DriverOutput output = new DriverOutput(ctx.log());
        DriverProcess driver;
        try {
            driver = DriverProcess.start(command, spec.env(), output);
        } catch (IOException e) {
            throw new SparkSubmitException("cannot start spark-submit (" + command.getFirst() + "): " + e.getMessage(), -1);
        }
        ctx.log().info("spark-submit started (pid {}): {}", driver.pid(), String.join(" ", spec.shown(command)));
        int code;
        try {
            code = driver.waitFor(spec.killGrace());
        } catch (InterruptedException e) {
            ctx.log().warn("interrupted: spark-submit (pid {}) and its child processes stopped", driver.pid());
            throw e;
        }
        String name = spec.name(ctx);
        if (code != 0) {
            throw new SparkSubmitException("Spark application " + name + " failed on " + spec.master()
                    + " (spark-submit exit code " + code + "): " + output.error(), code);
        }
        ctx.log().info("Spark application {} completed on {}", name, spec.master());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("master", spec.master());
        result.put("exit_code", code);
        result.put("application_id", output.applicationId());
        return result;
    }

    /** The grace a stopped driver gets (to stop its SparkContext) before it is killed. */
    static Duration defaultKillGrace() {
        return Duration.ofSeconds(10);
    }

    @Override
    public String toString() {
        return "SparkSubmit[" + spec.name() + " on " + spec.master() + "]";
    }

    static String require(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value;
    }
}
