package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.render.JsonDocuments;

import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.Backoff;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.local.InputCheck;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * What deploy.java creates, in dependency order: bucket, uploads, the two roles, the state machine.
 * {@link #plan} only reads; {@link #apply} performs exactly the planned changes, so a dry run prints
 * the plan a real deploy then carries out, and a re-deploy with nothing changed writes nothing.
 */
public final class Deployment {
    public static final String CONTENT_HASH = "emrflow-sha256";
    private static final Duration ROLE_PROPAGATION = Duration.ofSeconds(90);

    private final AwsSession aws;
    private final Config config;
    private final Rendered rendered;
    private final TemplateModel model;
    private final ResourceNames names;
    private final List<PlannedChange> changes = new ArrayList<>();

    private Deployment(AwsSession aws, Config config, Rendered rendered, TemplateModel model) {
        this.aws = aws;
        this.config = config;
        this.rendered = rendered;
        this.model = model;
        this.names = new ResourceNames(config.prefix());
    }

    /** Renders and validates the templates for the target account, then reads what exists. */
    public static Deployment plan(AwsSession aws, Config config, TemplateRenderer renderer, Path input) {
        TemplateModel model = TemplateModel.of(config, aws.accountId(), aws.partition());
        Rendered rendered = renderer.renderAll(model);
        InputCheck.check(input, config.job());
        Deployment d = new Deployment(aws, config, rendered, model);
        d.planBucket();
        d.planObject(ResourceNames.jobScriptKey(config.job()), rendered.text(Artifact.JOB_SCRIPT).getBytes(StandardCharsets.UTF_8));
        d.planObject(ResourceNames.inputKey(config.job()), read(input));
        d.planRole(names(config).jobRole(), Artifact.JOB_ROLE_TRUST, Artifact.JOB_ROLE_POLICY, names(config).jobRolePolicy(),
                "emrflow " + config.prefix() + ": EMR Serverless job runtime role");
        d.planRole(names(config).stateMachineRole(), Artifact.STATE_MACHINE_ROLE_TRUST, Artifact.STATE_MACHINE_ROLE_POLICY,
                names(config).stateMachineRolePolicy(), "emrflow " + config.prefix() + ": Step Functions workflow role");
        d.planStateMachine();
        return d;
    }

    private static ResourceNames names(Config config) {
        return new ResourceNames(config.prefix());
    }

    public List<PlannedChange> changes() {
        return List.copyOf(changes);
    }

    public Rendered rendered() {
        return rendered;
    }

    public TemplateModel model() {
        return model;
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != PlannedChange.Action.UNCHANGED);
    }

    /** Carries out the plan, one resource at a time, reporting each line as it is done. */
    public void apply(java.util.function.Consumer<String> report) {
        for (PlannedChange change : changes) {
            if (change.action() != PlannedChange.Action.UNCHANGED) {
                change.apply().run();
            }
            report.accept(change.line(false));
        }
    }

    // ---- bucket -------------------------------------------------------------------------------

    private void planBucket() {
        String bucket = config.bucket();
        var s3 = aws.s3();
        boolean exists;
        try {
            s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(aws.accountId()));
            exists = true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 403) {
                throw UserError.badInput("bucket '" + bucket + "' already exists and belongs to another AWS account:"
                        + " choose another 'bucket' in emrflow.properties (bucket names are global)");
            }
            if (!AwsErrors.isNotFound(e)) {
                throw AwsErrors.translate("s3:ListBucket", bucket, e);
            }
            exists = false;
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw AwsErrors.translate("s3:ListBucket", bucket, e);
        }
        JsonNode policy = rendered.json(Artifact.BUCKET_POLICY);
        Map<String, String> tags = config.tags();
        List<String> reasons = new ArrayList<>();
        boolean encrypted = false;
        boolean blocked = false;
        boolean policyOk = false;
        boolean tagsOk = false;
        if (exists) {
            Map<String, String> current = bucketTags(bucket);
            String owner = current.get("emrflow:project");
            if (owner != null && !owner.equals(config.prefix())) {
                throw UserError.badInput("bucket '" + bucket + "' belongs to emrflow project '" + owner
                        + "', not '" + config.prefix() + "': choose another 'bucket' or 'name.prefix'");
            }
            encrypted = isEncrypted(bucket);
            blocked = isPublicAccessBlocked(bucket);
            policyOk = policy.equals(bucketPolicy(bucket));
            tagsOk = current.entrySet().containsAll(tags.entrySet());
            if (!encrypted) reasons.add("encryption");
            if (!blocked) reasons.add("public access block");
            if (!policyOk) reasons.add("policy");
            if (!tagsOk) reasons.add("tags");
        }
        final boolean create = !exists;
        final boolean putEncryption = !encrypted;
        final boolean putBlock = !blocked;
        final boolean putPolicy = !policyOk;
        final boolean putTags = !tagsOk;
        PlannedChange.Action action = create ? PlannedChange.Action.CREATE
                : reasons.isEmpty() ? PlannedChange.Action.UNCHANGED : PlannedChange.Action.UPDATE;
        changes.add(new PlannedChange("bucket", bucket, action, reasons, () -> {
            if (create) {
                AwsErrors.run("s3:CreateBucket", bucket, () -> s3.createBucket(b -> {
                    b.bucket(bucket);
                    if (!aws.region().id().equals("us-east-1")) {
                        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(aws.region().id())));
                    }
                }));
            }
            if (putBlock) {
                AwsErrors.run("s3:PutBucketPublicAccessBlock", bucket, () -> s3.putPublicAccessBlock(b -> b.bucket(bucket)
                        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                                .blockPublicPolicy(true).restrictPublicBuckets(true))));
            }
            if (putEncryption) {
                ServerSideEncryptionRule sseS3 = ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build();
                AwsErrors.run("s3:PutEncryptionConfiguration", bucket, () -> s3.putBucketEncryption(b -> b.bucket(bucket)
                        .serverSideEncryptionConfiguration(c -> c.rules(List.of(sseS3)))));
            }
            if (putPolicy) {
                AwsErrors.run("s3:PutBucketPolicy", bucket, () -> s3.putBucketPolicy(b -> b.bucket(bucket)
                        .policy(rendered.text(Artifact.BUCKET_POLICY))));
            }
            if (putTags) {
                AwsErrors.run("s3:PutBucketTagging", bucket, () -> s3.putBucketTagging(b -> b.bucket(bucket)
                        .tagging(t -> t.tagSet(s3Tags(tags)))));
            }
        }));
    }

    private Map<String, String> bucketTags(String bucket) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            aws.s3().getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || String.valueOf(e.awsErrorDetails().errorCode()).contains("NoSuchTagSet")) {
                return Map.of();
            }
            throw AwsErrors.translate("s3:GetBucketTagging", config.bucket(), e);
        }
    }

    private boolean isEncrypted(String bucket) {
        try {
            return aws.s3().getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                    .anyMatch(r -> r.applyServerSideEncryptionByDefault() != null
                            && r.applyServerSideEncryptionByDefault().sseAlgorithm() == ServerSideEncryption.AES256);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw AwsErrors.translate("s3:GetEncryptionConfiguration", bucket, e);
        }
    }

    private boolean isPublicAccessBlocked(String bucket) {
        try {
            var c = aws.s3().getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw AwsErrors.translate("s3:GetBucketPublicAccessBlock", bucket, e);
        }
    }

    private JsonNode bucketPolicy(String bucket) {
        try {
            return JsonDocuments.parse("bucket policy of " + bucket, aws.s3().getBucketPolicy(b -> b.bucket(bucket)).policy());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw AwsErrors.translate("s3:GetBucketPolicy", bucket, e);
        }
    }

    private static List<Tag> s3Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---- uploads ------------------------------------------------------------------------------

    private void planObject(String key, byte[] content) {
        String bucket = config.bucket();
        String hash = sha256(content);
        String current = null;
        // A bucket still to be created holds no objects yet: nothing to read.
        boolean bucketIsNew = changes.get(0).action() == PlannedChange.Action.CREATE;
        if (!bucketIsNew) {
            try {
                HeadObjectResponse head = aws.s3().headObject(b -> b.bucket(bucket).key(key));
                current = head.metadata().getOrDefault(CONTENT_HASH, "");
            } catch (AwsServiceException e) {
                if (!AwsErrors.isNotFound(e)) {
                    throw AwsErrors.translate("s3:GetObject", "s3://" + bucket + "/" + key, e);
                }
            }
        }
        PlannedChange.Action action = current == null ? PlannedChange.Action.CREATE
                : current.equals(hash) ? PlannedChange.Action.UNCHANGED : PlannedChange.Action.UPDATE;
        Tagging tagging = Tagging.builder().tagSet(s3Tags(config.tags())).build();
        changes.add(new PlannedChange("object", "s3://" + bucket + "/" + key, action, List.of("content"), () ->
                AwsErrors.run("s3:PutObject", "s3://" + bucket + "/" + key, () -> aws.s3().putObject(b -> b.bucket(bucket).key(key)
                        .metadata(Map.of(CONTENT_HASH, hash)).tagging(tagging).serverSideEncryption(ServerSideEncryption.AES256),
                        RequestBody.fromBytes(content)))));
    }

    // ---- roles --------------------------------------------------------------------------------

    private void planRole(String roleName, Artifact trust, Artifact permissions, String policyName, String description) {
        var iam = aws.iam();
        Role role = null;
        try {
            role = iam.getRole(b -> b.roleName(roleName)).role();
        } catch (NoSuchEntityException e) {
            // created below
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:GetRole", roleName, e);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw AwsErrors.translate("iam:GetRole", roleName, e);
        }
        List<String> reasons = new ArrayList<>();
        boolean trustOk = false;
        boolean policyOk = false;
        boolean tagsOk = false;
        if (role != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            AwsErrors.call("iam:ListRoleTags", roleName, () -> iam.listRoleTags(b -> b.roleName(roleName)))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            String owner = tags.get("emrflow:project");
            if (!config.prefix().equals(owner)) {
                throw UserError.badInput("IAM role '" + roleName + "' exists but is not tagged emrflow:project=" + config.prefix()
                        + ": it is not this project's; change 'name.prefix' or delete the role");
            }
            trustOk = rendered.json(trust).equals(decodePolicy(roleName, role.assumeRolePolicyDocument()));
            policyOk = rendered.json(permissions).equals(rolePolicy(roleName, policyName));
            tagsOk = tags.entrySet().containsAll(config.tags().entrySet());
            if (!trustOk) reasons.add("trust policy");
            if (!policyOk) reasons.add("permissions");
            if (!tagsOk) reasons.add("tags");
        }
        final boolean create = role == null;
        final boolean putTrust = !trustOk;
        final boolean putPolicy = !policyOk;
        final boolean putTags = !tagsOk;
        var iamTags = config.tags().entrySet().stream()
                .map(e -> software.amazon.awssdk.services.iam.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        PlannedChange.Action action = create ? PlannedChange.Action.CREATE
                : reasons.isEmpty() ? PlannedChange.Action.UNCHANGED : PlannedChange.Action.UPDATE;
        changes.add(new PlannedChange("role", roleName, action, reasons, () -> {
            if (create) {
                AwsErrors.run("iam:CreateRole", roleName, () -> iam.createRole(b -> b.roleName(roleName)
                        .assumeRolePolicyDocument(rendered.text(trust)).description(description).tags(iamTags)));
            } else {
                if (putTrust) {
                    AwsErrors.run("iam:UpdateAssumeRolePolicy", roleName, () -> iam.updateAssumeRolePolicy(b -> b.roleName(roleName)
                            .policyDocument(rendered.text(trust))));
                }
                if (putTags) {
                    AwsErrors.run("iam:TagRole", roleName, () -> iam.tagRole(b -> b.roleName(roleName).tags(iamTags)));
                }
            }
            if (create || putPolicy) {
                AwsErrors.run("iam:PutRolePolicy", roleName, () -> iam.putRolePolicy(b -> b.roleName(roleName)
                        .policyName(policyName).policyDocument(rendered.text(permissions))));
            }
        }));
    }

    private JsonNode rolePolicy(String roleName, String policyName) {
        try {
            return decodePolicy(roleName, aws.iam().getRolePolicy(b -> b.roleName(roleName).policyName(policyName)).policyDocument());
        } catch (NoSuchEntityException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:GetRolePolicy", roleName, e);
        }
    }

    /** IAM returns policy documents URL-encoded. */
    static JsonNode decodePolicy(String owner, String document) {
        if (document == null) {
            return null;
        }
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        return JsonDocuments.parse("policy of " + owner, json);
    }

    // ---- state machine ------------------------------------------------------------------------

    private void planStateMachine() {
        var sfn = aws.sfn();
        String arn = model.stateMachineArn();
        String name = names.stateMachine();
        DescribeStateMachineResponse current = null;
        try {
            current = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException e) {
            // created below
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeStateMachine", arn, e);
        }
        List<String> reasons = new ArrayList<>();
        if (current != null) {
            if (!rendered.json(Artifact.STATE_MACHINE).equals(JsonDocuments.parse(name, current.definition()))) {
                reasons.add("definition");
            }
            if (!model.stateMachineRoleArn().equals(current.roleArn())) {
                reasons.add("role");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            AwsErrors.call("states:ListTagsForResource", arn, () -> sfn.listTagsForResource(b -> b.resourceArn(arn)))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            if (!tags.entrySet().containsAll(config.tags().entrySet())) {
                reasons.add("tags");
            }
        }
        final boolean create = current == null;
        final boolean putTags = reasons.contains("tags");
        final boolean putDefinition = reasons.contains("definition") || reasons.contains("role");
        var sfnTags = config.tags().entrySet().stream()
                .map(e -> software.amazon.awssdk.services.sfn.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        PlannedChange.Action action = create ? PlannedChange.Action.CREATE
                : reasons.isEmpty() ? PlannedChange.Action.UNCHANGED : PlannedChange.Action.UPDATE;
        changes.add(new PlannedChange("state machine", name, action, reasons, () -> {
            if (create) {
                retryWhileRolePropagates("states:CreateStateMachine", () -> sfn.createStateMachine(b -> b.name(name)
                        .roleArn(model.stateMachineRoleArn()).definition(rendered.text(Artifact.STATE_MACHINE)).tags(sfnTags)), arn);
            } else {
                if (putDefinition) {
                    retryWhileRolePropagates("states:UpdateStateMachine", () -> sfn.updateStateMachine(b -> b.stateMachineArn(arn)
                            .roleArn(model.stateMachineRoleArn()).definition(rendered.text(Artifact.STATE_MACHINE))), arn);
                }
                if (putTags) {
                    AwsErrors.run("states:TagResource", arn, () -> sfn.tagResource(b -> b.resourceArn(arn).tags(sfnTags)));
                }
            }
        }));
    }

    /**
     * A new role takes seconds to be assumable everywhere; Step Functions rejects it meanwhile with
     * an AccessDenied/InvalidArn mentioning the role. Retry with backoff for up to 90 s.
     */
    private static void retryWhileRolePropagates(String action, Runnable call, String arn) {
        long deadline = System.nanoTime() + ROLE_PROPAGATION.toNanos();
        long sleep = 1000;
        while (true) {
            try {
                call.run();
                return;
            } catch (AwsServiceException e) {
                String msg = String.valueOf(e.getMessage());
                boolean propagating = msg.contains("assume") || msg.contains("not authorized to perform: sts:AssumeRole");
                if (!propagating || System.nanoTime() > deadline) {
                    throw AwsErrors.translate(action, arn, e);
                }
                System.err.println("  waiting for the new role to propagate...");
                Backoff.sleepMillis(sleep);
                sleep = Math.min(sleep * 2, 10_000);
            }
        }
    }


    // ---- helpers ------------------------------------------------------------------------------

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
