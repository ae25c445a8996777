package io.pipeline.task.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pipeline.connect.Connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import static io.pipeline.task.k8s.KubernetesJobException.Reason.MISSING_CREDENTIALS;

/**
 * Builds fabric8 clients. A connection's extras: {@code kube_config} and {@code context} (use a kube-config file),
 * or a host with the token as password ({@code kubernetes://:TOKEN@host:6443}, extra {@code token} also accepted),
 * {@code tls=false} for a plain-HTTP API server, {@code trust_certs}, {@code ca_file}; and for both
 * {@code namespace} (the default namespace), {@code request_timeout} (seconds) and {@code request_retries}.
 * Requests are retried twice at most by default (fabric8's default of ten makes an unreachable server take minutes
 * to report).
 */
public final class KubeClients {

    static final String IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    private static final int DEFAULT_RETRIES = 2;

    /** What auto-configuration looks at: kube-config files and the in-cluster service account. */
    record Environment(Collection<String> kubeConfigFiles, Path serviceAccountToken, String serviceHost) {
        static Environment system() {
            return new Environment(Config.getKubeconfigFilenames(), Path.of(IN_CLUSTER_TOKEN),
                    System.getenv("KUBERNETES_SERVICE_HOST"));
        }

        boolean hasCredentials() {
            boolean kubeConfig = kubeConfigFiles.stream().anyMatch(f -> Files.isRegularFile(Path.of(f)));
            boolean inCluster = serviceHost != null && Files.isRegularFile(serviceAccountToken);
            return kubeConfig || inCluster;
        }
    }

    private KubeClients() {
    }

    static KubernetesClient auto(Environment env) {
        if (!env.hasCredentials()) {
            throw KubernetesJobException.of(MISSING_CREDENTIALS, "no kube-config (looked at "
                    + String.join(", ", env.kubeConfigFiles()) + "; set KUBECONFIG) and not inside a cluster (no "
                    + "service account token at " + env.serviceAccountToken() + "); configure a connection "
                    + "PIPELINE_CONN_<ID>=kubernetes://:TOKEN@host:6443 instead");
        }
        return build(tune(Config.autoConfigure(null), DEFAULT_RETRIES, null));
    }

    static KubernetesClient kubeConfig(Path file, String context) {
        return build(tune(fromFile(file, context, "kube-config"), DEFAULT_RETRIES, null));
    }

    static KubernetesClient connection(Connection c) {
        return build(config(c));
    }

    static Config config(Connection c) {
        if (!c.scheme().equals("kubernetes") && !c.scheme().equals("k8s")) {
            throw new IllegalArgumentException("connection '" + c.id() + "' has scheme '" + c.scheme()
                    + "', expected kubernetes or k8s");
        }
        int retries = Integer.parseInt(c.extra("request_retries").orElse(Integer.toString(DEFAULT_RETRIES)));
        Integer timeoutMs = c.extra("request_timeout").map(s -> Integer.parseInt(s) * 1000).orElse(null);
        Config config;
        if (c.extra("kube_config").isPresent()) {
            config = fromFile(Path.of(c.extra("kube_config").get()), c.extra("context").orElse(null),
                    "connection '" + c.id() + "': kube_config");
        } else if (c.hasHost()) {
            String token = c.password() != null ? c.password() : c.extra("token").orElse(null);
            if (token == null || token.isEmpty()) {
                throw KubernetesJobException.of(MISSING_CREDENTIALS, "connection '" + c.id() + "' has no token: "
                        + "give it as the password (kubernetes://:TOKEN@" + c.host() + ") or extra token");
            }
            boolean tls = c.extraFlag("tls", true);
            String host = c.host().contains(":") ? "[" + c.host() + "]" : c.host();
            config = new ConfigBuilder(Config.empty())
                    .withMasterUrl((tls ? "https://" : "http://") + host + (c.port() >= 0 ? ":" + c.port() : ""))
                    .withOauthToken(token)
                    .withTrustCerts(c.extraFlag("trust_certs", false))
                    .withCaCertFile(c.extra("ca_file").orElse(null))
                    .build();
        } else {
            throw KubernetesJobException.of(MISSING_CREDENTIALS, "connection '" + c.id()
                    + "' names neither an API server host nor a kube_config file");
        }
        c.extra("namespace").ifPresent(config::setNamespace);
        return tune(config, retries, timeoutMs);
    }

    private static Config fromFile(Path file, String context, String what) {
        if (!Files.isRegularFile(file)) {
            throw KubernetesJobException.of(MISSING_CREDENTIALS, what + " file " + file + " does not exist");
        }
        try {
            return Config.fromKubeconfig(context, Files.readString(file), file.toString());
        } catch (IOException | RuntimeException e) {
            throw KubernetesJobException.of(MISSING_CREDENTIALS, what + " file " + file + " cannot be used"
                    + (context == null ? "" : " with context '" + context + "'") + ": " + e.getMessage(), e);
        }
    }

    private static Config tune(Config config, int retries, Integer requestTimeoutMs) {
        config.setRequestRetryBackoffLimit(retries);
        config.setRequestRetryBackoffInterval(500);
        config.setConnectionTimeout(10_000);
        if (requestTimeoutMs != null) {
            config.setRequestTimeout(requestTimeoutMs);
        }
        return config;
    }

    private static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
