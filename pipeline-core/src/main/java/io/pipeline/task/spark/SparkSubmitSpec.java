package io.pipeline.task.spark;

import io.pipeline.connect.SecretNames;
import io.pipeline.task.TaskContext;
import io.pipeline.task.io.KeyTemplate;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What a {@link SparkSubmit} submits and how; validated when built, so that a DAG with bad settings fails to load. */
public record SparkSubmitSpec(SparkRuntime runtime, String master, String deployMode, String appResource,
                              String mainClass, String name, Map<String, String> conf, List<String> jars,
                              List<String> pyFiles, String driverMemory, String executorMemory, Integer executorCores,
                              Map<String, String> executorEnv, List<String> args, Map<String, String> env,
                              Duration masterConnectTimeout, Duration killGrace) {

    private static final Pattern MEMORY = Pattern.compile("\\d+[kmgt]?", Pattern.CASE_INSENSITIVE);

    public SparkSubmitSpec {
        Objects.requireNonNull(runtime, "runtime");
        SparkSubmit.require(master, "Spark master URL");
        MasterProbe.endpoints(master);
        SparkSubmit.require(appResource, "Spark application resource");
        if (deployMode != null && !deployMode.equals("client") && !deployMode.equals("cluster")) {
            throw new IllegalArgumentException("Spark deploy mode '" + deployMode + "' is not client or cluster");
        }
        memory(driverMemory, "driver memory");
        memory(executorMemory, "executor memory");
        if (executorCores != null && executorCores < 1) {
            throw new IllegalArgumentException("executor cores must be at least 1, not " + executorCores);
        }
        conf = Map.copyOf(conf);
        jars = List.copyOf(jars);
        pyFiles = List.copyOf(pyFiles);
        executorEnv = Map.copyOf(executorEnv);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        if (masterConnectTimeout.isNegative() || masterConnectTimeout.isZero()) {
            throw new IllegalArgumentException("master connect timeout must be positive");
        }
    }

    /** The full spark-submit command for a run, placeholders filled. */
    List<String> command(TaskContext ctx) {
        List<String> cmd = new ArrayList<>(runtime.command(driverMemory));
        cmd.addAll(List.of("--master", master));
        if (deployMode != null) {
            cmd.addAll(List.of("--deploy-mode", deployMode));
        }
        cmd.addAll(List.of("--name", render(name, ctx)));
        if (mainClass != null) {
            cmd.addAll(List.of("--class", mainClass));
        }
        if (!jars.isEmpty()) {
            cmd.addAll(List.of("--jars", String.join(",", jars)));
        }
        if (!pyFiles.isEmpty()) {
            cmd.addAll(List.of("--py-files", String.join(",", pyFiles)));
        }
        if (executorMemory != null) {
            cmd.addAll(List.of("--executor-memory", executorMemory));
        }
        if (executorCores != null) {
            cmd.addAll(List.of("--executor-cores", executorCores.toString()));
        }
        Map<String, String> all = new LinkedHashMap<>();
        if ("cluster".equals(deployMode) && master.startsWith("spark://")) {
            // a standalone cluster-mode submission returns once the driver is launched unless told to wait
            all.put("spark.standalone.submit.waitAppCompletion", "true");
        }
        new TreeMap<>(conf).forEach((k, v) -> all.put(k, render(v, ctx)));
        new TreeMap<>(executorEnv).forEach((k, v) -> all.put("spark.executorEnv." + k, render(v, ctx)));
        all.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.add(render(appResource, ctx));
        args.forEach(a -> cmd.add(render(a, ctx)));
        return cmd;
    }

    /** The application's name for this run, placeholders filled. */
    String name(TaskContext ctx) {
        return render(name, ctx);
    }

    /** The command as it may be logged: values of secret-looking conf keys and of executor env masked. */
    List<String> shown(List<String> command) {
        List<String> out = new ArrayList<>(command.size());
        for (String part : command) {
            if (!out.isEmpty() && out.getLast().equals("-cp") && part.length() > 200) {
                String[] entries = part.split(File.pathSeparator);
                out.add(entries[0] + File.pathSeparator + "... (" + entries.length + " entries)");
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq);
            boolean secret = eq > 0 && (key.startsWith("spark.executorEnv.") || SecretNames.isSecret(key));
            out.add(secret ? key + "=***" : part);
        }
        return out;
    }

    private static String render(String text, TaskContext ctx) {
        return text == null || text.isBlank() || text.indexOf('{') < 0 ? text : KeyTemplate.of(text).render(ctx);
    }

    private static void memory(String value, String what) {
        if (value != null && !MEMORY.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a size such as 512m or 2g");
        }
    }

    /** Builds a {@link SparkSubmit}; only the runtime, master and application resource are required. */
    public static final class Builder {
        private final SparkRuntime runtime;
        private final String master;
        private final String appResource;
        private String deployMode;
        private String mainClass;
        private String name;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private final List<String> jars = new ArrayList<>();
        private final List<String> pyFiles = new ArrayList<>();
        private String driverMemory;
        private String executorMemory;
        private Integer executorCores;
        private final Map<String, String> executorEnv = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration masterConnectTimeout = Duration.ofSeconds(10);
        private Duration killGrace = SparkSubmit.defaultKillGrace();

        Builder(SparkRuntime runtime, String master, String appResource) {
            this.runtime = runtime;
            this.master = master;
            this.appResource = appResource;
        }

        public Builder deployMode(String value) { this.deployMode = value; return this; }
        public Builder mainClass(String value) { this.mainClass = value; return this; }
        public Builder name(String value) { this.name = value; return this; }
        public Builder conf(String key, String value) { conf.put(SparkSubmit.require(key, "conf key"), Objects.requireNonNull(value, key)); return this; }
        public Builder conf(Map<String, String> values) { values.forEach(this::conf); return this; }
        public Builder jars(String... paths) { jars.addAll(List.of(paths)); return this; }
        public Builder pyFiles(String... paths) { pyFiles.addAll(List.of(paths)); return this; }
        public Builder driverMemory(String value) { this.driverMemory = value; return this; }
        public Builder executorMemory(String value) { this.executorMemory = value; return this; }
        public Builder executorCores(int value) { this.executorCores = value; return this; }
        public Builder executorEnv(String variable, String value) { executorEnv.put(variable, value); return this; }
        public Builder args(String... values) { args.addAll(List.of(values)); return this; }
        public Builder args(List<String> values) { args.addAll(values); return this; }
        /** An environment variable of the spark-submit process (the driver, in client mode), e.g. a credential. */
        public Builder env(String variable, String value) { env.put(variable, value); return this; }
        public Builder masterConnectTimeout(Duration value) { this.masterConnectTimeout = value; return this; }
        public Builder killGrace(Duration value) { this.killGrace = value; return this; }

        public SparkSubmit build() {
            String shownName = name != null ? name
                    : mainClass != null ? mainClass
                    : appResource == null ? null : appResource.substring(appResource.lastIndexOf('/') + 1);
            return new SparkSubmit(new SparkSubmitSpec(runtime, master, deployMode, appResource, mainClass, shownName,
                    conf, jars, pyFiles, driverMemory == null ? null : driverMemory.toLowerCase(Locale.ROOT),
                    executorMemory, executorCores, executorEnv, args, env, masterConnectTimeout, killGrace));
        }
    }
}
