import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.IndependentAggregation;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * job.max.attempts end to end: the deployed workflow gives the job run a retry policy, the
 * emulator fails the first attempt and runs the second (really, with the local runner), the watch
 * shows both attempts, and the run's numbers are right.
 */
class RetryOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;

    @BeforeAll
    static void deployed() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"), "job.max.attempts=3", "emr.release.label=emr-7.1.0");
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theDeployedJobRunCarriesTheRetryPolicyAndLongerTimeouts() {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create(emulator.endpoint())).build()) {
            String arn = sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().equals("emrflow-test-workflow"))
                    .findFirst().orElseThrow().stateMachineArn();
            JsonNode asl = JsonDocuments.parse("asl", sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition());
            JsonNode runJob = asl.path("States").path("RunJob");
            assertThat(runJob.path("Parameters").path("RetryPolicy").path("MaxAttempts").asInt()).isEqualTo(3);
            // 30 minutes per attempt, three attempts: the state and the execution wait for all of them.
            assertThat(runJob.path("TimeoutSeconds").asInt()).isEqualTo(30 * 60 * 3 + 300);
            assertThat(asl.path("TimeoutSeconds").asInt()).isEqualTo(30 * 60 * 3 + 5400);
        }
    }

    @Test
    void aFailedFirstAttemptIsRetriedAndTheSecondSucceedsWithTheRightNumbers() {
        emulator.reset();
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Job failed: executor lost (spot reclaimed)\"}}");
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--format", "json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("job [0-9a-z]+: attempt 1 of 3 FAILED: Job failed: executor lost \\(spot reclaimed\\); EMR Serverless retries it")
                .containsPattern("job [0-9a-z]+: [A-Z]+ \\(attempt 2 of 3\\)")
                .containsPattern("job [0-9a-z]+: SUCCESS \\(attempt 2 of 3\\)")
                .doesNotContain("attempt 3 of 3");
        JsonNode json = JsonDocuments.parse("json", r.out().substring(r.out().indexOf("{\n"), r.out().indexOf("\n  used:")));
        assertThat(json.path("count").asInt()).isEqualTo(93);
        Map<String, long[]> expected = IndependentAggregation.maxMin(TestProjects.dataset(), "salary_in_usd");
        for (JsonNode row : json.path("rows")) {
            assertThat(new long[] {row.path("max_salary").asLong(), row.path("min_salary").asLong()}).as(row.path("job_title").asText())
                    .containsExactly(expected.get(row.path("job_title").asText()));
        }
    }

    @Test
    void whenEveryAttemptFailsTheRunFailsAfterTheLast() {
        emulator.reset();
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Job failed: bad input\", \"times\": 3}}");
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("attempt 1 of 3 FAILED: Job failed: bad input", "attempt 2 of 3 FAILED: Job failed: bad input")
                .containsPattern("job [0-9a-z]+: FAILED \\(attempt 3 of 3\\)").contains("run FAILED in RunJob");
    }
}
