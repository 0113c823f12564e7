import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.config.Config;
import io.github.emrflow.deploy.Deployment;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sfn.SfnClient;

/** deploy.java and destroy.java against moto's server (real SDK clients, real HTTP). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static S3Client s3;
    static IamClient iam;
    static SfnClient sfn;
    static EmrServerlessClient emr;
    static List<String> firstPlan;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        project = TestProjects.create(dir.resolve("p"));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).forcePathStyle(true).build();
        iam = IamClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        emr = EmrServerlessClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static ScriptResult deploy(String... extra) {
        WriteCallCounter.reset();
        return ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, extra));
    }

    private static Rendered rendered() {
        Config config = project.config();
        return new TemplateRenderer(project.templatesDir()).renderAll(TemplateModel.of(config, "123456789012", "aws"));
    }

    @Test
    @Order(1)
    void dryRunOnAnEmptyAccountWritesNothingAndPlansEveryResource() {
        ScriptResult r = deploy("--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).isEmpty();
        firstPlan = r.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(firstPlan).hasSize(7).allMatch(l -> l.endsWith("would create"));
        assertThat(r.out()).contains("dry run: nothing was written");
    }

    @Test
    @Order(2)
    void deployCreatesEverythingItPlanned() throws Exception {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> done = r.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(done).hasSize(7).allMatch(l -> l.endsWith("created"));
        assertThat(done).containsExactlyElementsOf(firstPlan.stream().map(l -> l.replace("would create", "created")).toList());
        assertThat(WriteCallCounter.writes()).isNotEmpty();

        String bucket = "emrflow-test-bucket";
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        var block = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets()))
                .containsOnly(true);
        JsonNode policy = JsonDocuments.parse("policy", s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
        assertThat(policy.at("/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(policy.at("/Statement/0/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");

        Rendered expected = rendered();
        String job = s3.getObjectAsBytes(b -> b.bucket(bucket).key("jobs/salary-by-title.py")).asUtf8String();
        assertThat(job).isEqualTo(expected.text(Artifact.JOB_SCRIPT));
        byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key("input/ds_salaries.csv")).asByteArray();
        assertThat(data).isEqualTo(Files.readAllBytes(TestProjects.dataset()));

        for (String[] role : List.of(
                new String[] {"emrflow-test-emr-job", "emrflow-test-emr-job-access", "JOB_ROLE_TRUST", "JOB_ROLE_POLICY"},
                new String[] {"emrflow-test-sfn", "emrflow-test-sfn-access", "STATE_MACHINE_ROLE_TRUST", "STATE_MACHINE_ROLE_POLICY"},
                new String[] {"emrflow-test-scheduler", "emrflow-test-scheduler-access", "SCHEDULER_ROLE_TRUST", "SCHEDULER_ROLE_POLICY"})) {
            var got = iam.getRole(b -> b.roleName(role[0])).role();
            assertThat(decode(got.assumeRolePolicyDocument())).isEqualTo(expected.json(Artifact.valueOf(role[2])));
            assertThat(decode(iam.getRolePolicy(b -> b.roleName(role[0]).policyName(role[1])).policyDocument()))
                    .isEqualTo(expected.json(Artifact.valueOf(role[3])));
            assertThat(iam.listRoleTags(b -> b.roleName(role[0])).tags())
                    .anyMatch(t -> t.key().equals("emrflow:project") && t.value().equals("emrflow-test"));
        }
        var machine = sfn.describeStateMachine(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow"));
        assertThat(JsonDocuments.parse("definition", machine.definition())).isEqualTo(expected.json(Artifact.STATE_MACHINE));
        assertThat(machine.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/emrflow-test-sfn");
    }

    @Test
    @Order(3)
    void aSecondDeployWithNothingChangedWritesNothing() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
        assertThat(r.out().lines().filter(l -> l.startsWith("  ")).toList()).hasSize(7).allMatch(l -> l.endsWith("unchanged"));
        assertThat(r.out()).contains("everything is up to date");
    }

    @Test
    @Order(4)
    void changingOneValueUpdatesOnlyWhatDependsOnIt() throws Exception {
        Path config = project.configFile();
        Files.writeString(config, Files.readString(config) + "job.timeout.minutes=45\n");
        ScriptResult plan = deploy("--dry-run");
        assertThat(WriteCallCounter.writes()).isEmpty();
        List<String> planned = plan.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(planned).filteredOn(l -> !l.endsWith("unchanged")).singleElement().asString()
                .contains("state machine").endsWith("would update (definition)");

        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> done = r.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(done).containsExactlyElementsOf(planned.stream().map(l -> l.replace("would update", "updated")).toList());
        assertThat(WriteCallCounter.writes()).containsExactly("Sfn:UpdateStateMachine");
        JsonNode definition = JsonDocuments.parse("d", sfn.describeStateMachine(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow")).definition());
        assertThat(definition.at("/States/RunJob/Parameters/ExecutionTimeoutMinutes").asInt()).isEqualTo(45);
    }

    @Test
    @Order(5)
    void aChangedInputIsUploadedAgainAndNothingElse() throws Exception {
        Path input = dir.resolve("small.csv");
        List<String> lines = Files.readAllLines(TestProjects.dataset());
        Files.write(input, lines.subList(0, 50));
        ScriptResult r = deploy("--input", input.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).containsExactly("S3:PutObject");
        assertThat(r.out()).contains("input/ds_salaries.csv").containsPattern("ds_salaries.csv +updated \\(content\\)");
    }

    @Test
    @Order(6)
    void destroyRemovesEverythingIncludingAStartedApplicationAndIsSafeTwice() {
        var app = emr.createApplication(b -> b.name("emrflow-test-leftover").releaseLabel("emr-7.9.0").type("SPARK")
                .tags(Map.of("emrflow:project", "emrflow-test")));
        emr.startApplication(b -> b.applicationId(app.applicationId()));
        var foreign = emr.createApplication(b -> b.name("someone-else").releaseLabel("emr-7.9.0").type("SPARK"));

        ScriptResult r = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes", "--delete-data"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("stopped application " + app.applicationId(), "deleted application " + app.applicationId(),
                "deleted state machine emrflow-test-workflow", "deleted role emrflow-test-sfn", "deleted role emrflow-test-emr-job",
                "deleted bucket emrflow-test-bucket");
        assertThat(emr.getApplication(b -> b.applicationId(app.applicationId())).application().state()).isEqualTo(ApplicationState.TERMINATED);
        assertThat(emr.getApplication(b -> b.applicationId(foreign.applicationId())).application().state()).isNotEqualTo(ApplicationState.TERMINATED);
        assertThat(iam.listRoles().roles()).noneMatch(role -> role.roleName().startsWith("emrflow-test"));
        assertThat(sfn.listStateMachines().stateMachines()).isEmpty();
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("emrflow-test-bucket"));

        ScriptResult again = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes", "--delete-data"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("nothing to remove for emrflow-test");
    }

    @Test
    @Order(7)
    void destroyRefusesWithoutYesWhenNotOnATerminal() {
        ScriptResult deployed = deploy();
        assertThat(deployed.exitCode()).isZero();
        ScriptResult r = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: not on a terminal: pass --yes to confirm the removal");
        assertThat(sfn.listStateMachines().stateMachines()).hasSize(1);
    }

    private static JsonNode decode(String doc) {
        return JsonDocuments.parse("doc", doc.startsWith("{") ? doc : URLDecoder.decode(doc, StandardCharsets.UTF_8));
    }
}
