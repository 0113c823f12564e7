package io.github.emrflow.deploy;

import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.run.ApplicationCleanup;
import io.github.emrflow.schedule.Schedules;

import io.github.emrflow.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ApplicationSummary;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * What destroy.java removes: the project's schedules and schedule group, running executions, the
 * project's EMR Serverless applications (stopped first), the state machine, the three roles with
 * their policies, the failure-alert rule and topic and, when asked, the bucket.
 * Only resources named from the prefix and tagged as this project's are touched. A state machine of
 * the project's name but not its tag stops destroy before anything is removed: its name says it is
 * ours, its tag says it is not, and deleting someone's workflow cannot be undone. A bucket deploy
 * adopted (tagged {@code emrflow:adopted=true}) is never emptied or deleted: emrflow did not create it.
 */
public final class Teardown {
    private final AwsSession aws;
    private final Config config;
    private final ResourceNames names;

    public Teardown(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
        this.names = new ResourceNames(config.prefix());
    }

    /** What exists now, as "kind name" lines, in the order it will be removed. */
    public List<String> inventory(boolean includeData) {
        List<String> found = new ArrayList<>(new Schedules(aws, config).inventory());
        for (ApplicationSummary app : applications()) {
            found.add("application " + app.name() + " (" + app.id() + ", " + app.stateAsString() + ")");
        }
        if (ownedStateMachine()) {
            found.add("state machine " + names.stateMachine());
        }
        for (String role : List.of(names.jobRole(), names.stateMachineRole(), names.schedulerRole())) {
            if (ownedRole(role)) {
                found.add("role " + role);
            }
        }
        if (ownedLogGroup()) {
            found.add("log group " + names.jobLogGroup());
        }
        found.addAll(new AlertTeardown(aws, config).inventory());
        if (includeData && bucketExists()) {
            Map<String, String> tags = bucketTags();
            if (!ownedBucket(tags)) {
                found.add("(bucket " + config.bucket() + " stays: it is not tagged " + config.ownershipTags() + ")");
            } else if (adoptedBucket(tags)) {
                found.add("(bucket " + config.bucket() + " stays: deploy --adopt-bucket took it over (tagged " + Tags.ADOPTED
                        + "=true), so its data is not emrflow's to delete; empty and delete it yourself if you mean to)");
            } else {
                found.add("bucket " + config.bucket() + " and all its objects");
            }
        }
        return found;
    }

