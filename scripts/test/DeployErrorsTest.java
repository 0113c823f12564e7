import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.config.Project;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bad input to deploy.java: one clear line, a non-zero exit, nothing half-created. */
class DeployErrorsTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static IamClient iam;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        iam = IamClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(emulator.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void credentialsBack() {
        EmulatorProject.useEmulatorCredentials();
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.configFile");
    }

    private static void assertOneLine(ScriptResult r, int exit, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("\tat ");
    }

    private static void assertNothingCreated() {
        assertThat(iam.listRoles().roles()).isEmpty();
    }

    @Test
    void noCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", dir.resolve("no-config").toString());
        Project p = TestProjects.create(dir.resolve("nocreds"));
        assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator)), 3, "error: no AWS credentials found");
        assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator, "--profile", "nobody")), 3,
                "error: AWS profile 'nobody' has no usable credentials");
        assertNothingCreated();
    }

    @Test
    void unknownRegion() {
        Project p = TestProjects.create(dir.resolve("region"));
        ScriptResult r = ScriptResult.run(new deploy(), "--project", p.root().toString(), "--region", "zz-west-9");
        assertOneLine(r, 2, "error: unknown AWS region 'zz-west-9'");
        assertOneLine(ScriptResult.run(new deploy(), "--project", p.root().toString(), "--region", "Frankfurt"), 2,
                "region 'Frankfurt' is not a region code like us-east-1");
    }

    @Test
    void unreachableEndpoint() {
        Project p = TestProjects.create(dir.resolve("unreachable"));
        ScriptResult r = ScriptResult.run(new deploy(), "--project", p.root().toString(), "--endpoint-url", "http://127.0.0.1:9");
        assertOneLine(r, 3, "error: cannot reach AWS for sts:GetCallerIdentity");
        assertThat(r.err()).contains("check the network, --region and --endpoint-url");
    }

    @Test
    void aBucketOwnedBySomeoneElse() {
        emulator.foreignBucket("taken-by-someone-else");
        Project p = TestProjects.create(dir.resolve("taken"));
        Files.exists(p.configFile());
        try {
            Files.writeString(p.configFile(), "bucket=taken-by-someone-else\nname.prefix=taken\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator));
        assertOneLine(r, 2, "error: bucket 'taken-by-someone-else' already exists and belongs to another AWS account");
        assertNothingCreated();
    }

    @Test
    void anInvalidTemplateIsNamedAndNothingIsCreated() throws Exception {
        Project p = TestProjects.create(dir.resolve("badtemplate"));
        Path trust = p.templatesDir().resolve("sfn-role-trust.json.ftl");
        Files.writeString(trust, Files.readString(trust).replace("\"Effect\": \"Allow\",", "\"Effect\": \"Allow\",\n      \"Effect\": \"Deny\","));
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator));
        assertOneLine(r, 2, "error: sfn-role-trust.json.ftl: invalid JSON at line");
        assertThat(r.out()).doesNotContain("created");
        assertNothingCreated();
    }

    @Test
    void accessDeniedNamesTheActionAndResource() {
        S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:PutBucketPolicy").build())
                .build();
        UserError e = AwsErrors.translate("s3:PutBucketPolicy", "my-bucket", denied);
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo("access denied: s3:PutBucketPolicy on my-bucket (User: arn:aws:iam::123456789012:user/dev"
                + " is not authorized to perform: s3:PutBucketPolicy): grant it to the deploying identity (see docs/iam.md)");
    }
}
