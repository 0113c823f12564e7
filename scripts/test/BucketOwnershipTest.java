import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ExpectedOwnerInterceptor;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.results.RunRecord;
import io.github.emrflow.run.RunOutcome;
import io.github.emrflow.run.RunReport;
import io.github.emrflow.run.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A bucket emrflow did not create is not taken over without being asked (deploy --adopt-bucket),
 * adopting it keeps what its owner set, and every S3 request names this account as the bucket's
 * expected owner (security review findings 2 and 7).
 */
class BucketOwnershipTest {
    private static final String ACCOUNT = TemplateModel.PLACEHOLDER_ACCOUNT;

    @TempDir
    static Path dir;
    static Emulator emulator;
    static S3Client s3;
    static IamClient iam;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).forcePathStyle(true).build();
        iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(creds).endpointOverride(endpoint).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void stopRecording() {
        ExpectedOwnerInterceptor.stop();
    }

    private static Project project(String name, String bucket, String prefix) throws IOException {
        Project p = TestProjects.create(dir.resolve(name));
        Files.writeString(p.configFile(), "bucket=" + bucket + "\nname.prefix=" + prefix + "\n");
        return p;
    }

    private static ScriptResult deploy(Project p, String... extra) {
        WriteCallCounter.reset();
        return ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator, extra));
    }

    private static Map<String, String> tags(String bucket) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static List<JsonNode> statements(String bucket) {
        List<JsonNode> list = new ArrayList<>();
        JsonDocuments.parse("policy", s3.getBucketPolicy(b -> b.bucket(bucket)).policy()).path("Statement").forEach(list::add);
        return list;
    }

    @Test
    void aBucketNotTaggedAsTheProjectsIsRefusedUnlessAdoptedAndAdoptingKeepsWhatItHas() throws IOException {
        String bucket = "someone-elses-data";
        String arn = "arn:aws:s3:::" + bucket;
        s3.createBucket(b -> b.bucket(bucket));
        String theirs = "{\"Sid\":\"AnalystsRead\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT
                + ":role/analyst\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + arn + "/*\"}";
        // A stale copy of emrflow's own statement (same Sid, other content): adoption replaces it, not adds a second.
        String stale = "{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":\"" + arn + "/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}";
        s3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + theirs + "," + stale + "]}"));
        String key = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key)))));
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(Tag.builder().key("team").value("data").build())));
        String policyBefore = s3.getBucketPolicy(b -> b.bucket(bucket)).policy();
        Project p = project("adopt", bucket, "adopter");

        String refusal = "error: bucket 'someone-elses-data' exists but is not tagged emrflow:project=adopter: it is not this project's;"
                + " choose another 'bucket', or pass --adopt-bucket to add this project's policy statement and tags beside what it has";
        for (String[] args : List.of(new String[] {"--dry-run"}, new String[0])) {
            ScriptResult r = deploy(p, args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains(refusal).doesNotContain("\tat ");
            assertThat(WriteCallCounter.writes()).as("writes of a refused deploy").isEmpty();
        }
        assertThat(iam.listRoles().roles()).noneMatch(role -> role.roleName().startsWith("adopter"));
        assertThat(s3.getBucketPolicy(b -> b.bucket(bucket)).policy()).isEqualTo(policyBefore);
        assertThat(tags(bucket)).containsExactly(Map.entry("team", "data"));

        ScriptResult plan = deploy(p, "--dry-run", "--adopt-bucket");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(WriteCallCounter.writes()).isEmpty();
        // SSE-KMS counts as encrypted: only the block, the policy and the tags are to be written.
        assertThat(plan.out()).containsPattern("bucket +someone-elses-data +would update \\(public access block, policy, tags\\)");

        ScriptResult adopted = deploy(p, "--adopt-bucket");
        assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
        assertThat(WriteCallCounter.writes()).doesNotContain("S3:PutBucketEncryption");
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(tags(bucket)).containsOnly(Map.entry("team", "data"), Map.entry("emrflow:project", "adopter"),
                Map.entry("emrflow:adopted", "true"));
        List<JsonNode> statements = statements(bucket);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).isEqualTo(JsonDocuments.parse("theirs", theirs));
        assertThat(statements.get(1).path("Sid").asText()).isEqualTo("DenyInsecureTransport");
        assertThat(PolicyResources.of(statements.get(1))).containsExactly(arn, arn + "/*");

        // Adopted once, the bucket is the project's: later deploys need no flag and find it up to date.
        ScriptResult again = deploy(p);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("everything is up to date");
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();

        // Tags the owner adds later are not ours to remove: the bucket stays up to date with them.
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(Tag.builder().key("emrflow:project").value("adopter").build(),
                Tag.builder().key("emrflow:adopted").value("true").build(), Tag.builder().key("team").value("data").build(),
                Tag.builder().key("added").value("later").build())));
        ScriptResult stillUpToDate = deploy(p);
        assertThat(stillUpToDate.out()).as(stillUpToDate.toString()).contains("everything is up to date");
        assertThat(tags(bucket)).containsEntry("added", "later");
    }

    /** The Resource of a statement as a list (a string or an array of strings). */
    private static final class PolicyResources {
        static List<String> of(JsonNode statement) {
            List<String> list = new ArrayList<>();
            JsonNode r = statement.path("Resource");
            if (r.isArray()) {
                r.forEach(n -> list.add(n.asText()));
            } else {
                list.add(r.asText());
            }
            return list;
        }
    }

    @Test
    void everyS3RequestNamesTheAccountAsTheBucketOwner() throws IOException {
        Project p = project("pinned", "owner-pinned-bucket", "pinned");
        String bucket = "owner-pinned-bucket";
        List<ExpectedOwnerInterceptor.Call> calls = new ArrayList<>();
        List<String> withoutMember = new ArrayList<>();

        ExpectedOwnerInterceptor.start();
        ScriptResult created = deploy(p);
        ScriptResult unchanged = deploy(p);
        Path smaller = dir.resolve("smaller.csv");
        Files.write(smaller, Files.readAllLines(TestProjects.dataset()).subList(0, 20));
        ScriptResult uploaded = deploy(p, "--input", smaller.toString());
        ExpectedOwnerInterceptor.stop();
        calls.addAll(ExpectedOwnerInterceptor.calls());
        withoutMember.addAll(ExpectedOwnerInterceptor.withoutMember());
        for (ScriptResult r : List.of(created, unchanged, uploaded)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }

        // A finished run's output, put there by the test's own client (not recorded), for results.java to read.
        String prefix = "runs/29991231-235959-abcdef/output/";
        s3.putObject(b -> b.bucket(bucket).key(prefix + "part-00000.csv"),
                RequestBody.fromString("job_title,max_salary,min_salary\nAlpha,300,100\n"));
        s3.putObject(b -> b.bucket(bucket).key(prefix + "_SUCCESS"), RequestBody.empty());

        ExpectedOwnerInterceptor.start();
        ScriptResult results = ScriptResult.run(new results(), EmulatorProject.args(p, emulator));
        AwsOptions options = new AwsOptions();
        options.endpointUrl = emulator.endpoint();
        try (AwsSession aws = AwsSession.open(options, p.config())) {
            RemoteRuns runs = new RemoteRuns(aws, bucket);
            runs.writeRecord(new RunRecord("29991231-235959-abcdef", "salary-by-title", "input/ds_salaries.csv", Map.of(), 1.0));
            assertThat(runs.record("29991231-235959-abcdef")).isPresent();
            // The failure report reads the driver's log from the bucket (absent here: it then shows none).
            new RunReport(aws, bucket).failure(new RunOutcome(RunStatus.FAILED, "RunJob", "States.TaskFailed", null,
                    "00000000000000000", "00000000000000000", 1.0));
        }
        ScriptResult destroyed = ScriptResult.run(new destroy(), EmulatorProject.args(p, emulator, "--yes", "--delete-data"));
        ExpectedOwnerInterceptor.stop();
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        calls.addAll(ExpectedOwnerInterceptor.calls());
        withoutMember.addAll(ExpectedOwnerInterceptor.withoutMember());
        assertThat(results.exitCode()).as(results.toString()).isZero();
        assertThat(results.out()).contains("Alpha");

        assertThat(calls).extracting(ExpectedOwnerInterceptor.Call::operation).contains("HeadBucket", "GetBucketTagging",
                "GetBucketEncryption", "GetPublicAccessBlock", "GetBucketPolicy", "PutPublicAccessBlock", "PutBucketEncryption",
                "PutBucketPolicy", "PutBucketTagging", "HeadObject", "PutObject", "ListObjectsV2", "GetObject", "DeleteObjects", "DeleteBucket");
        assertThat(calls).as("S3 requests that do not name the expected bucket owner")
                .filteredOn(c -> !ACCOUNT.equals(c.expectedOwner())).isEmpty();
        assertThat(withoutMember).as("S3 operations without an ExpectedBucketOwner member").containsOnly("CreateBucket");
    }
}
