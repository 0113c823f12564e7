import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.config.Project;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * run.java on moto's server with its Step Functions engine really interpreting the deployed ASL,
 * the EMR Serverless integrations supplied by emrflow's extension, and job runs handed to the
 * local runner (embedded Spark), so the numbers are real.
 */
class RunOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static EmrServerlessClient emr;
    static SfnClient sfn;

    @BeforeAll
    static void deployed() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"));
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        emr = EmrServerlessClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create(emulator.endpoint())).build();
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create(emulator.endpoint())).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void resetFaults() {
        emulator.reset();
    }

    private static ScriptResult run(String... extra) {
        return ScriptResult.run(new run(), EmulatorProject.args(project, emulator, extra));
    }

    private static List<String> operations() {
        List<String> ops = new ArrayList<>();
        for (JsonNode call : JsonDocuments.parse("calls", emulator.calls())) {
            ops.add(call.path("operation").asText());
        }
        return ops;
    }

    private static String applicationOf(ScriptResult r) {
        Matcher m = Pattern.compile("application ([0-9a-z]{8,})").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private static void assertNotLeftRunning(String applicationId) {
        ApplicationState state = emr.getApplication(b -> b.applicationId(applicationId)).application().state();
        assertThat(state).isIn(ApplicationState.TERMINATED, ApplicationState.STOPPED);
    }

    @Test
    void aRunSucceedsWatchingEveryStateAndPrintsTheRealTable() {
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("> CreateApplication", "ok CreateApplication", "> StartApplication", "> RunJob",
                "ok StopApplication", "ok DeleteApplication", "console: https://us-east-1.console.aws.amazon.com/states/");
        assertThat(r.out()).containsPattern("job [0-9a-z]+: RUNNING").containsPattern("job [0-9a-z]+: SUCCESS");
        assertThat(r.out()).containsPattern("(?m)^Data Engineer +324,000 +12,000$").contains("93 rows");
        assertThat(r.out()).contains("used:", "billed:");
        assertThat(operations()).containsSubsequence("createApplication", "startApplication", "startJobRun", "stopApplication",
                "deleteApplication");
        assertThat(emr.getApplication(b -> b.applicationId(applicationOf(r))).application().state()).isEqualTo(ApplicationState.TERMINATED);

        ScriptResult results = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--format", "json"));
        assertThat(results.exitCode()).as(results.toString()).isZero();
        JsonNode json = JsonDocuments.parse("json", results.out());
        assertThat(json.path("count").asInt()).isEqualTo(93);
        Map<String, long[]> expected = io.github.emrflow.IndependentAggregation.maxMin(TestProjects.dataset(), "salary_in_usd");
        for (JsonNode row : json.path("rows")) {
            assertThat(new long[] {row.path("max_salary").asLong(), row.path("min_salary").asLong()}).as(row.path("job_title").asText())
                    .containsExactly(expected.get(row.path("job_title").asText()));
        }
    }

    @Test
    void aNonNumericSalaryFailsTheJobWithItsErrorAndDriverLog() throws Exception {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(TestProjects.dataset()).subList(0, 30));
        lines.set(7, lines.get(7).replaceFirst(",(\\d+),([A-Z]{3}),", ",lots,$2,"));
        java.nio.file.Files.write(bad, lines);
        try {
            ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, "--input", bad.toString()));
            assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
            ScriptResult r = run();
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("run FAILED in RunJob", "does not fit the schema", "driver stderr (last", "(cleaned up)");
            assertNotLeftRunning(applicationOf(r));
        } finally {
            ScriptResult restored = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
            assertThat(restored.exitCode()).as(restored.toString()).isZero();
        }
    }

    @Test
    void twoRunsInARowWriteTwoOutputPrefixes() {
        ScriptResult first = run("--top", "1");
        ScriptResult second = run("--top", "1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        String a = runIdOf(first);
        String b = runIdOf(second);
        assertThat(a).isNotEqualTo(b);
        var keys = software.amazon.awssdk.services.s3.S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(emulator.endpoint())).build()
                .listObjectsV2(x -> x.bucket("emrflow-test-bucket").prefix("runs/")).contents().stream().map(o -> o.key()).toList();
        assertThat(keys).anyMatch(k -> k.startsWith("runs/" + a + "/output/part-")).anyMatch(k -> k.startsWith("runs/" + b + "/output/part-"));
    }

    private static String runIdOf(ScriptResult r) {
        Matcher m = Pattern.compile("run (\\d{8}-\\d{6}-[0-9a-f]{6}): started").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void aFailedJobRunIsCaughtCleanedUpAndExplained() {
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Job failed: ExecutorLostFailure (disk full)\"}}");
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("run FAILED in RunJob: States.TaskFailed",
                "FAILED: Job failed: ExecutorLostFailure (disk full)", "> CleanupStopApplication", "(cleaned up)");
        assertNotLeftRunning(applicationOf(r));
        assertThat(operations()).containsSubsequence("startJobRun", "stopApplication", "deleteApplication");
    }

    @Test
    void aRejectedCreateApplicationFailsWithItsCauseAndLeavesNothing() {
        emulator.fault("{\"operation\": \"createApplication\", \"error\": \"ValidationException\", \"message\": \"Release label emr-7.9.0 is not supported\"}");
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("run FAILED in CreateApplication: EMRServerless.ValidationException",
                "Release label emr-7.9.0 is not supported");
        assertThat(operations()).containsExactly("createApplication");
    }

    @Test
    void aFailingStartApplicationStopsAndDeletesTheApplication() {
        emulator.fault("{\"operation\": \"startApplication\", \"error\": \"ConflictException\", \"message\": \"Maximum vCPU quota reached\", \"times\": 9}");
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("run FAILED in StartApplication", "Maximum vCPU quota reached");
        assertNotLeftRunning(applicationOf(r));
    }

    @Test
    void aThrottledCallSucceedsAfterRetry() {
        emulator.fault("{\"operation\": \"startApplication\", \"error\": \"ThrottlingException\", \"times\": 1}");
        ScriptResult r = run("--top", "1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(operations().stream().filter(o -> o.equals("startApplication")).count()).isEqualTo(2);
    }

    @Test
    void resultsReadsSeveralPartFilesIgnoringMarkers() {
        var s3 = software.amazon.awssdk.services.s3.S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(emulator.endpoint())).build();
        String prefix = "runs/29991231-235959-abcdef/output/";
        s3.putObject(b -> b.bucket("emrflow-test-bucket").key(prefix + "part-00000.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("job_title,max_salary,min_salary\nAlpha,300,100\n"));
        s3.putObject(b -> b.bucket("emrflow-test-bucket").key(prefix + "part-00001.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("job_title,max_salary,min_salary\n\"Beta, Senior\",2000000,5\n"));
        s3.putObject(b -> b.bucket("emrflow-test-bucket").key(prefix + "_SUCCESS"), software.amazon.awssdk.core.sync.RequestBody.empty());

        ScriptResult table = ScriptResult.run(new results(), EmulatorProject.args(project, emulator));
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("Beta, Senior +2,000,000 +5").contains("2 rows");
        ScriptResult csv = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--format", "csv"));
        assertThat(csv.out()).isEqualTo("job_title,max_salary,min_salary\nAlpha,300,100\n\"Beta, Senior\",2000000,5\n");
        ScriptResult json = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--format", "json"));
        JsonNode rows = JsonDocuments.parse("json", json.out()).path("rows");
        assertThat(rows.get(1).path("job_title").asText()).isEqualTo("Beta, Senior");
        assertThat(rows.get(1).path("max_salary").asLong()).isEqualTo(2_000_000L);

        s3.putObject(b -> b.bucket("emrflow-test-bucket").key("runs/29991231-235959-badbad/output/part-00000.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("nonsense\n1,2\n"));
        ScriptResult malformed = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--run", "29991231-235959-badbad"));
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("header is 'nonsense', expected 'job_title,max_salary,min_salary'");
        ScriptResult missing = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--run", "20000101-000000-000000"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no output under");
    }
}
