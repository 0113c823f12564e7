import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 14 item 7: a job that calls a function of its own Python package (job/salarytools/) from
 * its SQL. Deploy zips and uploads the package (and skips it when unchanged), the state machine
 * passes it with --py-files, the emulator's job run imports it from the uploaded zip, and a local
 * run uses it too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonModulesOnEmulatorTest {
    private static final String ZIP_KEY = "jobs/salary-by-title.zip";
    private static final String BUCKET = "emrflow-test-bucket";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static S3Client s3;
    static SfnClient sfn;

    /** The sample job, its titles passed through a function of its own package. */
    static Project withOwnModule(Path root) throws IOException {
        Project p = TestProjects.create(root);
        Path job = p.jobDir();
        Files.createDirectories(job.resolve("salarytools"));
        Files.writeString(job.resolve("salarytools/__init__.py"), "");
        writeModule(job, "upper");
        String definition = Files.readString(job.resolve("job.json"));
        Files.writeString(job.resolve("job.json"), definition.replaceFirst("\"output\":",
                "\"udfs\": [{\"name\": \"tidy_title\", \"function\": \"salarytools.text:tidy\", \"returnType\": \"string\"}],\n  \"output\":"));
        String sql = Files.readString(job.resolve("query.sql"));
        Files.writeString(job.resolve("query.sql"), sql.replace("SELECT job_title,", "SELECT tidy_title(job_title) AS job_title,")
                .replace("GROUP BY job_title", "GROUP BY tidy_title(job_title)"));
        return p;
    }

    static void writeModule(Path job, String method) throws IOException {
        Files.writeString(job.resolve("salarytools/text.py"),
                "\"\"\"Titles as the report prints them.\"\"\"\n\n\ndef tidy(title):\n    return None if title is None else title.strip()." + method + "()\n");
    }

    @BeforeAll
    static void start() throws IOException {
        EmulatorProject.useEmulatorCredentials();
        project = withOwnModule(dir.resolve("p"));
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).forcePathStyle(true).build();
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
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

    private static ScriptResult run() {
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    @Order(1)
    void deployUploadsTheZipAndPassesItWithPyFiles() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("object +s3://" + BUCKET + "/" + ZIP_KEY + " +created");
        var head = s3.headObject(b -> b.bucket(BUCKET).key(ZIP_KEY));
        assertThat(head.metadata()).containsKey("emrflow-sha256");
        String definition = sfn.describeStateMachine(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow")).definition();
        assertThat(definition).contains("--py-files s3://" + BUCKET + "/" + ZIP_KEY);
    }

    @Test
    @Order(2)
    void aSecondDeploySkipsTheUnchangedZip() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("object +s3://" + BUCKET + "/" + ZIP_KEY + " +unchanged");
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
    }

    @Test
    @Order(3)
    void theJobRunImportsTheUploadedModule() throws IOException {
        ScriptResult r = run();
        assertThat(r.out()).containsPattern("(?m)^DATA ENGINEER +324,000 +12,000$").contains("93 rows");
        // Changed here but not deployed: the run still imports what was uploaded.
        writeModule(project.jobDir(), "lower");
        assertThat(run().out()).containsPattern("(?m)^DATA ENGINEER +324,000 +12,000$");
    }

    @Test
    @Order(4)
    void aChangedModuleIsUploadedAloneAndRunsNext() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("object +s3://" + BUCKET + "/" + ZIP_KEY + " +updated");
        assertThat(WriteCallCounter.writes()).containsExactly("S3:PutObject");
        assertThat(run().out()).containsPattern("(?m)^data engineer +324,000 +12,000$");
    }

    @Test
    @Order(5)
    void aLocalRunCallsTheModuleToo() {
        ScriptResult r = ScriptResult.run(new run(), "--project", project.root().toString(), "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^data engineer +324,000 +12,000$");
        assertThat(List.of(project.runsDir().toFile().list())).noneMatch(n -> n.endsWith(".zip"));
    }
}
