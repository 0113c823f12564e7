import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import java.net.URI;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A state machine is the project's by its tag, not its name (security review finding 3): deploy
 * and destroy refuse one named PREFIX-workflow without emrflow:project=PREFIX and leave everything
 * as it was. And destroy --delete-data never empties a bucket deploy adopted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateMachineOwnershipTest {
    private static final String NAME = "emrflow-test-workflow";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:" + NAME;
    private static final String SQUATTER = "{\"StartAt\":\"Mine\",\"States\":{\"Mine\":{\"Type\":\"Succeed\"}}}";
    private static final String BUCKET = "emrflow-test-bucket";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static SfnClient sfn;
    static IamClient iam;
    static S3Client s3;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        project = TestProjects.create(dir.resolve("p"));
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
        WriteCallCounter.reset();
        return ScriptResult.run(script, EmulatorProject.args(project, emulator, extra));
    }

    private static void assertRefused(ScriptResult r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: state machine '" + NAME + "' exists but is not tagged emrflow:project=emrflow-test:"
                + " it is not this project's; change 'name.prefix' or delete the state machine").doesNotContain("\tat ");
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
        var machine = sfn.describeStateMachine(b -> b.stateMachineArn(ARN));
        assertThat(machine.definition()).isEqualTo(SQUATTER);
        assertThat(machine.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/someone-elses");
    }

    @Test
    @Order(1)
    void aSquatterIsRefusedByDeployAndDestroyAndLeftAsItWas() {
        assertThat(script(new deploy()).exitCode()).isZero();
        // Someone else's workflow under the project's name, untagged.
        sfn.deleteStateMachine(b -> b.stateMachineArn(ARN));
        sfn.createStateMachine(b -> b.name(NAME).definition(SQUATTER).roleArn("arn:aws:iam::123456789012:role/someone-elses"));
        // moto keeps a deleted state machine's tags for the next one of that ARN; AWS does not.
        sfn.untagResource(b -> b.resourceArn(ARN).tagKeys("emrflow:project"));
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(ARN)).tags()).noneMatch(t -> t.key().equals("emrflow:project"));

        assertRefused(script(new deploy()));
        assertRefused(script(new deploy(), "--dry-run"));
        assertRefused(script(new destroy(), "--yes", "--delete-data"));
        // destroy stopped before anything: the project's roles and bucket are still there.
        assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).contains("emrflow-test-emr-job", "emrflow-test-sfn");
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(BUCKET));
    }

    @Test
    @Order(2)
    void theTaggedOneIsTheProjectsAgain() {
        sfn.tagResource(b -> b.resourceArn(ARN).tags(t -> t.key("emrflow:project").value("emrflow-test")));
        ScriptResult r = script(new deploy());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("state machine +" + NAME + " +updated \\(definition, role\\)");
    }

    @Test
    @Order(3)
    void destroyDeleteDataKeepsAnAdoptedBucketAndSaysWhy() {
        List<Tag> tags = List.of(Tag.builder().key("emrflow:project").value("emrflow-test").build(),
                Tag.builder().key("emrflow:adopted").value("true").build());
        s3.putBucketTagging(b -> b.bucket(BUCKET).tagging(t -> t.tagSet(tags)));
        int objects = s3.listObjectsV2(b -> b.bucket(BUCKET)).keyCount();
        assertThat(objects).isPositive();

        ScriptResult r = script(new destroy(), "--yes", "--delete-data");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(bucket " + BUCKET + " stays: deploy --adopt-bucket took it over (tagged emrflow:adopted=true)")
                .contains("deleted state machine " + NAME).doesNotContain("deleted bucket");
        assertThat(WriteCallCounter.writes()).noneMatch(w -> w.startsWith("S3:"));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).keyCount()).isEqualTo(objects);
    }
}
