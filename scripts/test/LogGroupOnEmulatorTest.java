import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * logs.cloudwatch=true: deploy creates the project's log group with its retention and tag, points
 * the job's monitoring at it and lets the job role write there only; a second deploy writes
 * nothing; destroy deletes the group.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogGroupOnEmulatorTest {
    static final String GROUP = "/emrflow/emrflow-test/jobs";
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"), "logs.cloudwatch=true", "logs.retention.days=14", "tags=team=data");
        emulator = Emulator.start();
        logs = CloudWatchLogsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(emulator.endpoint())).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static ScriptResult deploy() {
        WriteCallCounter.reset();
        return ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
    }

    private static List<LogGroup> groups() {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix("/emrflow/")).logGroups();
    }

    @Test
    @Order(1)
    void deployCreatesTheGroupWithItsRetentionAndTagAndPointsTheJobAtIt() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("log group +" + GROUP + " +created");
        assertThat(groups()).singleElement().satisfies(g -> {
            assertThat(g.logGroupName()).isEqualTo(GROUP);
            assertThat(g.retentionInDays()).isEqualTo(14);
            assertThat(logs.listTagsForResource(b -> b.resourceArn(g.logGroupArn())).tags())
                    .containsEntry("emrflow:project", "emrflow-test").containsEntry("team", "data");
        });

        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(emulator.endpoint())).build();
             IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(creds).endpointOverride(URI.create(emulator.endpoint())).build()) {
            String arn = sfn.listStateMachines().stateMachines().get(0).stateMachineArn();
            JsonNode monitoring = JsonDocuments.parse("asl", sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition())
                    .path("States").path("RunJob").path("Parameters").path("ConfigurationOverrides").path("MonitoringConfiguration");
            assertThat(monitoring.path("CloudWatchLoggingConfiguration").path("Enabled").asBoolean()).isTrue();
            assertThat(monitoring.path("CloudWatchLoggingConfiguration").path("LogGroupName").asText()).isEqualTo(GROUP);
            assertThat(monitoring.path("S3MonitoringConfiguration").path("LogUri").asText()).isEqualTo("s3://emrflow-test-bucket/logs/");

            String policy = URLDecoder.decode(iam.getRolePolicy(b -> b.roleName("emrflow-test-emr-job").policyName("emrflow-test-emr-job-access"))
                    .policyDocument(), StandardCharsets.UTF_8);
            JsonNode statement = null;
            for (JsonNode s : JsonDocuments.parse("policy", policy).path("Statement")) {
                if (s.path("Sid").asText().equals("WriteJobLogsToTheProjectLogGroup")) {
                    statement = s;
                }
            }
            assertThat(statement).as("the job role's log statement").isNotNull();
            assertThat(JsonDocuments.mapper().convertValue(statement.path("Resource"), List.class)).containsExactly(
                    "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP, "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP + ":log-stream:*");
        }
    }

    @Test
    @Order(2)
    void aSecondDeployWritesNothing() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
        assertThat(r.out()).containsPattern("log group +" + GROUP + " +unchanged");
    }

    @Test
    @Order(3)
    void aChangedRetentionIsUpdatedInPlace() throws Exception {
        java.nio.file.Files.writeString(project.configFile(),
                java.nio.file.Files.readString(project.configFile()).replace("logs.retention.days=14", "logs.retention.days=30"));
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("log group +" + GROUP + " +updated \\(retention\\)");
        assertThat(WriteCallCounter.writes()).containsExactly("CloudWatchLogs:PutRetentionPolicy");
        assertThat(groups()).singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));
    }

    @Test
    @Order(4)
    void destroyDeletesTheGroup() {
        ScriptResult r = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("deleted log group " + GROUP);
        assertThat(groups()).isEmpty();
    }
}
