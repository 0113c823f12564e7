package io.github.emrflow.deploy;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.config.Config;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * One uploaded object (the job script or the input). Its content hash travels in the object's
 * metadata, so a HEAD request tells whether it changed without downloading it. Both calls name the
 * account as the bucket's expected owner: the upload never lands in a bucket someone else owns.
 */
final class ObjectPlan {
    static final String CONTENT_HASH = "emrflow-sha256";

    private ObjectPlan() {
    }

    /** {@code bucketIsNew}: a bucket still to be created holds no objects yet, so there is nothing to read. */
    static PlannedChange plan(AwsSession aws, Config config, String key, byte[] content, boolean bucketIsNew) {
        String bucket = config.bucket();
        String location = "s3://" + bucket + "/" + key;
        String hash = sha256(content);
        String current = bucketIsNew ? null : currentHash(aws, bucket, key, location);
        PlannedChange.Action action = current == null ? PlannedChange.Action.CREATE
                : current.equals(hash) ? PlannedChange.Action.UNCHANGED : PlannedChange.Action.UPDATE;
        Tagging tagging = Tagging.builder().tagSet(Tags.s3(config.tags())).build();
        return new PlannedChange("object", location, action, List.of("content"), () ->
                AwsErrors.run("s3:PutObject", location, () -> aws.s3().putObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(aws.accountId())
                        .metadata(Map.of(CONTENT_HASH, hash)).tagging(tagging).serverSideEncryption(ServerSideEncryption.AES256),
                        RequestBody.fromBytes(content))));
    }

    /** Null when there is no such object; "" when it was uploaded without a hash (always replaced). */
    private static String currentHash(AwsSession aws, String bucket, String key, String location) {
        try {
            return aws.s3().headObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(aws.accountId())).metadata().getOrDefault(CONTENT_HASH, "");
        } catch (AwsServiceException e) {
            if (!AwsErrors.isNotFound(e)) {
                throw AwsErrors.translate("s3:GetObject", location, e);
            }
            return null;
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
