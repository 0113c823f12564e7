import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 14 item 6: dev and prod of one project deployed side by side in one account (their own
 * names, tags and buckets), a run in each, and one destroyed without touching the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvironmentsOnEmulatorTest {
    private static final String ACCOUNT = "123456789012";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static SfnClient sfn;
    static IamClient iam;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"));
        Files.writeString(project.root().resolve("emrflow.dev.properties"), "bucket=emrflow-test-dev\n");
        // prod differs in more than its bucket: its own tags and a bigger executor count.
        Files.writeString(project.root().resolve("emrflow.prod.properties"),
                "bucket=emrflow-test-prod\ntags=team=data\nexecutor.instances=2\n");
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(creds).endpointOverride(endpoint).build();
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).forcePathStyle(true).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static ScriptResult script(java.util.concurrent.Callable<Integer> script, String... extra) {
        return ScriptResult.run(script, EmulatorProject.args(project, emulator, extra));
    }

    private static String machineArn(String env) {
        return "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:emrflow-test-" + env + "-workflow";
    }

    private static Map<String, String> machineTags(String env) {
        Map<String, String> tags = new LinkedHashMap<>();
        sfn.listTagsForResource(b -> b.resourceArn(machineArn(env))).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Map<String, String> roleTags(String role) {
        Map<String, String> tags = new LinkedHashMap<>();
        iam.listRoleTags(b -> b.roleName(role)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Map<String, String> bucketTags(String bucket) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    @Test
    @Order(1)
    void devAndProdDeploySideBySideWithTheirOwnNamesTagsAndBuckets() {
        for (String env : List.of("dev", "prod")) {
            ScriptResult r = script(new deploy(), "--env", env);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("deploying emrflow-test-" + env + " to");
        }
        assertThat(machineTags("dev")).containsEntry("emrflow:project", "emrflow-test-dev").containsEntry("emrflow:environment", "dev");
        assertThat(machineTags("prod")).containsEntry("emrflow:project", "emrflow-test-prod").containsEntry("emrflow:environment", "prod")
                .containsEntry("team", "data");
        for (String env : List.of("dev", "prod")) {
            for (String role : List.of("emrflow-test-" + env + "-emr-job", "emrflow-test-" + env + "-sfn")) {
                assertThat(roleTags(role)).as(role).containsEntry("emrflow:environment", env);
            }
            assertThat(bucketTags("emrflow-test-" + env)).containsEntry("emrflow:project", "emrflow-test-" + env)
                    .containsEntry("emrflow:environment", env);
            String definition = sfn.describeStateMachine(b -> b.stateMachineArn(machineArn(env))).definition();
            assertThat(definition).contains("s3://emrflow-test-" + env + "/", "\"emrflow:environment\"", "emrflow-test-" + env + "-{}")
                    .doesNotContain("emrflow-test-bucket");
        }
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machineArn("prod"))).definition())
                .contains("spark.executor.instances=2");
        // The base config (no --env) deployed nothing: its bucket does not exist.
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactlyInAnyOrder("emrflow-test-dev", "emrflow-test-prod");
    }

    @Test
    @Order(2)
    void aRedeployOfOneEnvironmentWritesNothing() {
        WriteCallCounter.reset();
        ScriptResult r = script(new deploy(), "--env", "prod");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
    }

    @Test
    @Order(3)
    void eachEnvironmentRunsItsJobIntoItsOwnBucket() {
        for (String env : List.of("dev", "prod")) {
            ScriptResult r = script(new run(), "--env", env);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("(?m)^Data Engineer +324,000 +12,000$");
            assertThat(s3.listObjectsV2(b -> b.bucket("emrflow-test-" + env).prefix("runs/")).contents()).isNotEmpty();
            ScriptResult results = script(new results(), "--env", env, "--format", "json");
            assertThat(results.exitCode()).as(results.toString()).isZero();
            assertThat(results.out()).contains("\"count\" : 93");
        }
    }

    @Test
    @Order(4)
    void destroyingDevLeavesProdWhole() {
        ScriptResult r = script(new destroy(), "--env", "dev", "--yes", "--delete-data");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("deleted state machine emrflow-test-dev-workflow", "deleted role emrflow-test-dev-sfn",
                "deleted bucket emrflow-test-dev").doesNotContain("prod");
        assertThat(sfn.listStateMachines().stateMachines()).extracting(m -> m.name()).containsExactly("emrflow-test-prod-workflow");
        for (String role : List.of("emrflow-test-dev-emr-job", "emrflow-test-dev-sfn")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> iam.getRole(b -> b.roleName(role))).isInstanceOf(NoSuchEntityException.class);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("emrflow-test-dev")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(roleTags("emrflow-test-prod-sfn")).containsEntry("emrflow:environment", "prod");
        assertThat(s3.listObjectsV2(b -> b.bucket("emrflow-test-prod").prefix("runs/")).contents()).isNotEmpty();

        ScriptResult prod = script(new run(), "--env", "prod");
        assertThat(prod.exitCode()).as(prod.toString()).isZero();
        assertThat(prod.out()).containsPattern("(?m)^Data Engineer +324,000 +12,000$");
    }

    @Test
    @Order(5)
    void localRunsOfAnEnvironmentLiveUnderItsOwnFolder() {
        ScriptResult r = ScriptResult.run(new run(), "--project", project.root().toString(), "--local", "--env", "dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(project.root().resolve("runs/dev")).isDirectory();
        ScriptResult plain = ScriptResult.run(new results(), "--project", project.root().toString(), "--local");
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(2);
        assertThat(plain.err()).contains("no local run yet");
        ScriptResult dev = ScriptResult.run(new results(), "--project", project.root().toString(), "--local", "--env", "dev");
        assertThat(dev.exitCode()).as(dev.toString()).isZero();
        assertThat(dev.out()).containsPattern("(?m)^Data Engineer +324,000 +12,000$");
    }
}
