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
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The bucket and the four settings deploy owns on it: encryption, public access block, policy and
 * tags. Each is written only when it differs, so a bucket someone tightened by hand in another way
 * is not rewritten on every deploy. Policy and tags are merged into what the bucket has, and any
 * default encryption is kept: a bucket is shared with whatever else its owner put there.
 *
 * <p>An existing bucket without this project's tag is refused unless {@code adopt} is set: deploy
 * would otherwise change a bucket it did not create, and destroy --delete-data would then empty it.
 * Every S3 call names the account as the expected bucket owner, so a bucket that changed hands
 * between calls (deleted and re-created elsewhere under the same global name) is never written to.
 */
final class BucketPlan {
    private final AwsSession aws;
    private final Config config;
    private final Rendered rendered;
    private final String bucket;
    private final S3Client s3;
    private final String owner;
    private final boolean adopt;

    private BucketPlan(AwsSession aws, Config config, Rendered rendered, boolean adopt) {
        this.aws = aws;
        this.config = config;
        this.rendered = rendered;
        this.bucket = config.bucket();
        this.s3 = aws.s3();
        this.owner = aws.accountId();
        this.adopt = adopt;
    }

    /** {@code adopt}: take over an existing bucket that is not tagged as this project's (deploy --adopt-bucket). */
    static PlannedChange plan(AwsSession aws, Config config, Rendered rendered, boolean adopt) {
        return new BucketPlan(aws, config, rendered, adopt).plan();
    }

    private PlannedChange plan() {
        boolean exists = exists();
        JsonNode policy = rendered.json(Artifact.BUCKET_POLICY);
        Map<String, String> wanted = new LinkedHashMap<>(config.tags());
        Map<String, String> current = Map.of();
        JsonNode existingPolicy = null;
        List<String> reasons = new ArrayList<>();
        boolean encrypted = false;
        boolean blocked = false;
        boolean policyOk = false;
        boolean tagsOk = false;
        if (exists) {
            current = currentTags();
            String project = current.get(ResourceNames.PROJECT_TAG);
            // Another project's, or this project's in another environment: never shared.
            if (project != null && !config.owns(current)) {
                String environment = current.get(io.github.emrflow.config.Environment.TAG);
                String ours = config.environment().map(e -> " in environment '" + e.name() + "'").orElse("");
                throw UserError.badInput("bucket '" + bucket + "' belongs to emrflow project '" + project + "'"
                        + (environment == null ? "" : " in environment '" + environment + "'")
                        + ", not '" + config.prefix() + "'" + ours + ": choose another 'bucket' or 'name.prefix'");
            }
            if (project == null) {
                // Refused while planning, so --dry-run says it too and nothing has been written yet.
                if (!adopt) {
                    throw UserError.badInput("bucket '" + bucket + "' exists but is not tagged " + config.ownershipTags()
                            + ": it is not this project's; choose another 'bucket', or pass --adopt-bucket"
                            + " to add this project's policy statement and tags beside what it has");
                }
                // Marks the bucket as one emrflow did not create, so destroy leaves it (and its data) in place.
                wanted.put(Tags.ADOPTED, "true");
            }
            encrypted = isEncrypted();
            blocked = isPublicAccessBlocked();
            existingPolicy = currentPolicy();
            policyOk = BucketPolicyMerge.containsStatements(existingPolicy, policy);
            tagsOk = Tags.covers(current, wanted);
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
        // The whole policy and tag set are replaced by one call each, so what is written is the merge.
        String policyText = existingPolicy == null ? rendered.text(Artifact.BUCKET_POLICY)
                : JsonDocuments.pretty(BucketPolicyMerge.merge(existingPolicy, policy));
        Map<String, String> tags = Tags.merge(current, wanted);
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
                        .expectedBucketOwner(owner).policy(policyText)));
            }
            if (putTags) {
                AwsErrors.run("s3:PutBucketTagging", bucket, () -> s3.putBucketTagging(b -> b.bucket(bucket)
                        .expectedBucketOwner(owner).tagging(t -> t.tagSet(Tags.s3(tags)))));
            }
        });
    }

    /** Bucket names are global, so a 403 here means another account already has this name. */
    private boolean exists() {
        try {
            s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(owner));
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
        AwsErrors.run("s3:PutBucketPublicAccessBlock", bucket, () -> s3.putPublicAccessBlock(b -> b.bucket(bucket).expectedBucketOwner(owner)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true))));
    }

    private void putEncryption() {
        ServerSideEncryptionRule sseS3 = ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build();
        AwsErrors.run("s3:PutEncryptionConfiguration", bucket, () -> s3.putBucketEncryption(b -> b.bucket(bucket).expectedBucketOwner(owner)
                .serverSideEncryptionConfiguration(c -> c.rules(List.of(sseS3)))));
    }

    /** A bucket that was never tagged answers NoSuchTagSet rather than an empty set. */
    private Map<String, String> currentTags() {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            s3.getBucketTagging(b -> b.bucket(bucket).expectedBucketOwner(owner)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || String.valueOf(e.awsErrorDetails().errorCode()).contains("NoSuchTagSet")) {
                return Map.of();
            }
            throw AwsErrors.translate("s3:GetBucketTagging", bucket, e);
        }
    }

    /** SSE-KMS protects at rest as well as SSE-S3 does: an owner's choice of KMS key is kept, not swapped. */
    private static final Set<String> ENCRYPTIONS = Set.of(ServerSideEncryption.AES256.toString(),
            ServerSideEncryption.AWS_KMS.toString(), ServerSideEncryption.AWS_KMS_DSSE.toString());

    private boolean isEncrypted() {
        return readSetting("s3:GetEncryptionConfiguration", false, () -> s3.getBucketEncryption(b -> b.bucket(bucket)
                .expectedBucketOwner(owner)).serverSideEncryptionConfiguration().rules().stream()
                .anyMatch(r -> r.applyServerSideEncryptionByDefault() != null
                        && ENCRYPTIONS.contains(r.applyServerSideEncryptionByDefault().sseAlgorithmAsString())));
    }

    private boolean isPublicAccessBlocked() {
        return readSetting("s3:GetBucketPublicAccessBlock", false, () -> {
            var c = s3.getPublicAccessBlock(b -> b.bucket(bucket).expectedBucketOwner(owner)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        });
    }

    private JsonNode currentPolicy() {
        return readSetting("s3:GetBucketPolicy", null, () -> JsonDocuments.parse("bucket policy of " + bucket,
                s3.getBucketPolicy(b -> b.bucket(bucket).expectedBucketOwner(owner)).policy()));
    }

    /** A bucket setting as S3 returns it, or {@code absent} when S3 answers 404: the setting was never made. */
    private <T> T readSetting(String action, T absent, Supplier<T> read) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return absent;
            }
            throw AwsErrors.translate(action, bucket, e);
        }
    }
}
