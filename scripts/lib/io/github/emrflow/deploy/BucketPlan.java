package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.Rendered;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The bucket and the four settings deploy owns on it: encryption, public access block, policy and
 * tags. Each is written only when it differs, so a bucket someone tightened by hand in another way
 * is not rewritten on every deploy.
 */
final class BucketPlan {
    private final AwsSession aws;
    private final Config config;
    private final Rendered rendered;
    private final String bucket;
    private final S3Client s3;

    private BucketPlan(AwsSession aws, Config config, Rendered rendered) {
        this.aws = aws;
        this.config = config;
        this.rendered = rendered;
        this.bucket = config.bucket();
        this.s3 = aws.s3();
    }

    static PlannedChange plan(AwsSession aws, Config config, Rendered rendered) {
        return new BucketPlan(aws, config, rendered).plan();
    }

    private PlannedChange plan() {
        boolean exists = exists();
        JsonNode policy = rendered.json(Artifact.BUCKET_POLICY);
        Map<String, String> tags = config.tags();
        List<String> reasons = new ArrayList<>();
        boolean encrypted = false;
        boolean blocked = false;
        boolean policyOk = false;
        boolean tagsOk = false;
        if (exists) {
            Map<String, String> current = currentTags();
            String owner = current.get(ResourceNames.PROJECT_TAG);
            if (owner != null && !owner.equals(config.prefix())) {
                throw UserError.badInput("bucket '" + bucket + "' belongs to emrflow project '" + owner
                        + "', not '" + config.prefix() + "': choose another 'bucket' or 'name.prefix'");
            }
            encrypted = isEncrypted();
            blocked = isPublicAccessBlocked();
            policyOk = policy.equals(currentPolicy());
            tagsOk = Tags.covers(current, tags);
            if (!encrypted) reasons.add("encryption");
            if (!blocked) reasons.add("public access block");
            if (!policyOk) reasons.add("policy");
            if (!tagsOk) reasons.add("tags");
        }
        boolean create = !exists;
        boolean putEncryption = !encrypted;
        boolean putBlock = !blocked;
        boolean putPolicy = !policyOk;
        boolean putTags = !tagsOk;
        return new PlannedChange("bucket", bucket, PlannedChange.Action.of(exists, reasons), reasons, () -> {
            if (create) {
                create();
            }
            if (putBlock) {
                putPublicAccessBlock();
            }
            if (putEncryption) {
                putEncryption();
            }
            if (putPolicy) {
                AwsErrors.run("s3:PutBucketPolicy", bucket, () -> s3.putBucketPolicy(b -> b.bucket(bucket)
                        .policy(rendered.text(Artifact.BUCKET_POLICY))));
            }
            if (putTags) {
                AwsErrors.run("s3:PutBucketTagging", bucket, () -> s3.putBucketTagging(b -> b.bucket(bucket)
                        .tagging(t -> t.tagSet(Tags.s3(tags)))));
            }
        });
    }

    /** Bucket names are global, so a 403 here means another account already has this name. */
    private boolean exists() {
        try {
            s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(aws.accountId()));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 403) {
                throw UserError.badInput("bucket '" + bucket + "' already exists and belongs to another AWS account:"
                        + " choose another 'bucket' in emrflow.properties (bucket names are global)");
            }
            if (!AwsErrors.isNotFound(e)) {
                throw AwsErrors.translate("s3:ListBucket", bucket, e);
            }
            return false;
        } catch (SdkClientException e) {
            throw AwsErrors.translate("s3:ListBucket", bucket, e);
        }
    }

    private void create() {
        String region = aws.region().id();
        AwsErrors.run("s3:CreateBucket", bucket, () -> s3.createBucket(b -> {
            b.bucket(bucket);
            // us-east-1 is S3's default location and rejects being named as a constraint.
            if (!region.equals("us-east-1")) {
                b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
            }
        }));
    }

    private void putPublicAccessBlock() {
        AwsErrors.run("s3:PutBucketPublicAccessBlock", bucket, () -> s3.putPublicAccessBlock(b -> b.bucket(bucket)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true))));
    }

    private void putEncryption() {
        ServerSideEncryptionRule sseS3 = ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build();
        AwsErrors.run("s3:PutEncryptionConfiguration", bucket, () -> s3.putBucketEncryption(b -> b.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(List.of(sseS3)))));
    }

    /** A bucket that was never tagged answers NoSuchTagSet rather than an empty set. */
    private Map<String, String> currentTags() {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || String.valueOf(e.awsErrorDetails().errorCode()).contains("NoSuchTagSet")) {
                return Map.of();
            }
            throw AwsErrors.translate("s3:GetBucketTagging", bucket, e);
        }
    }

    private boolean isEncrypted() {
        try {
            return s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                    .anyMatch(r -> r.applyServerSideEncryptionByDefault() != null
                            && r.applyServerSideEncryptionByDefault().sseAlgorithm() == ServerSideEncryption.AES256);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw AwsErrors.translate("s3:GetEncryptionConfiguration", bucket, e);
        }
    }

    private boolean isPublicAccessBlocked() {
        try {
            var c = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw AwsErrors.translate("s3:GetBucketPublicAccessBlock", bucket, e);
        }
    }

    private JsonNode currentPolicy() {
        try {
            return JsonDocuments.parse("bucket policy of " + bucket, s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw AwsErrors.translate("s3:GetBucketPolicy", bucket, e);
        }
    }
}
