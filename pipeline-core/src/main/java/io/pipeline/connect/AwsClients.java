package io.pipeline.connect;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Builds AWS SDK v2 clients from connections. Extras understood (Airflow's names accepted as aliases):
 * {@code region} / {@code region_name}; {@code endpoint} / {@code endpoint_url} for S3- or SQS-compatible servers;
 * {@code path_style} (default true when an endpoint is set); {@code aws_access_key_id} /
 * {@code aws_secret_access_key} / {@code aws_session_token} (or login and password). Without credentials in the
 * connection the SDK's default chain is used (environment, profile, instance role).
 */
public final class AwsClients {

    static final String DEFAULT_REGION = "us-east-1";

    private AwsClients() {
    }

    public static S3Client s3(Connection c) {
        requireScheme(c, "s3", "aws");
        var builder = S3Client.builder()
                .region(region(c))
                .credentialsProvider(credentials(c));
        Optional<URI> endpoint = endpoint(c);
        endpoint.ifPresent(builder::endpointOverride);
        builder.forcePathStyle(c.extraFlag("path_style", endpoint.isPresent()));
        if (endpoint.isPresent()) {
            // S3-compatible stores do not all implement the newer flexible checksums; send them only when required
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    public static SqsClient sqs(Connection c) {
        requireScheme(c, "sqs", "aws");
        var builder = SqsClient.builder().region(region(c)).credentialsProvider(credentials(c));
        endpoint(c).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** EMR (scheme {@code emr} or {@code aws}); {@code endpoint} points it at an EMR-compatible server. */
    public static EmrClient emr(Connection c) {
        requireScheme(c, "emr", "aws");
        var builder = EmrClient.builder().region(region(c)).credentialsProvider(credentials(c));
        endpoint(c).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static Region region(Connection c) {
        return Region.of(c.extra("region", "region_name").orElse(DEFAULT_REGION));
    }

    static Optional<URI> endpoint(Connection c) {
        Optional<String> text = c.extra("endpoint", "endpoint_url");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("connection '" + c.id() + "': endpoint '" + text.get()
                        + "' must be an absolute URL such as http://127.0.0.1:9000");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("connection '" + c.id() + "': endpoint is not a URL: " + e.getMessage());
        }
    }

    static AwsCredentialsProvider credentials(Connection c) {
        String key = c.extra("aws_access_key_id").orElse(c.login());
        String secret = c.extra("aws_secret_access_key").orElse(c.password());
        if (key == null && secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (key == null || secret == null) {
            throw new IllegalArgumentException("connection '" + c.id()
                    + "': give both the access key id and the secret access key, or neither to use the default chain");
        }
        Optional<String> token = c.extra("aws_session_token");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(key, secret, token.get())
                : AwsBasicCredentials.create(key, secret));
    }

    static void requireScheme(Connection c, String... schemes) {
        for (String s : schemes) {
            if (s.equals(c.scheme())) {
                return;
            }
        }
        throw new IllegalArgumentException("connection '" + c.id() + "' has scheme '" + c.scheme() + "', expected "
                + String.join(" or ", schemes));
    }
}
