package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a {@link KubernetesJob} runs: one container in one pod of a Job with no retries of its own (retries are the
 * orchestrator's). Built with {@link #image(String)} and validated by {@link Builder#build()}, so that a bad spec
 * fails when the DAG is loaded or the try starts, naming the field, before anything is created in the cluster.
 *
 * @param namespace      null for the client's default namespace
 * @param env            literal environment values, in order
 * @param secretEnv      environment values read from secrets ({@code secretKeyRef})
 * @param startupTimeout how long the pod may take to start its container (scheduling, image pull) before the try
 *                       fails
 * @param pollInterval   how often the Job and its pod are read while the try waits
 */
public record JobSpec(String namespace, String image, List<String> command, List<String> args,
                      Map<String, String> env, Map<String, SecretRef> secretEnv, Map<String, String> requests,
                      Map<String, String> limits, String serviceAccount, Map<String, String> nodeSelector,
                      Map<String, String> labels, Duration startupTimeout, Duration pollInterval) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** An environment value taken from key {@code key} of secret {@code secret} in the Job's namespace. */
    public record SecretRef(String secret, String key) {
        public SecretRef {
            require(secret != null && DNS_SUBDOMAIN.matcher(secret).matches(), "secret name '" + secret
                    + "' is not a valid Kubernetes name");
            require(key != null && !key.isBlank(), "secret '" + secret + "': key is empty");
        }
    }

    public JobSpec {
        require(image != null && !image.isBlank() && !image.contains(" "), "image is empty or contains a space");
        require(namespace == null || DNS_LABEL.matcher(namespace).matches(),
                "namespace '" + namespace + "' is not a valid Kubernetes name (lower case, digits and '-')");
        require(serviceAccount == null || DNS_SUBDOMAIN.matcher(serviceAccount).matches(),
                "service account '" + serviceAccount + "' is not a valid Kubernetes name");
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = ordered(env);
        secretEnv = ordered(secretEnv);
        env.keySet().forEach(JobSpec::checkEnvName);
        secretEnv.keySet().forEach(JobSpec::checkEnvName);
        for (String k : env.keySet()) {
            require(!secretEnv.containsKey(k), "env " + k + " is set both literally and from a secret");
        }
        requests = quantities("requests", requests);
        limits = quantities("limits", limits);
        nodeSelector = ordered(nodeSelector);
        labels = ordered(labels);
        nodeSelector.forEach((k, v) -> LabelText.checkLabel("node selector", k, v));
        labels.forEach((k, v) -> {
            LabelText.checkLabel("label", k, v);
            require(!k.startsWith(TryLabels.PREFIX), "label " + k + ": the prefix " + TryLabels.PREFIX
                    + " is reserved for the try's identity");
        });
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        require(startupTimeout.isPositive(), "startup timeout must be positive");
        require(pollInterval.isPositive(), "poll interval must be positive");
    }

    public static Builder image(String image) {
        return new Builder().image(image);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace;
        b.image = image;
        b.command = new ArrayList<>(command);
        b.args = new ArrayList<>(args);
        b.env.putAll(env);
        b.secretEnv.putAll(secretEnv);
        b.requests.putAll(requests);
        b.limits.putAll(limits);
        b.serviceAccount = serviceAccount;
        b.nodeSelector.putAll(nodeSelector);
        b.labels.putAll(labels);
        b.startupTimeout = startupTimeout;
        b.pollInterval = pollInterval;
        return b;
    }

    private static void checkEnvName(String name) {
        require(ENV_NAME.matcher(name).matches(), "env name '" + name + "' is not valid");
    }

    private static Map<String, String> quantities(String what, Map<String, String> in) {
        Map<String, String> out = ordered(in);
        out.forEach((resource, amount) -> {
            try {
                Quantity.getAmountInBytes(new Quantity(amount));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + " " + resource + ": '" + amount
                        + "' is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi)");
            }
        });
        return out;
    }

    private static <V> Map<String, V> ordered(Map<String, V> in) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(in == null ? Map.of() : in));
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("kubernetes job: " + message);
        }
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private String namespace;
        private String image;
        private List<String> command = new ArrayList<>();
        private List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, SecretRef> secretEnv = new LinkedHashMap<>();
        private final Map<String, String> requests = new LinkedHashMap<>();
        private final Map<String, String> limits = new LinkedHashMap<>();
        private String serviceAccount;
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofMinutes(10);
        private Duration pollInterval = Duration.ofSeconds(5);

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder command(String... command) {
            this.command = new ArrayList<>(List.of(command));
            return this;
        }

        public Builder args(String... args) {
            return args(List.of(args));
        }

        public Builder args(List<String> args) {
            this.args = new ArrayList<>(args);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, Objects.requireNonNull(value, "env " + name));
            return this;
        }

        public Builder envFromSecret(String name, String secret, String key) {
            secretEnv.put(name, new SecretRef(secret, key));
            return this;
        }

        /** Resource requests, e.g. {@code requests("500m", "1Gi")}; null leaves one out. */
        public Builder requests(String cpu, String memory) {
            putResources(requests, cpu, memory);
            return this;
        }

        public Builder limits(String cpu, String memory) {
            putResources(limits, cpu, memory);
            return this;
        }

        public Builder serviceAccount(String name) {
            this.serviceAccount = name;
            return this;
        }

        public Builder nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(namespace, image, command, args, env, secretEnv, requests, limits, serviceAccount,
                    nodeSelector, labels, startupTimeout, pollInterval);
        }

        private static void putResources(Map<String, String> into, String cpu, String memory) {
            if (cpu != null) {
                into.put("cpu", cpu);
            }
            if (memory != null) {
                into.put("memory", memory);
            }
        }
    }
}
