import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * logs.java against the emulator, which writes each attempt's driver logs where EMR Serverless
 * does and serves Spark UI links that expire: a failed run's logs (either stream, the last lines,
 * any attempt), following a running job until it ends, and fresh links only.
 */
class LogsOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static EmrServerlessClient emr;

    @BeforeAll
    static void deployed() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"), "job.max.attempts=2");
        // Job runs really run (the local runner writes the output results.java reads), a second in each
        // state before RUNNING: long enough to start following a job before it ends.
        emulator = Emulator.start("--job-runner", JobRunner.command(project), "--job-delay-seconds", "3");
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        emr = EmrServerlessClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(emulator.endpoint())).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static ScriptResult logs(String... extra) {
        return ScriptResult.run(new logs(), EmulatorProject.args(project, emulator, extra));
    }

    private static String runIdOf(ScriptResult r) {
        Matcher m = Pattern.compile("run (\\d{8}-\\d{6}-[0-9a-f]{6}): started").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private static List<String> urls(String text) {
        return Pattern.compile("http://\\S+/emrflow-sparkui/\\S+").matcher(text).results().map(m -> m.group()).toList();
    }

    @Test
    void theLogsOfAFailedRunArePrintedEitherStreamAnyAttemptAndTheLastLines() {
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"ValueError: salary is not a number\", \"times\": 2}}");
        ScriptResult run = ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("the driver's whole log: ./jbang logs.java --run " + runIdOf(run));

        ScriptResult latest = logs();
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.out().lines().toList()).containsExactly("ValueError: salary is not a number");
        assertThat(latest.err()).contains("run " + runIdOf(run), "attempt 2", "/attempts/2/SPARK_DRIVER/stderr.gz");

        ScriptResult first = logs("--run", runIdOf(run), "--attempt", "1", "--stdout");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("attempt 1 of 2 RUNNING");
        assertThat(first.err()).contains("/jobs/").doesNotContain("/attempts/");

        ScriptResult lastLine = logs("--stdout", "--lines", "1");
        assertThat(lastLine.exitCode()).as(lastLine.toString()).isZero();
        assertThat(lastLine.out().lines().toList()).hasSize(1).allMatch(l -> l.contains("attempt 2 of 2 RUNNING"));

        ScriptResult noSuchAttempt = logs("--attempt", "3");
        assertThat(noSuchAttempt.exitCode()).as(noSuchAttempt.toString()).isEqualTo(2);
        assertThat(noSuchAttempt.err().lines().filter(l -> l.startsWith("error:")).toList())
                .containsExactly("error: run " + runIdOf(run) + "'s job run has 2 attempt(s): there is no attempt 3");
    }


    @Test
    void followWaitsForTheJobPrintsItsLogAndEndsWhenTheJobEnds() {
        ScriptResult started = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--no-wait"));
        assertThat(started.exitCode()).as(started.toString()).isZero();
        String runId = runIdOf(started);

        // Straight after the start the job does not exist yet (its application is being created):
        // --follow waits for it, then prints its log as it comes until the job run ends.
        ScriptResult followed = logs("--run", runId, "--stdout", "--follow");
        assertThat(followed.exitCode()).as(followed.toString()).isZero();
        Matcher job = Pattern.compile("job run ([0-9a-z]+) attempt 1 of 2 RUNNING").matcher(followed.out());
        assertThat(job.find()).as(followed.toString()).isTrue();
        String jobRunId = job.group(1);
        assertThat(followed.err()).contains("job run " + jobRunId + " ended SUCCESS");
        String applicationId = emr.listApplications(b -> b.maxResults(50)).applications().stream()
                .filter(a -> a.name().equals("emrflow-test-" + runId)).findFirst().orElseThrow().id();
        assertThat(emr.getJobRun(b -> b.applicationId(applicationId).jobRunId(jobRunId)).jobRun().state()).isEqualTo(JobRunState.SUCCESS);
    }

    @Test
    void sparkUiLinksAreFreshWhenPrintedAndRefusedForOldRuns() {
        ScriptResult run = ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> watched = urls(run.out());
        assertThat(watched).as("run.java prints one Spark UI link, once the job runs").hasSize(1);
        assertThat(run.out()).containsPattern("job [0-9a-z]+: RUNNING \\(attempt 1 of 2\\)[^\\n]*\\n.*Spark UI: http");
        String runId = runIdOf(run);

        ScriptResult ui = logs("--run", runId, "--ui");
        assertThat(ui.exitCode()).as(ui.toString()).isZero();
        List<String> first = urls(ui.out());
        assertThat(first).hasSize(1);
        assertThat(emulator.status(first.get(0))).isEqualTo(200);

        emulator.expireSparkUiLinks();
        assertThat(emulator.status(watched.get(0))).isEqualTo(403);
        assertThat(emulator.status(first.get(0))).isEqualTo(403);
        ScriptResult again = logs("--run", runId, "--ui");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        List<String> second = urls(again.out());
        assertThat(second).hasSize(1).doesNotContain(first.get(0), watched.get(0));
        assertThat(emulator.status(second.get(0))).as("the link logs.java prints works when printed").isEqualTo(200);

        emulator.ageJobRuns(31);
        ScriptResult old = logs("--run", runId, "--ui");
        assertThat(old.exitCode()).as(old.toString()).isEqualTo(2);
        assertThat(old.out()).isEmpty();
        assertThat(old.err().lines().filter(l -> l.startsWith("error:")).toList()).hasSize(1)
                .allMatch(l -> l.startsWith("error: no Spark UI for job run ") && l.contains("more than 30 days ago"));
    }
}
