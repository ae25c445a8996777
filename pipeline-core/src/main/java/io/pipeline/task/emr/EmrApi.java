package io.pipeline.task.emr;

import io.pipeline.connect.AwsClients;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.InvalidRequestException;
import software.amazon.awssdk.services.emr.model.ListStepsRequest;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The four EMR calls the task makes (RunJobFlow, DescribeCluster, ListSteps, TerminateJobFlows) on a client built
 * from a connection, with the errors that no retry can fix turned into {@link EmrRefusedException}.
 */
final class EmrApi implements AutoCloseable {
    private final EmrClient client;
    private final String connectionId;
    private final String region;

    private EmrApi(EmrClient client, String connectionId, String region) {
        this.client = client;
        this.connectionId = connectionId;
        this.region = region;
    }

    static EmrApi open(ConnectionRegistry connections, String connectionId) {
        try {
            Connection c = connections.get(connectionId);
            EmrClient client = AwsClients.emr(c);
            return new EmrApi(client, connectionId, client.serviceClientConfiguration().region().id());
        } catch (NoSuchElementException | IllegalArgumentException e) {
            throw new EmrRefusedException("EMR connection '" + connectionId + "' is unusable: " + e.getMessage(), e);
        }
    }

    /** @return the new cluster's id */
    String runJobFlow(RunJobFlowRequest request) {
        try {
            return call(() -> client.runJobFlow(request).jobFlowId());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e instanceof InvalidRequestException || "ValidationException".equals(code)) {
                throw new EmrRefusedException("EMR refused cluster '" + request.name() + "' (release "
                        + request.releaseLabel() + ", instances " + request.instances().masterInstanceType()
                        + (request.instances().slaveInstanceType() == null ? ""
                        : "/" + request.instances().slaveInstanceType()) + "): " + code + ": "
                        + e.awsErrorDetails().errorMessage(), e);
            }
            throw e;
        }
    }

    Cluster describe(String clusterId) {
        return call(() -> client.describeCluster(r -> r.clusterId(clusterId)).cluster());
    }

    /** The cluster, or empty when EMR does not know the id (any more). */
    Optional<Cluster> find(String clusterId) {
        try {
            return Optional.of(describe(clusterId));
        } catch (InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** All steps of the cluster, in the order they were submitted. */
    List<StepSummary> steps(String clusterId) {
        List<StepSummary> all = new ArrayList<>();
        call(() -> {
            client.listStepsPaginator(ListStepsRequest.builder().clusterId(clusterId).build()).steps()
                    .forEach(all::add);
            return null;
        });
        return all.reversed(); // EMR lists the newest first
    }

    void terminate(String clusterId) {
        call(() -> client.terminateJobFlows(r -> r.jobFlowIds(clusterId)));
    }

    String consoleLink(String clusterId) {
        return "https://" + region + ".console.aws.amazon.com/emr/home?region=" + region + "#/clusterDetails/"
                + clusterId;
    }

    private <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
                throw new EmrRefusedException("no AWS credentials for EMR connection '" + connectionId
                        + "': set aws_access_key_id and aws_secret_access_key (or login and password) on it, or"
                        + " provide them through the SDK's default chain", e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