    /** Removes everything {@link #inventory} lists; each removal is reported as it completes. */
    public List<String> destroy(boolean includeData, java.util.function.Consumer<String> report) {
        List<String> removed = new ArrayList<>();
        String arn = stateMachineArn();
        // Checked before anything is stopped or deleted, so a refusal leaves everything as it was.
        boolean machine = ownedStateMachine();
        // Schedules first: none may start a run while the rest goes.
        new Schedules(aws, config).deleteAll(line -> done(removed, report, line));
        if (machine) {
            for (var execution : AwsErrors.call("states:ListExecutions", arn, () -> aws.sfn().listExecutionsPaginator(
                    b -> b.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING)).executions().stream().toList())) {
                AwsErrors.run("states:StopExecution", execution.executionArn(), () -> aws.sfn().stopExecution(
                        b -> b.executionArn(execution.executionArn()).error("emrflow.Destroyed").cause("stopped by destroy.java")));
                done(removed, report, "stopped execution " + execution.name());
            }
        }
        for (ApplicationSummary app : applications()) {
            if (app.name().equals(names.sharedApplication())) {
                // Runs of other executions (or started by hand) may still be queued or running on it.
                new ApplicationCleanup(aws).cancelUnfinishedJobRuns(app.id(), line -> done(removed, report, line));
            }
            new ApplicationCleanup(aws).stopAndDelete(app.id(), line -> done(removed, report, line));
        }
        if (machine) {
            AwsErrors.run("states:DeleteStateMachine", arn, () -> aws.sfn().deleteStateMachine(b -> b.stateMachineArn(arn)));
            done(removed, report, "deleted state machine " + names.stateMachine());
        }
        if (ownedLogGroup()) {
            AwsErrors.run("logs:DeleteLogGroup", names.jobLogGroup(), () -> aws.logs().deleteLogGroup(b -> b.logGroupName(names.jobLogGroup())));
            done(removed, report, "deleted log group " + names.jobLogGroup());
        }
        Map<String, String> bucketTags;
        for (String role : List.of(names.schedulerRole(), names.stateMachineRole(), names.jobRole())) {
            if (ownedRole(role)) {
                deleteRole(role);
                done(removed, report, "deleted role " + role);
            }
        }
        new AlertTeardown(aws, config).destroy(line -> done(removed, report, line));
        if (includeData && bucketExists() && ownedBucket(bucketTags = bucketTags()) && !adoptedBucket(bucketTags)) {
            long objects = emptyBucket();
            AwsErrors.run("s3:DeleteBucket", config.bucket(), () -> aws.s3().deleteBucket(b -> b.bucket(config.bucket()).expectedBucketOwner(aws.accountId())));
            done(removed, report, "deleted bucket " + config.bucket() + " (" + objects + " objects)");
        }
        return removed;
    }

    private static void done(List<String> removed, java.util.function.Consumer<String> report, String line) {
        removed.add(line);
        report.accept("  " + line);
    }

    /** The project's applications that still exist (not TERMINATED), found by name prefix and tag. */
    public List<ApplicationSummary> applications() {
        String namePrefix = config.prefix() + "-";
        List<ApplicationSummary> apps = new ArrayList<>();
        for (ApplicationSummary app : AwsErrors.call("emr-serverless:ListApplications", "", () ->
                aws.emr().listApplicationsPaginator(b -> b.maxResults(50)).applications().stream().toList())) {
            if (app.state() == ApplicationState.TERMINATED || app.name() == null || !app.name().startsWith(namePrefix)) {
                continue;
            }
            var tags = AwsErrors.call("emr-serverless:GetApplication", app.id(),
                    () -> aws.emr().getApplication(b -> b.applicationId(app.id())).application().tags());
            if (config.owns(tags)) {
                apps.add(app);
            }
        }
        return apps;
    }

    private String stateMachineArn() {
        return Arns.of(aws).stateMachine(names.stateMachine());
    }

    /**
     * True when the project's state machine exists, false when none does; one of that name without
     * the project's tag is refused (exit 2), as deploy refuses it.
     */
    private boolean ownedStateMachine() {
        String arn = stateMachineArn();
        try {
            aws.sfn().describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException e) {
            return false;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeStateMachine", arn, e);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.call("states:ListTagsForResource", arn, () -> aws.sfn().listTagsForResource(b -> b.resourceArn(arn)))
                .tags().forEach(t -> tags.put(t.key(), t.value()));
        if (!config.owns(tags)) {
            throw UserError.badInput(StateMachinePlan.notOurs(names.stateMachine(), config) + "; nothing was removed");
        }
        return true;
    }

    /**
     * The job's log group, when it exists and carries the project's tag; looked up whatever
     * logs.cloudwatch says now, since a group an earlier deploy made outlives turning it off.
     */
    private boolean ownedLogGroup() {
        return LogGroupPlan.find(aws, names.jobLogGroup())
                .map(g -> config.prefix().equals(LogGroupPlan.tags(aws, g).get(ResourceNames.PROJECT_TAG))).orElse(false);
    }

    private boolean ownedRole(String role) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            aws.iam().listRoleTags(b -> b.roleName(role)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return config.owns(tags);
        } catch (NoSuchEntityException e) {
            return false;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:ListRoleTags", role, e);
        }
    }

    private void deleteRole(String role) {
        var iam = aws.iam();
        for (String policy : AwsErrors.call("iam:ListRolePolicies", role, () -> iam.listRolePolicies(b -> b.roleName(role)).policyNames())) {
            AwsErrors.run("iam:DeleteRolePolicy", role, () -> iam.deleteRolePolicy(b -> b.roleName(role).policyName(policy)));
        }
        for (var attached : AwsErrors.call("iam:ListAttachedRolePolicies", role,
                () -> iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies())) {
            AwsErrors.run("iam:DetachRolePolicy", role, () -> iam.detachRolePolicy(b -> b.roleName(role).policyArn(attached.policyArn())));
        }
        AwsErrors.run("iam:DeleteRole", role, () -> iam.deleteRole(b -> b.roleName(role)));
    }

    private boolean bucketExists() {
        try {
            aws.s3().headBucket(b -> b.bucket(config.bucket()).expectedBucketOwner(aws.accountId()));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (AwsServiceException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw AwsErrors.translate("s3:ListBucket", config.bucket(), e);
        }
    }

    /** The bucket's tags; none (S3 answers 404 NoSuchTagSet) is an empty map. */
    private Map<String, String> bucketTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            aws.s3().getBucketTagging(b -> b.bucket(config.bucket()).expectedBucketOwner(aws.accountId())).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw AwsErrors.translate("s3:GetBucketTagging", config.bucket(), e);
            }
        }
        return tags;
    }

    /** Only a bucket tagged as this project's is ever emptied (deploy tags the buckets it uses). */
    private boolean ownedBucket(Map<String, String> tags) {
        return config.owns(tags);
    }

    /** A bucket deploy adopted held data before emrflow came and may hold others' still: it is never emptied. */
    private static boolean adoptedBucket(Map<String, String> tags) {
        return "true".equals(tags.get(Tags.ADOPTED));
    }

    private long emptyBucket() {
        String bucket = config.bucket();
        long count = 0;
        for (var page : AwsErrors.call("s3:ListBucket", bucket, () -> aws.s3().listObjectsV2Paginator(b -> b.bucket(bucket).expectedBucketOwner(aws.accountId())).stream().toList())) {
            List<ObjectIdentifier> ids = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!ids.isEmpty()) {
                AwsErrors.run("s3:DeleteObject", bucket, () -> aws.s3().deleteObjects(b -> b.bucket(bucket).expectedBucketOwner(aws.accountId()).delete(d -> d.objects(ids))));
                count += ids.size();
            }
        }
        return count;
    }
}
