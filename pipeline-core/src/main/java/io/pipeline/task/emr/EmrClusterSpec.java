package io.pipeline.task.emr;

import io.pipeline.task.TaskContext;
import io.pipeline.task.io.KeyTemplate;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.ScriptBootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of the cluster an {@link EmrJobFlow} creates for each try: release label, instances, bootstrap
 * actions, configurations, steps, log URI, roles and tags. The cluster always terminates itself once its steps are
 * done ({@code KeepJobFlowAliveWhenNoSteps=false}) and a failing step terminates it. Step arguments and the cluster
 * name may use {@link KeyTemplate} placeholders ({@code {ds}}, {@code {session}}, {@code {param.NAME}}...).
 */
public record EmrClusterSpec(String name, String releaseLabel, String masterInstanceType, String coreInstanceType,
                             int instanceCount, List<Bootstrap> bootstrapActions, List<Config> configurations,
                             List<Step> steps, String logUri, String serviceRole, String jobFlowRole,
                             List<String> applications, Map<String, String> tags) {

    public record Bootstrap(String name, String path, List<String> args) {
    }

    public record Config(String classification, Map<String, String> properties) {
    }

    /** A step: {@code jar} with {@code args} (for spark-submit: {@code command-runner.jar spark-submit ...}). */
    public record Step(String name, String jar, List<String> args) {
    }

    public EmrClusterSpec {
        require(name, "name");
        require(releaseLabel, "release label");
        require(masterInstanceType, "master instance type");
        if (instanceCount < 1) {
            throw new IllegalArgumentException("EMR cluster '" + name + "': instance count must be at least 1, got "
                    + instanceCount);
        }
        if (instanceCount > 1) {
            require(coreInstanceType, "core instance type");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("EMR cluster '" + name + "' has no steps: it would end at once");
        }
        bootstrapActions = List.copyOf(bootstrapActions);
        configurations = List.copyOf(configurations);
        steps = List.copyOf(steps);
        applications = List.copyOf(applications);
        tags = Map.copyOf(tags);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The RunJobFlow request for one try: templates rendered, the try's identity tags added. */
    RunJobFlowRequest toRequest(TaskContext ctx, Map<String, String> identityTags) {
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.putAll(identityTags);
        return RunJobFlowRequest.builder()
                .name(KeyTemplate.of(name).render(ctx))
                .releaseLabel(releaseLabel)
                .logUri(logUri)
                .serviceRole(serviceRole)
                .jobFlowRole(jobFlowRole)
                .visibleToAllUsers(true)
                .applications(applications.stream().map(a -> Application.builder().name(a).build()).toList())
                .instances(JobFlowInstancesConfig.builder()
                        .masterInstanceType(masterInstanceType)
                        .slaveInstanceType(instanceCount > 1 ? coreInstanceType : null)
                        .instanceCount(instanceCount)
                        .keepJobFlowAliveWhenNoSteps(false)
                        .build())
                .bootstrapActions(bootstrapActions.stream().map(b -> BootstrapActionConfig.builder().name(b.name())
                        .scriptBootstrapAction(ScriptBootstrapActionConfig.builder().path(b.path()).args(b.args())
                                .build()).build()).toList())
                .configurations(configurations.stream().map(c -> Configuration.builder()
                        .classification(c.classification()).properties(c.properties()).build()).toList())
                .steps(steps.stream().map(s -> StepConfig.builder().name(s.name())
                        .actionOnFailure(ActionOnFailure.TERMINATE_CLUSTER)
                        .hadoopJarStep(HadoopJarStepConfig.builder().jar(s.jar())
                                .args(s.args().stream().map(a -> KeyTemplate.of(a).render(ctx)).toList()).build())
                        .build()).toList())
                .tags(allTags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList())
                .build();
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("EMR cluster definition: " + what + " is missing");
        }
    }

    /** Builds a spec; defaults: one m5.xlarge node, Spark installed, the EMR default roles. */
    public static final class Builder {
        private final String name;
        private String releaseLabel;
        private String masterType = "m5.xlarge";
        private String coreType;
        private int count = 1;
        private final List<Bootstrap> bootstraps = new ArrayList<>();
        private final List<Config> configs = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private String logUri;
        private String serviceRole = "EMR_DefaultRole";
        private String jobFlowRole = "EMR_EC2_DefaultRole";
        private final List<String> applications = new ArrayList<>(List.of("Spark"));
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder releaseLabel(String value) {
            releaseLabel = value;
            return this;
        }

        /** A master node and {@code count - 1} core nodes. */
        public Builder instances(String masterInstanceType, String coreInstanceType, int count) {
            this.masterType = masterInstanceType;
            this.coreType = coreInstanceType;
            this.count = count;
            return this;
        }

        public Builder bootstrapAction(String actionName, String scriptPath, String... args) {
            bootstraps.add(new Bootstrap(actionName, scriptPath, List.of(args)));
            return this;
        }

        public Builder configuration(String classification, Map<String, String> properties) {
            configs.add(new Config(classification, Map.copyOf(properties)));
            return this;
        }

        /** A {@code spark-submit} (cluster deploy mode) of a script or jar in S3 with its arguments. */
        public Builder sparkStep(String stepName, String application, String... args) {
            List<String> all = new ArrayList<>(List.of("spark-submit", "--deploy-mode", "cluster", application));
            all.addAll(List.of(args));
            return step(stepName, "command-runner.jar", all);
        }

        public Builder step(String stepName, String jar, List<String> args) {
            steps.add(new Step(Objects.requireNonNull(stepName, "step name"), jar, List.copyOf(args)));
            return this;
        }

        public Builder logUri(String value) {
            logUri = value;
            return this;
        }

        public Builder roles(String service, String ec2InstanceProfile) {
            serviceRole = service;
            jobFlowRole = ec2InstanceProfile;
            return this;
        }

        public Builder applications(String... names) {
            applications.clear();
            applications.addAll(List.of(names));
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public EmrClusterSpec build() {
            return new EmrClusterSpec(name, releaseLabel, masterType, coreType, count, bootstraps, configs, steps,
                    logUri, serviceRole, jobFlowRole, applications, tags);
        }
    }
}
