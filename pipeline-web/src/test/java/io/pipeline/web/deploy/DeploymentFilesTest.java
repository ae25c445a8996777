package io.pipeline.web.deploy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of docker-compose.yml, the Dockerfile and deploy/kubernetes without Docker: every node shares
 * the S3 object store, every service has a health check and waits for healthy dependencies, no secret is written
 * down, and the platforms give a stopping node more time than its shutdown grace.
 */
class DeploymentFilesTest {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|_KEY|AUTH).*");
    private static final Pattern USER_INFO = Pattern.compile("://([^/@?\\s]*)@");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Z0-9_]+(?::?[-?][^}]*)?}");
    private static final Path ROOT = root();

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(ROOT.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static Map<String, Object> services() throws IOException {
        return map(yaml("docker-compose.yml").get("services"));
    }

    /** The services built from the Dockerfile. */
    private static Map<String, Map<String, Object>> nodes() throws IOException {
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        services().forEach((name, s) -> {
            if (map(s).containsKey("build")) {
                nodes.put(name, map(s));
            }
        });
        return nodes;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service.get("environment")).forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
        return env;
    }

    @Test
    void two_nodes_built_from_the_dockerfile_share_one_s3_object_store_and_keep_no_objects_on_a_volume()
            throws IOException {
        Map<String, Map<String, Object>> nodes = nodes();
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);

        Set<String> stores = new HashSet<>();
        for (var node : nodes.entrySet()) {
            Map<String, String> env = environment(node.getValue());
            String store = env.get("PIPELINE_CONN_OBJECT_STORE");
            assertThat(store).as(node.getKey()).startsWith("s3://").contains("endpoint=http://minio:9000");
            stores.add(store);
            for (Object volume : list(node.getValue().get("volumes"))) {
                String target = volume.toString().split(":")[1];
                assertThat(target).as(node.getKey() + " volume " + volume)
                        .isNotIn("/data", "/var/lib/pipeline", env.getOrDefault("PIPELINE_DATA_DIR", "/var/lib/pipeline"))
                        .doesNotContain("objects");
                assertThat(volume.toString()).as(node.getKey() + " volume " + volume).endsWith(":ro");
            }
            assertThat(env.get("PIPELINE_NODE_ID")).as("a node id of its own").isEqualTo(node.getKey());
        }
        assertThat(stores).as("one store for all nodes").hasSize(1);

        String bucket = stores.iterator().next().replaceFirst("^s3://([^@]*@)?", "").replaceFirst("[/?].*", "");
        Map<String, Object> buckets = map(services().get("minio-buckets"));
        assertThat(String.join(" ", list(buckets.get("command")).stream().map(Object::toString).toList()))
                .as("the bucket is created at start").contains("local/" + bucket).contains("local/vendor-drop");
        assertThat(map(services().get("minio")).get("image").toString()).startsWith("minio/minio");
    }

    @Test
    void every_service_has_a_health_check_and_waits_for_healthy_dependencies() throws IOException {
        Map<String, Object> services = services();
        services.forEach((name, s) -> {
            Map<String, Object> service = map(s);
            assertThat(list(map(service.get("healthcheck")).get("test"))).as(name + " healthcheck").isNotEmpty();
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                assertThat(dependsOn).as(name + ": depends_on with conditions, not a plain list")
                        .isInstanceOf(Map.class);
            }
            map(dependsOn).forEach((dependency, condition) -> {
                assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                assertThat(map(condition).get("condition")).as(name + " -> " + dependency)
                        .isEqualTo("service_healthy");
            });
        });
        assertThat(services()).containsKeys("postgres", "minio", "elasticmq", "redis", "spark-master", "spark-worker");
        assertThat(list(map(services().get("spark-master")).get("profiles"))).containsExactly("spark");
        assertThat(list(map(services().get("spark-worker")).get("profiles"))).containsExactly("spark");
        for (var node : nodes().values()) {
            assertThat(list(map(node.get("healthcheck")).get("test")).toString())
                    .contains("/actuator/health/readiness");
            assertThat(map(node.get("depends_on"))).containsKeys("postgres", "minio-buckets", "elasticmq", "redis");
        }
    }

    @Test
    void compose_writes_down_no_secret() throws IOException {
        List<String> problems = new ArrayList<>();
        services().forEach((name, s) -> {
            environment(map(s)).forEach((key, value) -> {
                if (SECRET_NAME.matcher(key).matches() && !value.isEmpty() && !isReference(value)) {
                    problems.add(name + ": " + key + " is a literal");
                }
                userInfoLiterals(value).forEach(u -> problems.add(name + ": " + key + " has credentials " + u));
            });
            list(map(s).get("command")).forEach(arg -> userInfoLiterals(arg.toString())
                    .forEach(u -> problems.add(name + ": command has credentials " + u)));
        });
        Map<String, Object> redis = map(services().get("redis"));
        List<Object> command = list(redis.get("command"));
        assertThat(command.get(command.indexOf("--requirepass") + 1).toString()).startsWith("${REDIS_PASSWORD");
        assertThat(problems).isEmpty();
    }

    @Test
    void every_variable_compose_requires_is_documented_in_env_example_without_a_secret_value() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Map<String, String> example = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(compose);
        while (required.find()) {
            assertThat(example).as(".env.example documents " + required.group(1)).containsKey(required.group(1));
        }
        example.forEach((key, value) -> {
            if (key.contains("PASSWORD") || key.contains("TOKEN")) {
                assertThat(value).as(".env.example " + key).isEmpty();
            }
        });
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
    }

    @Test
    void platforms_give_a_stopping_node_more_time_than_its_shutdown_grace() throws IOException {
        for (var node : nodes().entrySet()) {
            Duration grace = DurationStyle.detectAndParse(environment(node.getValue())
                    .get("PIPELINE_NODE_SHUTDOWN_GRACE"));
            Duration stop = DurationStyle.detectAndParse(node.getValue().get("stop_grace_period").toString());
            assertThat(stop).as(node.getKey() + " stop_grace_period").isGreaterThan(grace.plusSeconds(10));
        }

        Map<String, Object> pod = map(map(yaml("deploy/kubernetes/deployment.yaml").get("spec")).get("template"));
        Map<String, Object> podSpec = map(pod.get("spec"));
        Map<String, Object> container = map(list(podSpec.get("containers")).getFirst());
        List<Object> preStop = list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec"))
                .get("command"));
        assertThat(preStop.getFirst()).isEqualTo("sleep");
        Duration preStopPause = Duration.ofSeconds(Long.parseLong(preStop.get(1).toString()));
        Map<String, Object> config = map(yaml("deploy/kubernetes/configmap.yaml").get("data"));
        Duration grace = DurationStyle.detectAndParse(config.get("PIPELINE_NODE_SHUTDOWN_GRACE").toString());
        Duration termination = Duration.ofSeconds(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue());

        assertThat(termination).isGreaterThan(preStopPause.plus(grace).plusSeconds(10));
    }

    @Test
    void the_kubernetes_deployment_probes_the_health_groups_and_takes_secrets_only_from_the_secret() throws IOException {
        Map<String, Object> deployment = yaml("deploy/kubernetes/deployment.yaml");
        Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(list(podSpec.get("containers")).getFirst());
        assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
                .isEqualTo("/actuator/health/liveness");
        assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
                .isEqualTo("/actuator/health/readiness");
        assertThat(map(podSpec.get("securityContext")).get("runAsNonRoot")).isEqualTo(true);

        Map<String, Object> configMap = yaml("deploy/kubernetes/configmap.yaml");
        Map<String, Object> secret = yaml("deploy/kubernetes/secret.example.yaml");
        List<String> refs = list(container.get("envFrom")).stream().map(e -> map(e).toString()).toList();
        assertThat(refs).anySatisfy(r -> assertThat(r).contains("configMapRef")
                .contains(map(configMap.get("metadata")).get("name").toString()));
        assertThat(refs).anySatisfy(r -> assertThat(r).contains("secretRef")
                .contains(map(secret.get("metadata")).get("name").toString()));

        map(configMap.get("data")).forEach((key, value) -> {
            assertThat(key).as("ConfigMap key").doesNotMatch(SECRET_NAME);
            assertThat(userInfoLiterals(value.toString())).as("ConfigMap " + key).isEmpty();
        });
        Map<String, Object> secretData = map(secret.get("stringData"));
        assertThat(secretData).containsKeys("SPRING_DATASOURCE_PASSWORD", "PIPELINE_ADMIN_PASSWORD",
                "PIPELINE_CONN_OBJECT_STORE");
        secretData.forEach((key, value) -> assertThat(value.toString()).as("template value of " + key).isEmpty());

        Map<String, Object> service = yaml("deploy/kubernetes/service.yaml");
        assertThat(map(service.get("spec")).get("selector"))
                .isEqualTo(map(map(deployment.get("spec")).get("selector")).get("matchLabels"));
    }

    @Test
    void the_image_is_multi_stage_non_root_layered_and_checks_readiness() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).isGreaterThanOrEqualTo(2);
        assertThat(dockerfile).containsPattern("(?m)^FROM maven:[^ ]*temurin-21 AS build")
                .containsPattern("(?m)^FROM eclipse-temurin:21-jre\\s*$")
                .contains("-Djarmode=tools").contains("extract --layers")
                .containsPattern("(?m)^USER (?!root)\\w+")
                .contains("JAVA_TOOL_OPTIONS=").contains("MaxRAMPercentage")
                .containsPattern("(?s)HEALTHCHECK.*/actuator/health/readiness");
    }

    private static boolean isReference(String value) {
        return REFERENCE.matcher(value).replaceAll("").isEmpty();
    }

    /** Credentials written into a URI's user info rather than referenced from .env. */
    private static List<String> userInfoLiterals(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = USER_INFO.matcher(value);
        while (m.find()) {
            String userInfo = m.group(1);
            String secretPart = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
            if (!secretPart.isEmpty() && !isReference(secretPart)) {
                found.add(userInfo);
            }
        }
        return found;
    }
}
