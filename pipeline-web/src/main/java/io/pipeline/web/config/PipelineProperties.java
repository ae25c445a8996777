package io.pipeline.web.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code pipeline.*} configuration (DESIGN.md, "Contract: configuration"). Each property is also settable as an
 * environment variable in Spring's relaxed form, e.g. {@code PIPELINE_DATA_DIR}, {@code PIPELINE_ADMIN_PASSWORD},
 * {@code PIPELINE_NODE_ROLES=scheduler,worker}.
 *
 * @param dataDir          embedded PostgreSQL files, logs, generated secrets
 * @param admin            the bootstrap admin user
 * @param ui               links to the UI (used in alerts)
 * @param node             this node's identity and roles
 * @param embeddedPostgres the embedded database used when no {@code spring.datasource.url} is set
 */
@ConfigurationProperties("pipeline")
public record PipelineProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Admin admin,
        @DefaultValue Ui ui,
        @DefaultValue Node node,
        @DefaultValue EmbeddedPostgres embeddedPostgres) {

    public PipelineProperties {
        Objects.requireNonNull(dataDir, "pipeline.data-dir");
    }

    /**
     * @param username bootstrap admin's user name ({@code PIPELINE_ADMIN_USERNAME})
     * @param password its password ({@code PIPELINE_ADMIN_PASSWORD}); when unset a random one is generated at first
     *                 start. There is no default password.
     */
    public record Admin(@DefaultValue("admin") String username, String password) {
        public Admin {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("pipeline.admin.username (PIPELINE_ADMIN_USERNAME) must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=" + (password == null ? "unset" : "******") + "]";
        }
    }

    /** @param baseUrl the UI's external address, used in links from alerts */
    public record Ui(@DefaultValue("http://localhost:8080") String baseUrl) {
    }

    /**
     * @param roles             what this node runs; default all four
     * @param id                unique node id; default host name plus a random suffix
     * @param queues            the worker queues this node serves ({@code PIPELINE_NODE_QUEUES=default,big});
     *                          default {@code default}
     * @param workerConcurrency task instances this node runs at once; default 16
     * @param shutdownGrace     how long a stopping node lets its running tries finish before it hands the rest back;
     *                          default 30 s
     * @param heartbeatInterval how often the node and its running tries heartbeat; default 5 s
     * @param lostThreshold     a node (and its running tries) silent for longer is lost: its tries are failed with
     *                          reason {@code node lost} and retried elsewhere; default 60 s
     */
    public record Node(@DefaultValue({"scheduler", "worker", "web"}) Set<NodeRole> roles, String id,
                       @DefaultValue("default") List<String> queues,
                       @DefaultValue("16") int workerConcurrency,
                       @DefaultValue("30s") Duration shutdownGrace,
                       @DefaultValue("5s") Duration heartbeatInterval,
                       @DefaultValue("60s") Duration lostThreshold) {
        @ConstructorBinding
        public Node {
            roles = roles == null || roles.isEmpty() ? EnumSet.noneOf(NodeRole.class) : EnumSet.copyOf(roles);
            if (id == null || id.isBlank()) {
                id = defaultNodeId();
            }
            queues = queues == null ? List.of() : queues.stream().map(String::strip).filter(q -> !q.isEmpty())
                    .distinct().toList();
            if (queues.isEmpty()) {
                throw new IllegalArgumentException("pipeline.node.queues (PIPELINE_NODE_QUEUES) names no queue");
            }
            if (workerConcurrency < 1) {
                throw new IllegalArgumentException("pipeline.node.worker-concurrency must be >= 1, got "
                        + workerConcurrency);
            }
            positive("pipeline.node.shutdown-grace", shutdownGrace, true);
            positive("pipeline.node.heartbeat-interval", heartbeatInterval, false);
            positive("pipeline.node.lost-threshold", lostThreshold, false);
            if (lostThreshold.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("pipeline.node.lost-threshold (" + lostThreshold + ") must be at"
                        + " least twice pipeline.node.heartbeat-interval (" + heartbeatInterval + ")");
            }
        }

        /** Roles and id; everything else at its default. */
        public Node(Set<NodeRole> roles, String id) {
            this(roles, id, List.of("default"), 16, Duration.ofSeconds(30), Duration.ofSeconds(5),
                    Duration.ofSeconds(60));
        }

        private static void positive(String name, Duration value, boolean zeroAllowed) {
            if (value == null || value.isNegative() || !zeroAllowed && value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration such as 30s, got " + value);
            }
        }

        public boolean has(NodeRole role) {
            return roles.contains(role);
        }

        private static String defaultNodeId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
            byte[] suffix = new byte[3];
            new SecureRandom().nextBytes(suffix);
            return host + "-" + HexFormat.of().formatHex(suffix);
        }
    }

    /**
     * @param port the embedded server's port; 0 (default) reuses the port remembered in the data dir, or picks a free
     *             one at first start
     */
    public record EmbeddedPostgres(@DefaultValue("0") int port) {
        public EmbeddedPostgres {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("pipeline.embedded-postgres.port must be 0..65535, got " + port);
            }
        }
    }
}
