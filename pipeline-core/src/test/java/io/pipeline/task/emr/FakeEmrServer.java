package io.pipeline.task.emr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EMR endpoint in the test JVM speaking the service's JSON protocol ({@code X-Amz-Target:
 * ElasticMapReduce.<Operation>}, {@code application/x-amz-json-1.1}) for RunJobFlow, DescribeCluster, ListSteps and
 * TerminateJobFlows. Clusters stay where the test puts them ({@link #start}, {@link #completeStep},
 * {@link #failStep}); RunJobFlow refuses unknown instance types and release labels with a ValidationException, as
 * EMR does.
 */
public final class FakeEmrServer implements AutoCloseable {
    static final Set<String> INSTANCE_TYPES = Set.of("m5.xlarge", "m5.2xlarge", "r5.xlarge");
    static final Set<String> RELEASES = Set.of("emr-7.5.0", "emr-6.15.0");

    public static final class FakeStep {
        public final String id;
        public final String name;
        public final List<String> args;
        public volatile String state = "PENDING";
        public volatile Map<String, Object> failure;

        FakeStep(String id, String name, List<String> args) {
            this.id = id;
            this.name = name;
            this.args = args;
        }
    }

    public static final class FakeCluster {
        public final String id;
        public final Map<String, Object> request;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final List<FakeStep> steps = new CopyOnWriteArrayList<>();
        public volatile String state = "STARTING";
        public volatile String reasonCode;
        public volatile String reasonMessage;

        FakeCluster(String id, Map<String, Object> request) {
            this.id = id;
            this.request = request;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Map<String, String>> runJobFlowTags = new CopyOnWriteArrayList<>();

    public FakeEmrServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    /** How many RunJobFlow calls (accepted or refused) carried this run tag. */
    public long runJobFlowCalls(String runId) {
        return runJobFlowTags.stream().filter(t -> runId.equals(t.get("pipeline:run"))).count();
    }

    public List<FakeCluster> clusters() {
        return clusters.values().stream().sorted(java.util.Comparator.comparing(c -> c.id)).toList();
    }

    public FakeCluster cluster(String id) {
        return clusters.get(id);
    }

    public FakeCluster only() {
        if (clusters.size() != 1) {
            throw new AssertionError("expected one cluster, have " + clusters.keySet());
        }
        return clusters.values().iterator().next();
    }

    /** Bootstrapped: the cluster runs its first step. */
    public void start(String id) {
        FakeCluster c = clusters.get(id);
        c.state = "RUNNING";
        c.steps.getFirst().state = "RUNNING";
    }

    public void completeStep(String id, int index) {
        FakeCluster c = clusters.get(id);
        c.steps.get(index).state = "COMPLETED";
        if (index + 1 < c.steps.size()) {
            c.steps.get(index + 1).state = "RUNNING";
        } else {
            end(c, "TERMINATED", "ALL_STEPS_COMPLETED", "Steps completed");
        }
    }

    /** The step fails; with ActionOnFailure TERMINATE_CLUSTER the rest is cancelled and the cluster ends with errors. */
    public void failStep(String id, int index, String reason, String message) {
        FakeCluster c = clusters.get(id);
        FakeStep s = c.steps.get(index);
        s.state = "FAILED";
        s.failure = Map.of("Reason", reason, "Message", message, "LogFile", "s3://logs/" + id + "/steps/" + s.id);
        c.steps.subList(index + 1, c.steps.size()).forEach(later -> later.state = "CANCELLED");
        end(c, "TERMINATED_WITH_ERRORS", "STEP_FAILURE", "Shut down as step failed");
    }

    /** Ended from outside (e.g. by an operator in the console). */
    public void terminateExternally(String id) {
        end(clusters.get(id), "TERMINATED", "USER_REQUEST", "Terminated by user request");
    }

    private static void end(FakeCluster c, String state, String code, String message) {
        c.state = state;
        c.reasonCode = code;
        c.reasonMessage = message;
        c.steps.stream().filter(s -> s.state.equals("PENDING") || s.state.equals("RUNNING"))
                .forEach(s -> s.state = "CANCELLED");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(ex.getRequestBody().readAllBytes(), Map.class);
            Object response = switch (op) {
                case "RunJobFlow" -> runJobFlow(body);
                case "DescribeCluster" -> describe((String) body.get("ClusterId"));
                case "ListSteps" -> listSteps((String) body.get("ClusterId"));
                case "TerminateJobFlows" -> terminate(body);
                default -> new Refusal("UnknownOperationException", "operation " + op + " is not served here");
            };
            if (response instanceof Refusal r) {
                send(ex, 400, Map.of("__type", r.type(), "message", r.message()));
            } else {
                send(ex, 200, response);
            }
        }
    }

    private record Refusal(String type, String message) {
    }

    @SuppressWarnings("unchecked")
    private Object runJobFlow(Map<String, Object> req) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) req.getOrDefault("Tags", List.of())) {
            tags.put((String) t.get("Key"), (String) t.get("Value"));
        }
        runJobFlowTags.add(tags);
        Map<String, Object> instances = (Map<String, Object>) req.get("Instances");
        for (String key : List.of("MasterInstanceType", "SlaveInstanceType")) {
            Object type = instances.get(key);
            if (type != null && !INSTANCE_TYPES.contains(type)) {
                return new Refusal("ValidationException", "Instance type '" + type + "' is not supported.");
            }
        }
        if (!RELEASES.contains(req.get("ReleaseLabel"))) {
            return new Refusal("ValidationException", "The requested release label '" + req.get("ReleaseLabel")
                    + "' is not valid.");
        }
        String id = "j-FAKE" + ids.incrementAndGet();
        FakeCluster c = new FakeCluster(id, req);
        c.tags.putAll(tags);
        int n = 0;
        for (Map<String, Object> s : (List<Map<String, Object>>) req.getOrDefault("Steps", List.of())) {
            Map<String, Object> jar = (Map<String, Object>) s.get("HadoopJarStep");
            c.steps.add(new FakeStep("s-" + id.substring(2) + "-" + (++n), (String) s.get("Name"),
                    (List<String>) jar.getOrDefault("Args", List.of())));
        }
        clusters.put(id, c);
        return Map.of("JobFlowId", id, "ClusterArn", "arn:aws:elasticmapreduce:eu-west-1:000000000000:cluster/" + id);
    }

    private Object describe(String id) {
        FakeCluster c = clusters.get(id);
        if (c == null) {
            return new Refusal("InvalidRequestException", "Cluster id '" + id + "' is not valid.");
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("State", c.state);
        if (c.reasonCode != null) {
            status.put("StateChangeReason", Map.of("Code", c.reasonCode, "Message", c.reasonMessage));
        }
        List<Map<String, String>> tags = new ArrayList<>();
        c.tags.forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
        return Map.of("Cluster", Map.of("Id", c.id, "Name", c.request.get("Name"), "Status", status, "Tags", tags,
                "ReleaseLabel", c.request.get("ReleaseLabel")));
    }

    private Object listSteps(String id) {
        FakeCluster c = clusters.get(id);
        if (c == null) {
            return new Refusal("InvalidRequestException", "Cluster id '" + id + "' is not valid.");
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (FakeStep s : c.steps.reversed()) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("State", s.state);
            if (s.failure != null) {
                status.put("FailureDetails", s.failure);
            }
            steps.add(Map.of("Id", s.id, "Name", s.name, "Status", status, "ActionOnFailure", "TERMINATE_CLUSTER"));
        }
        return Map.of("Steps", steps);
    }

    @SuppressWarnings("unchecked")
    private Object terminate(Map<String, Object> req) {
        for (String id : (List<String>) req.get("JobFlowIds")) {
            FakeCluster c = clusters.get(id);
            if (c == null) {
                return new Refusal("ValidationException", "Specified job flow ID not valid");
            }
            if (!c.state.startsWith("TERMINATED")) {
                end(c, "TERMINATED", "USER_REQUEST", "Terminated by user request");
            }
        }
        return Map.of();
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
