import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * deploy.java --region overrides the config's region for every call; the rendered documents must
 * name that region too (ARNs, aws:RequestedRegion), or the deploy would only half work there.
 */
class DeployRegionTest {
    @TempDir
    static Path dir;
    static Emulator emulator;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theDocumentsAreRenderedForTheRegionTheClientsUse() {
        Project project = TestProjects.create(dir.resolve("p"), "region=us-east-1");
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, "--region", "eu-west-1"));
        assertThat(r.exitCode()).as(r.toString()).isZero();

        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        IamClient iam = IamClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        String policy = URLDecoder.decode(iam.getRolePolicy(b -> b.roleName("emrflow-test-sfn").policyName("emrflow-test-sfn-access"))
                .policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).contains("eu-west-1").doesNotContain("us-east-1");

        SfnClient sfn = SfnClient.builder().region(Region.EU_WEST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        assertThat(sfn.listStateMachines().stateMachines()).extracting(m -> m.stateMachineArn())
                .containsExactly("arn:aws:states:eu-west-1:123456789012:stateMachine:emrflow-test-workflow");
    }
}
