package io.pipeline.objects;

import io.pipeline.connect.AwsClients;
import io.pipeline.connect.Connection;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Objects in an S3 bucket (or an S3-compatible store), optionally under a key prefix. An S3 PUT is atomic: readers
 * see the old object or the new one. Built from a connection {@code s3://bucket[/prefix]?region=..&endpoint=..}.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final boolean ownsClient;

    public S3ObjectStore(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, false);
    }

    private S3ObjectStore(S3Client s3, String bucket, String prefix, boolean ownsClient) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 object store needs a bucket");
        }
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix;
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.ownsClient = ownsClient;
    }

    /** A store for the connection's bucket (host) and prefix (path); closing it closes its client. */
    public static S3ObjectStore of(Connection c) {
        if (!c.hasHost()) {
            throw new IllegalArgumentException("connection '" + c.id() + "' names no bucket (s3://BUCKET/prefix)");
        }
        return new S3ObjectStore(AwsClients.s3(c), c.host(), c.path(), true);
    }

    @Override
    public void put(String key, byte[] bytes) {
        String k = fullKey(key);
        call(key, () -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(bytes)));
    }

    @Override
    public void put(String key, InputStream in, long length) {
        if (length < 0) {
            put(key, ObjectStore.readAll(in, key));
            return;
        }
        String k = fullKey(key);
        call(key, () -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromInputStream(in, length)));
    }

    @Override
    public byte[] get(String key) {
        String k = fullKey(key);
        return call(key, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asByteArray());
    }

    @Override
    public InputStream open(String key) {
        String k = fullKey(key);
        return call(key, () -> s3.getObject(b -> b.bucket(bucket).key(k)));
    }

    @Override
    public boolean exists(String key) {
        String k = fullKey(key);
        try {
            s3.headObject(b -> b.bucket(bucket).key(k));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                // a HEAD 404 has no body: tell a missing key from a missing bucket
                requireBucket(key);
                return false;
            }
            throw translate(key, e);
        } catch (SdkException e) {
            throw translate(key, e);
        }
    }

    @Override
    public List<String> list(String listPrefix) {
        String p = prefix + ObjectKeys.validatePrefix(listPrefix);
        return call(listPrefix + "*", () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p)).contents().stream()
                .map(S3Object::key)
                .map(k -> k.substring(prefix.length()))
                .sorted()
                .toList());
    }

    @Override
    public boolean delete(String key) {
        if (!exists(key)) {
            return false;
        }
        String k = fullKey(key);
        call(key, () -> s3.deleteObject(b -> b.bucket(bucket).key(k)));
        return true;
    }

    @Override
    public String location(String key) {
        return "s3://" + bucket + "/" + prefix + key;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private void requireBucket(String key) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectStoreException("bucket '" + bucket + "' does not exist (" + location(key) + ")", e);
            }
            throw translate(key, e);
        }
    }

    private String fullKey(String key) {
        return prefix + ObjectKeys.validate(key);
    }

    private <T> T call(String key, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            throw translate(key, e);
        }
    }

    private RuntimeException translate(String key, SdkException e) {
        String where = location(key);
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException(where);
        }
        if (e instanceof NoSuchBucketException || (e instanceof S3Exception s && isMissingBucket(s))) {
            return new ObjectStoreException("bucket '" + bucket + "' does not exist (" + where + ")", e);
        }
        if (e instanceof S3Exception s && s.statusCode() == 403) {
            return new ObjectStoreException("access denied to " + where + " (check the connection's credentials"
                    + " and the bucket policy): " + s.awsErrorDetails().errorMessage(), e);
        }
        if (e instanceof S3Exception s && s.statusCode() == 404) {
            return new ObjectNotFoundException(where);
        }
        return new ObjectStoreException("S3 request for " + where + " failed: " + e.getMessage(), e);
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    @Override
    public String toString() {
        return "S3ObjectStore[s3://" + bucket + "/" + prefix + "]";
    }
}
