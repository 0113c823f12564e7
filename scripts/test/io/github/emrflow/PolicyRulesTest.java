package io.github.emrflow;

import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;

import io.github.emrflow.config.Config;
import io.github.emrflow.render.Rendered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered policies keep docs/iam.md's least-privilege promises, and each promise is checked
 * for real: breaking it in a copy of the templates makes its rule say so.
 */
class PolicyRulesTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(Map.of()),
                Arguments.of(Map.of("keep.application", "true")),
                Arguments.of(Map.of("application.mode", "shared", "application.initial.capacity", "driver=1,executor=1")),
                Arguments.of(Map.of("application.mode", "shared", "emr.release.label", "emr-7.1.0")),
                Arguments.of(Map.of("region", "eu-west-3", "tags", "team=data,cost-centre=42")),
                Arguments.of(Map.of("logs.cloudwatch", "true", "logs.retention.days", "7", "job.max.attempts", "3")),
                Arguments.of(Map.of("notify.email", "team@example.com")),
                Arguments.of(Map.of("notify.sns.topic", "arn:aws:sns:us-east-1:123456789012:team-alerts")));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theRealTemplatesKeepEveryPromise(Map<String, String> extra) {
        Config config = config(extra);
        Rendered rendered = render(TestProjects.templates(), config);
        assertThat(rules(config, documentedUnscopedActions()).check(rendered)).isEmpty();
    }

    @Test
    void theTableOfUnscopedActionsIsReadFromTheDoc() throws IOException {
        Path doc = tmp.resolve("iam.md");
        Files.writeString(doc, "# IAM\n\n" + PolicyRules.UNSCOPED_HEADING + "\n\n| Action | Policy | Why |\n| --- | --- | --- |\n"
                + "| `emr-serverless:CreateApplication` | sfn-role-policy.json | no resource type |\n\n## Next\n\n"
                + "| `s3:GetObject` | not in the section | |\n");
        assertThat(PolicyRules.unscopedActions(doc)).containsExactly("emr-serverless:CreateApplication");
        assertThat(documentedUnscopedActions()).allMatch(a -> a.matches("[a-z0-9-]+:[A-Za-z]+"));
    }

    // ---- each rule notices a template that breaks its promise --------------------------------

    @Test
    void aServiceWideActionIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\"emr-serverless:GetApplication\",", "\"emr-serverless:*\",");
        assertThat(b.rules().noWildcardActions(b.rendered()))
                .containsExactly("sfn-role-policy.json: DriveOwnApplicationsAndJobRuns: wildcard action 'emr-serverless:*': name each action");
    }

    @Test
    void aStarActionIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"s3:AbortMultipartUpload\"", "\"*\"");
        assertThat(b.rules().noWildcardActions(b.rendered())).containsExactly("job-role-policy.json: WriteRunOutput: wildcard action '*': name each action");
    }

    @Test
    void resourceStarIsReportedUnlessTheDocListsTheAction() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "${(rules + \"StepFunctionsGetEventsForEMRServerlessJobRule\")?c}", "\"*\"");
        assertThat(b.rules().resourceStarOnlyForListedActions(b.rendered())).containsExactly(
                "sfn-role-policy.json: ManagedRulesForSyncIntegrations: 'events:PutTargets' on Resource \"*\" but docs/iam.md does not list it among the actions that cannot be scoped",
                "sfn-role-policy.json: ManagedRulesForSyncIntegrations: 'events:PutRule' on Resource \"*\" but docs/iam.md does not list it among the actions that cannot be scoped",
                "sfn-role-policy.json: ManagedRulesForSyncIntegrations: 'events:DescribeRule' on Resource \"*\" but docs/iam.md does not list it among the actions that cannot be scoped");
        PolicyRules listed = rules(config(Map.of()), Set.of("events:PutTargets", "events:PutRule", "events:DescribeRule", "emr-serverless:CreateApplication"));
        assertThat(listed.resourceStarOnlyForListedActions(b.rendered())).isEmpty();
    }

    @Test
    void anArnOpenInItsRegionIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\":events:\" + region + \":\"", "\":events:*:\"");
        assertThat(b.rules().resourceStarOnlyForListedActions(b.rendered()))
                .contains("sfn-role-policy.json: ManagedRulesForSyncIntegrations: 'arn:aws:events:*:123456789012:rule/"
                        + "StepFunctionsGetEventsForEMRServerlessApplicationRule' is open in its partition, service, region or account");
    }

    @Test
    void passingAnyRoleIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\"Resource\": ${jobRoleArn?c}",
                "\"Resource\": ${(\"arn:\" + partition + \":iam::\" + accountId + \":role/*\")?c}");
        assertThat(b.rules().passRoleOnlyTheJobRoleToEmrServerless(b.rendered())).containsExactly(
                "sfn-role-policy.json: PassOnlyTheJobRoleToEmrServerless: iam:PassRole on [arn:aws:iam::123456789012:role/*]:"
                        + " only on the job role arn:aws:iam::123456789012:role/emrflow-test-emr-job");
    }

    @Test
    void passingTheRoleToAnotherServiceIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\"iam:PassedToService\": \"emr-serverless.amazonaws.com\"",
                "\"iam:PassedToService\": \"ec2.amazonaws.com\"");
        assertThat(b.rules().passRoleOnlyTheJobRoleToEmrServerless(b.rendered())).containsExactly(
                "sfn-role-policy.json: PassOnlyTheJobRoleToEmrServerless: iam:PassRole needs the condition StringEquals"
                        + " iam:PassedToService = emr-serverless.amazonaws.com (found [ec2.amazonaws.com])");
    }

    @Test
    void passRoleInTheJobRoleIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"s3:AbortMultipartUpload\"", "\"s3:AbortMultipartUpload\", \"iam:PassRole\"");
        assertThat(b.rules().passRoleOnlyTheJobRoleToEmrServerless(b.rendered()))
                .containsExactly("job-role-policy.json: WriteRunOutput: iam:PassRole: only the state machine role passes a role");
    }

    @Test
    void logWritesOnAnyLogGroupAreReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "${jobLogStreamsArn?c}",
                "${(\"arn:\" + partition + \":logs:\" + region + \":\" + accountId + \":log-group:*\")?c}",
                Map.of("logs.cloudwatch", "true"));
        assertThat(b.rules().logsOnlyTheProjectLogGroupAndOnlyWhenOn(b.rendered())).containsExactly(
                "job-role-policy.json: WriteJobLogsToTheProjectLogGroup: CloudWatch Logs on [arn:aws:logs:us-east-1:123456789012:log-group:"
                        + "/emrflow/emrflow-test/jobs, arn:aws:logs:us-east-1:123456789012:log-group:*]: only on the project's log group and its"
                        + " streams [arn:aws:logs:us-east-1:123456789012:log-group:/emrflow/emrflow-test/jobs,"
                        + " arn:aws:logs:us-east-1:123456789012:log-group:/emrflow/emrflow-test/jobs:log-stream:*]");
    }

    @Test
    void logWritesWithCloudWatchOffAreReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "<#if logsCloudwatch>,", "<#if true>,");
        assertThat(b.rules().logsOnlyTheProjectLogGroupAndOnlyWhenOn(b.rendered())).containsExactly(
                "job-role-policy.json: WriteJobLogsToTheProjectLogGroup: CloudWatch Logs actions [logs:CreateLogStream,"
                        + " logs:DescribeLogStreams, logs:PutLogEvents] with logs.cloudwatch=false",
                "job-role-policy.json: FindTheProjectLogGroup: CloudWatch Logs actions [logs:DescribeLogGroups] with logs.cloudwatch=false");
    }

    @Test
    void deletingLogGroupsIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"logs:PutLogEvents\"", "\"logs:PutLogEvents\", \"logs:DeleteLogGroup\"",
                Map.of("logs.cloudwatch", "true"));
        assertThat(b.rules().logsOnlyTheProjectLogGroupAndOnlyWhenOn(b.rendered())).containsExactly(
                "job-role-policy.json: WriteJobLogsToTheProjectLogGroup: 'logs:DeleteLogGroup' is not one of the log writes the job needs");
    }

    @Test
    void aTrustPolicyWithoutSourceArnIsReported() throws IOException {
        Broken b = broken("job-role-trust.json.ftl", "\"aws:SourceArn\"", "\"aws:PrincipalArn\"");
        assertThat(b.rules().trustPoliciesGuardSourceAccountAndArn(b.rendered())).containsExactly(
                "job-role-trust.json: EmrServerlessRunsJobsOfThisAccountOnly: missing the confused-deputy guard aws:SourceArn under"
                        + " arn:aws:emr-serverless:us-east-1:123456789012:/applications/ (found [])");
    }

    @Test
    void aTrustPolicyWithoutSourceAccountIsReported() throws IOException {
        Broken b = broken("sfn-role-trust.json.ftl", "\"aws:SourceAccount\"", "\"aws:PrincipalAccount\"");
        assertThat(b.rules().trustPoliciesGuardSourceAccountAndArn(b.rendered())).containsExactly(
                "sfn-role-trust.json: StepFunctionsRunsThisStateMachineOnly: missing the confused-deputy guard StringEquals"
                        + " aws:SourceAccount = 123456789012 (found [])");
    }

    @Test
    void aTrustPolicyForAnotherPrincipalIsReported() throws IOException {
        Broken b = broken("sfn-role-trust.json.ftl", "\"Service\": \"states.amazonaws.com\"", "\"AWS\": \"*\"");
        assertThat(b.rules().trustPoliciesGuardSourceAccountAndArn(b.rendered())).containsExactly(
                "sfn-role-trust.json: StepFunctionsRunsThisStateMachineOnly: Principal must be exactly the service"
                        + " states.amazonaws.com (found {\"AWS\":\"*\"})");
    }

    @Test
    void aJobRoleReadingTheWholeBucketIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "(bucketArn + \"/input/*\")", "(bucketArn + \"/*\")");
        assertThat(b.rules().jobRoleReadsAndWritesOnlyItsPrefixes(b.rendered())).containsExactly(
                "job-role-policy.json: ReadInputAndJob: s3:GetObject on '*': the job reads only [input/, jobs/]"
                        + " (and reads back its output under [runs/])");
    }

    @Test
    void aJobRoleWritingItsInputIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "(bucketArn + \"/logs/*\")", "(bucketArn + \"/input/*\")");
        assertThat(b.rules().jobRoleReadsAndWritesOnlyItsPrefixes(b.rendered()))
                .containsExactly("job-role-policy.json: WriteDriverLogs: s3:PutObject on 'input/*': the job writes only [runs/, logs/]");
    }

    @Test
    void aJobRoleListingTheWholeBucketIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"input/*\",", "\"*\",");
        assertThat(b.rules().jobRoleReadsAndWritesOnlyItsPrefixes(b.rendered())).containsExactly(
                "job-role-policy.json: ListOnlyTheJobPrefixes: s3:ListBucket of prefix '*': the job lists only [input/, jobs/, runs/]");
    }

    @Test
    void aJobRoleWithOtherActionsIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"s3:AbortMultipartUpload\"", "\"s3:AbortMultipartUpload\", \"s3:PutBucketPolicy\"");
        assertThat(b.rules().jobRoleReadsAndWritesOnlyItsPrefixes(b.rendered())).containsExactly(
                "job-role-policy.json: WriteRunOutput: 's3:PutBucketPolicy' is not one of the object reads and writes the job needs");
    }

    @Test
    void aJobRoleS3StatementWithoutTheBucketOwnerIsReported() throws IOException {
        Broken b = broken("job-role-policy.json.ftl", "\"s3:ResourceAccount\"", "\"s3:ExistingObjectTag/owner\"");
        String missing = ": S3 access without the condition StringEquals s3:ResourceAccount = " + TemplateModel.PLACEHOLDER_ACCOUNT + " (found [])";
        assertThat(b.rules().jobRoleS3PinsTheBucketOwner(b.rendered())).containsExactly(
                "job-role-policy.json: ReadInputAndJob" + missing, "job-role-policy.json: ListOnlyTheJobPrefixes" + missing,
                "job-role-policy.json: WriteRunOutput" + missing, "job-role-policy.json: WriteDriverLogs" + missing);
    }

    @Test
    void aBucketPolicyThatAllowsPlainHttpIsReported() throws IOException {
        Broken b = broken("bucket-policy.json.ftl", "\"aws:SecureTransport\": \"false\"", "\"aws:SecureTransport\": \"true\"");
        assertThat(b.rules().bucketDeniesInsecureTransport(b.rendered())).containsExactly(
                "bucket-policy.json: no statement denies s3:* to everyone on arn:aws:s3:::emrflow-test-bucket and"
                        + " arn:aws:s3:::emrflow-test-bucket/* when Bool aws:SecureTransport is \"false\"");
    }

    @Test
    void aBucketPolicyThatAllowsEveryoneIsReported() throws IOException {
        Broken b = broken("bucket-policy.json.ftl", "\"Effect\": \"Deny\"", "\"Effect\": \"Allow\"");
        assertThat(b.rules().bucketDeniesInsecureTransport(b.rendered())).contains(
                "bucket-policy.json: DenyInsecureTransport: allows everyone (Principal \"*\")");
        assertThat(b.rules().check(b.rendered())).hasSizeGreaterThan(1);
    }

    @Test
    void aSchedulerTrustWithoutTheScheduleGroupIsReported() throws IOException {
        Broken b = broken("scheduler-role-trust.json.ftl", "${(scheduleGroupArn)?c}", "\"*\"");
        assertThat(b.rules().trustPoliciesGuardSourceAccountAndArn(b.rendered())).containsExactly(
                "scheduler-role-trust.json: SchedulerRunsThisProjectsSchedulesOnly: missing the confused-deputy guard aws:SourceArn under"
                        + " arn:aws:scheduler:us-east-1:123456789012:schedule-group/emrflow-test (found [*])");
    }

    @Test
    void aSchedulerRoleStartingAnyStateMachineIsReported() throws IOException {
        Broken b = broken("scheduler-role-policy.json.ftl", "${stateMachineArn?c}", "\"*\"");
        assertThat(b.rules().schedulerRoleStartsOnlyThisStateMachine(b.rendered())).containsExactly(
                "scheduler-role-policy.json: StartThisStateMachineOnly: states:StartExecution on [*]: only on"
                        + " arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow");
    }

    @Test
    void aSchedulerRoleDoingMoreIsReported() throws IOException {
        Broken b = broken("scheduler-role-policy.json.ftl", "\"states:StartExecution\"", "[\"states:StartExecution\", \"states:StopExecution\"]");
        assertThat(b.rules().schedulerRoleStartsOnlyThisStateMachine(b.rendered())).containsExactly(
                "scheduler-role-policy.json: StartThisStateMachineOnly: actions [states:StartExecution, states:StopExecution]:"
                        + " the scheduler role needs only states:StartExecution");
    }

    @Test
    void anAlertTopicOpenToAnyRuleIsReported() throws IOException {
        Broken b = broken("alert-topic-policy.json.ftl", "${alertRuleArn?c}", "\"arn:aws:events:us-east-1:123456789012:rule/*\"");
        assertThat(b.rules().alertTopicTakesOnlyThisRulesEvents(b.rendered())).containsExactly(
                "alert-topic-policy.json: EventBridgePublishesThisProjectsFailedRuns: missing the guard ArnEquals aws:SourceArn ="
                        + " arn:aws:events:us-east-1:123456789012:rule/emrflow-test-failed-runs (found [arn:aws:events:us-east-1:123456789012:rule/*])");
    }

    @Test
    void anAlertTopicOpenToAnyoneIsReported() throws IOException {
        Broken b = broken("alert-topic-policy.json.ftl", "\"Service\": \"events.amazonaws.com\"", "\"AWS\": \"*\"");
        assertThat(b.rules().alertTopicTakesOnlyThisRulesEvents(b.rendered())).containsExactly(
                "alert-topic-policy.json: EventBridgePublishesThisProjectsFailedRuns: Principal must be exactly the service"
                        + " events.amazonaws.com (found {\"AWS\":\"*\"})");
    }

    @Test
    void aSharedWorkflowRoleThatReachesEveryApplicationIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "${(sharedApplicationArn + \"/jobruns/*\")?c}\n      ],",
                "${(sharedApplicationArn + \"/jobruns/*\")?c},\n        ${applications?c}\n      ],", SHARED);
        assertThat(b.rules().emrServerlessOnlyOnTheProjectsApplications(b.rendered())).containsExactly(
                "sfn-role-policy.json: RunJobsOnTheSharedApplication: 'arn:aws:emr-serverless:us-east-1:123456789012:/applications/*':"
                        + " only the shared application arn:aws:emr-serverless:us-east-1:123456789012:/applications/0000000000000000"
                        + " and its job runs");
    }

    @Test
    void aSharedWorkflowRoleThatMayDeleteTheApplicationIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\"emr-serverless:CancelJobRun\"\n      ],\n      \"Resource\": [\n        ${sharedApplicationArn?c}",
                "\"emr-serverless:CancelJobRun\",\n        \"emr-serverless:DeleteApplication\"\n      ],\n      \"Resource\": [\n        ${sharedApplicationArn?c}", SHARED);
        assertThat(b.rules().emrServerlessOnlyOnTheProjectsApplications(b.rendered())).containsExactly(
                "sfn-role-policy.json: RunJobsOnTheSharedApplication: 'emr-serverless:deleteapplication': the shared application's"
                        + " workflow only runs jobs on it");
    }

    @Test
    void anEmrServerlessGrantWithoutTheProjectTagIsReported() throws IOException {
        Broken b = broken("sfn-role-policy.json.ftl", "\"aws:RequestTag/emrflow:project\": ${prefix?c},\n          \"aws:RequestedRegion\"",
                "\"aws:RequestedRegion\"");
        assertThat(b.rules().emrServerlessOnlyOnTheProjectsApplications(b.rendered())).containsExactly(
                "sfn-role-policy.json: CreateTaggedApplications: EMR Serverless actions without the condition StringEquals"
                        + " aws:ResourceTag (or aws:RequestTag)/emrflow:project = emrflow-test (found [])");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static final Map<String, String> SHARED = Map.of("application.mode", "shared");

    record Broken(Rendered rendered, PolicyRules rules) {
    }

    /** Renders a copy of the real templates with one replacement in one template. */
    private Broken broken(String template, String from, String to) throws IOException {
        return broken(template, from, to, Map.of());
    }

    private Broken broken(String template, String from, String to, Map<String, String> settings) throws IOException {
        Path templates = tmp.resolve("templates");
        TestProjects.copyTree(TestProjects.templates(), templates);
        Path file = templates.resolve(template);
        String text = Files.readString(file);
        assertThat(text).as("the text this test breaks in " + template).contains(from);
        Files.writeString(file, text.replace(from, to));
        Config config = config(settings);
        return new Broken(render(templates, config), rules(config, documentedUnscopedActions()));
    }

    static Config config(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bucket", "emrflow-test-bucket");
        m.put("name.prefix", "emrflow-test");
        m.putAll(extra);
        return Config.of(m, "test", io.github.emrflow.job.JobDefinitionLoader.load(TestProjects.sampleJob(TestProjects.SALARY_JOB)));
    }

    static TemplateModel model(Config config) {
        return TemplateModel.of(config, TemplateModel.PLACEHOLDER_ACCOUNT, "aws");
    }

    static Rendered render(Path templates, Config config) {
        return new TemplateRenderer(templates).renderAll(model(config));
    }

    static PolicyRules rules(Config config, Set<String> unscoped) {
        return new PolicyRules(model(config), unscoped);
    }

    static Set<String> documentedUnscopedActions() {
        return PolicyRules.unscopedActions(TestProjects.repo().resolve("docs/iam.md"));
    }
}
