import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * schedule.java on the emulator: a schedule created, listed, fired (the emulator starts what
 * EventBridge Scheduler would start, as the schedule's role) into a run with a derived run id and
 * real results, changed, removed; bad expressions refused before anything exists; destroy removes
 * schedules, group and role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static SchedulerClient scheduler;
    static SfnClient sfn;
    static IamClient iam;

    @BeforeAll
    static void deployed() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"));
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        scheduler = SchedulerClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        iam = IamClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static ScriptResult schedule(String... extra) {
        return ScriptResult.run(new schedule(), EmulatorProject.args(project, emulator, extra));
    }

    private static boolean groupExists() {
        return scheduler.listScheduleGroups(b -> b.namePrefix("emrflow-test")).scheduleGroups().stream()
                .anyMatch(g -> g.name().equals("emrflow-test"));
    }

    @Test
    @Order(1)
    void badExpressionsAreRefusedInOneLineBeforeAnythingIsCreated() {
        for (String[] bad : new String[][] {{"--cron", "0 6 * * * *"}, {"--cron", "0 6 * *"}, {"--cron", "61 6 * * ? *"},
                {"--cron", "cron(0 6 * * ? *)"}, {"--rate", "0 hours"}, {"--rate", "1 fortnight"}, {"--rate", "2 hour"}}) {
            ScriptResult r = schedule(bad);
            assertThat(r.exitCode()).as(String.join(" ", bad) + ": " + r).isEqualTo(2);
            assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains(bad[0]);
        }
        // Before deploy: refused too, and nothing created.
        ScriptResult early = schedule("--cron", "0 6 * * ? *");
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(2);
        assertThat(early.err()).contains("deploy.java");
        assertThat(groupExists()).isFalse();
    }

    @Test
    @Order(2)
    void aScheduleIsCreatedListedFiredIntoARunAndRemoved() throws Exception {
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(deployed.out()).contains("emrflow-test-scheduler");
        var trust = iam.getRole(b -> b.roleName("emrflow-test-scheduler")).role().assumeRolePolicyDocument();
        assertThat(java.net.URLDecoder.decode(trust, java.nio.charset.StandardCharsets.UTF_8)).contains("scheduler.amazonaws.com", "aws:SourceAccount");

        ScriptResult refused = schedule("--cron", "0 6 * * * *");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(schedule("--rate", "0 minutes").exitCode()).isEqualTo(2);
        assertThat(schedule("--cron", "0 6 * * ? *", "--param", "salary_column=bonus").exitCode()).isEqualTo(2);
        assertThat(groupExists()).as("nothing created by refused schedules").isFalse();

        io.github.emrflow.WriteCallCounter.reset();
        ScriptResult dry = schedule("--cron", "0 6 * * ? *", "--dry-run");
        assertThat(dry.out()).as(dry.toString()).contains("would be created");
        assertThat(io.github.emrflow.WriteCallCounter.writes()).as("--dry-run writes nothing").isEmpty();
        assertThat(groupExists()).isFalse();

        ScriptResult created = schedule("--cron", "0 6 * * ? *", "--param", "salary_column=salary_in_usd");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("schedule default created: cron(0 6 * * ? *)");
        var s = scheduler.getSchedule(b -> b.name("default").groupName("emrflow-test"));
        assertThat(s.target().arn()).endsWith(":stateMachine:emrflow-test-workflow");
        assertThat(s.target().roleArn()).endsWith(":role/emrflow-test-scheduler");
        JsonNode input = JsonDocuments.parse("input", s.target().input());
        assertThat(input.has("runId")).isFalse();
        assertThat(input.path("parameters").path("salary_column").asText()).isEqualTo("salary_in_usd");
        var tags = scheduler.listTagsForResource(b -> b.resourceArn(scheduler.getScheduleGroup(g -> g.name("emrflow-test")).arn())).tags();
        assertThat(tags).anyMatch(t -> t.key().equals("emrflow:project") && t.value().equals("emrflow-test"));

        io.github.emrflow.WriteCallCounter.reset();
        assertThat(schedule("--cron", "0 6 * * ? *", "--param", "salary_column=salary_in_usd").out()).contains("unchanged");
        assertThat(io.github.emrflow.WriteCallCounter.writes()).as("an unchanged schedule is not written").isEmpty();
        assertThat(schedule("--rate", "1 hour", "--name", "hourly").exitCode()).isZero();

        ScriptResult listed = schedule("--list");
        assertThat(listed.out()).containsPattern("(?m)^default +0 6 \\* \\* \\? \\* +ENABLED +salary_column=salary_in_usd")
                .containsPattern("(?m)^hourly +1 hour +ENABLED");
        JsonNode json = JsonDocuments.parse("list", schedule("--list", "--format", "json").out());
        assertThat(json.path("schedules")).hasSize(2);

        String executionArn = JsonDocuments.parse("fired", emulator.fireSchedule("default", "emrflow-test")).path("executionArn").asText();
        ExecutionStatus status = awaitEnd(executionArn);
        var described = sfn.describeExecution(b -> b.executionArn(executionArn));
        assertThat(status).as(described.error() + ": " + described.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String runId = JsonDocuments.parse("output", described.output()).path("runId").asText();
        assertThat(runId).matches("\\d{8}-\\d{6}-[0-9a-f]{8}");
        assertThat(io.github.emrflow.run.RunId.isValid(runId)).isTrue();
        JsonNode output = JsonDocuments.parse("output", described.output());
        assertThat(output.path("jobArguments").toString()).contains("--output", "runs/" + runId + "/output", "--param");

        ScriptResult results = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--run", runId, "--format", "json"));
        assertThat(results.exitCode()).as(results.toString()).isZero();
        assertThat(JsonDocuments.parse("json", results.out()).path("count").asInt()).isEqualTo(93);

        ScriptResult off = schedule("--off", "--name", "hourly");
        assertThat(off.out()).as(off.toString()).contains("schedule hourly deleted");
        assertThat(schedule("--list").out()).doesNotContain("hourly");
        assertThat(schedule("--off", "--name", "hourly").out()).contains("no schedule hourly");
    }

    @Test
    @Order(3)
    void destroyRemovesSchedulesGroupAndRole() {
        ScriptResult destroyed = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes"));
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(destroyed.out()).contains("deleted schedule default", "deleted schedule group emrflow-test", "deleted role emrflow-test-scheduler");
        assertThat(groupExists()).isFalse();
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals("emrflow-test-scheduler"));
    }

    private static ExecutionStatus awaitEnd(String executionArn) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(until)) {
            ExecutionStatus s = sfn.describeExecution(b -> b.executionArn(executionArn)).status();
            if (s != ExecutionStatus.RUNNING) {
                return s;
            }
            Thread.sleep(200);
        }
        return ExecutionStatus.RUNNING;
    }
}
