package io.github.emrflow.aws;

/**
 * Every ARN emrflow builds, in one place. Roles are global (no region); the state machine and its
 * executions are regional. The partition comes from the region (aws, aws-cn, aws-us-gov).
 */
public record Arns(String partition, String region, String accountId) {
    public static Arns of(AwsSession aws) {
        return new Arns(aws.partition(), aws.region().id(), aws.accountId());
    }

    public String role(String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    public String stateMachine(String name) {
        return "arn:" + partition + ":states:" + region + ":" + accountId + ":stateMachine:" + name;
    }

    /** A CloudWatch Logs group's ARN, as IAM and the tagging calls name it. */
    public String logGroup(String name) {
        return "arn:" + partition + ":logs:" + region + ":" + accountId + ":log-group:" + name;
    }

    /** Every log stream of a group (IAM's log-stream resource type). */
    public String logStreams(String groupName) {
        return logGroup(groupName) + ":log-stream:*";
    }

    /** An EMR Serverless application; its job runs are {@code application(id) + "/jobruns/" + jobRunId}. */
    public String application(String applicationId) {
        return "arn:" + partition + ":emr-serverless:" + region + ":" + accountId + ":/applications/" + applicationId;
    }

    /** An EventBridge Scheduler schedule group (one per project, named after the prefix). */
    public String scheduleGroup(String name) {
        return "arn:" + partition + ":scheduler:" + region + ":" + accountId + ":schedule-group/" + name;
    }

    /** An EventBridge rule on the default event bus. */
    public String eventRule(String name) {
        return "arn:" + partition + ":events:" + region + ":" + accountId + ":rule/" + name;
    }

    public String topic(String name) {
        return "arn:" + partition + ":sns:" + region + ":" + accountId + ":" + name;
    }

    /** The run id an execution named run-RUN_ID carries, or null for another name. */
    public static String runIdOfExecution(String executionArn) {
        int at = executionArn.lastIndexOf(":run-");
        return at < 0 ? null : executionArn.substring(at + 5);
    }
}
