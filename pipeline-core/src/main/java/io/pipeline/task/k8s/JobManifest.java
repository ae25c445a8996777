package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job object for a spec and a try: one container named {@value #CONTAINER}, restart policy Never and a backoff
 * limit of 0, because a failed try is retried by the orchestrator (with its delays and try count), not by the Job
 * controller. The try's labels go on the Job and its pod template.
 */
final class JobManifest {

    static final String CONTAINER = "main";

    private JobManifest() {
    }

    static Job build(JobSpec spec, String name, String namespace, Map<String, String> tryLabels,
                     Map<String, String> annotations) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putAll(tryLabels);
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(spec.serviceAccount())
                            .withNodeSelector(spec.nodeSelector().isEmpty() ? null : spec.nodeSelector())
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(spec.image())
                                .withCommand(spec.command().isEmpty() ? null : spec.command())
                                .withArgs(spec.args().isEmpty() ? null : spec.args())
                                .withEnv(env(spec))
                                .withNewResources()
                                    .withRequests(quantities(spec.requests()))
                                    .withLimits(quantities(spec.limits()))
                                .endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static List<EnvVar> env(JobSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        spec.secretEnv().forEach((k, ref) -> env.add(new EnvVarBuilder().withName(k)
                .withNewValueFrom().withNewSecretKeyRef().withName(ref.secret()).withKey(ref.key()).endSecretKeyRef()
                .endValueFrom().build()));
        return env.isEmpty() ? null : env;
    }

    private static Map<String, Quantity> quantities(Map<String, String> amounts) {
        if (amounts.isEmpty()) {
            return null;
        }
        Map<String, Quantity> q = new LinkedHashMap<>();
        amounts.forEach((k, v) -> q.put(k, new Quantity(v)));
        return q;
    }
}
