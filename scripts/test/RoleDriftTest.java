import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;
import java.net.URI;
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
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The two roles hold what the templates give them and nothing else (security review findings 1 and
 * 6): deploy sets the configured permissions boundary on both, puts it back when it was removed or
 * changed, and removes any inline or attached policy someone added, after a dry run listed it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleDriftTest {
    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/emrflow-test-boundary";
    private static final String OTHER_BOUNDARY = "arn:aws:iam::123456789012:policy/other-boundary";
    private static final String JOB_ROLE = "emrflow-test-emr-job";
    private static final String SFN_ROLE = "emrflow-test-sfn";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static IamClient iam;
    static String adminArn;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        project = TestProjects.create(dir.resolve("p"), "iam.permissions.boundary=" + BOUNDARY);
        iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(URI.create(emulator.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String everything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        for (String name : List.of("emrflow-test-boundary", "other-boundary")) {
            iam.createPolicy(b -> b.policyName(name).policyDocument(everything));
        }
        // moto does not load the AWS managed policies, so a customer managed one stands in for AdministratorAccess.
        adminArn = iam.createPolicy(b -> b.policyName("AdministratorAccess").policyDocument(everything)).policy().arn();
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

    private static String boundaryOf(String role) {
        var b = iam.getRole(r -> r.roleName(role)).role().permissionsBoundary();
        return b == null ? null : b.permissionsBoundaryArn();
    }

    private static List<String> planLine(ScriptResult r, String role) {
        return r.out().lines().filter(l -> l.startsWith("  role") && l.contains(role + " ")).toList();
    }

    @Test
    @Order(1)
    void deployCreatesBothRolesWithTheBoundary() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(boundaryOf(JOB_ROLE)).isEqualTo(BOUNDARY);
        assertThat(boundaryOf(SFN_ROLE)).isEqualTo(BOUNDARY);
        assertThat(deploy().out()).contains("everything is up to date");
    }

    @Test
    @Order(2)
    void anExtraInlineOrAttachedPolicyIsListedByADryRunThenRemoved() {
        String sneaky = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        iam.putRolePolicy(b -> b.roleName(JOB_ROLE).policyName("sneaky").policyDocument(sneaky));
        iam.attachRolePolicy(b -> b.roleName(SFN_ROLE).policyArn(adminArn));

        ScriptResult plan = deploy("--dry-run");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(WriteCallCounter.writes()).isEmpty();
        assertThat(planLine(plan, JOB_ROLE)).singleElement().asString().endsWith("would update (extra inline policy sneaky)");
        assertThat(planLine(plan, SFN_ROLE)).singleElement().asString().endsWith("would update (attached policy " + adminArn + ")");
        assertThat(plan.out()).doesNotContain("everything is up to date");

        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).containsExactlyInAnyOrder("Iam:DeleteRolePolicy", "Iam:DetachRolePolicy");
        assertThat(iam.listRolePolicies(b -> b.roleName(JOB_ROLE)).policyNames()).containsExactly("emrflow-test-emr-job-access");
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(SFN_ROLE)).attachedPolicies()).isEmpty();
        assertThat(deploy().out()).contains("everything is up to date");
    }

    @Test
    @Order(3)
    void aRemovedOrChangedBoundaryIsPutBack() {
        iam.deleteRolePermissionsBoundary(b -> b.roleName(JOB_ROLE));
        iam.putRolePermissionsBoundary(b -> b.roleName(SFN_ROLE).permissionsBoundary(OTHER_BOUNDARY));

        ScriptResult plan = deploy("--dry-run");
        assertThat(WriteCallCounter.writes()).isEmpty();
        assertThat(planLine(plan, JOB_ROLE)).singleElement().asString().endsWith("would update (permissions boundary missing)");
        assertThat(planLine(plan, SFN_ROLE)).singleElement().asString().endsWith("would update (permissions boundary was " + OTHER_BOUNDARY + ")");

        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).containsExactly("Iam:PutRolePermissionsBoundary", "Iam:PutRolePermissionsBoundary");
        assertThat(boundaryOf(JOB_ROLE)).isEqualTo(BOUNDARY);
        assertThat(boundaryOf(SFN_ROLE)).isEqualTo(BOUNDARY);
    }

    @Test
    @Order(4)
    void withoutTheSettingABoundaryAnAdministratorSetIsLeftAlone() throws Exception {
        Path config = project.configFile();
        String before = Files.readString(config);
        try {
            // Removing a boundary would widen the roles; docs/iam.md's deployer policy denies it anyway.
            Files.writeString(config, before.replace("iam.permissions.boundary=" + BOUNDARY, "iam.permissions.boundary="));
            ScriptResult r = deploy();
            assertThat(r.out()).as(r.toString()).contains("everything is up to date");
            assertThat(boundaryOf(JOB_ROLE)).isEqualTo(BOUNDARY);
        } finally {
            Files.writeString(config, before);
        }
    }

    @Test
    void theSettingTakesOnlyAManagedPolicyArn() {
        for (String good : List.of("", BOUNDARY, "arn:aws:iam::aws:policy/PowerUserAccess",
                "arn:aws-us-gov:iam::123456789012:policy/team/data/emrflow-boundary")) {
            assertThat(config(good).permissionsBoundary()).isEqualTo(good);
        }
        for (String bad : List.of("emrflow-boundary", "arn:aws:iam::123456789012:role/emrflow-boundary",
                "arn:aws:iam::12345:policy/x", "arn:aws:iam::123456789012:policy/")) {
            assertThatThrownBy(() -> config(bad)).isInstanceOf(UserError.class)
                    .hasMessageContaining("'iam.permissions.boundary' is '" + bad + "'; allowed: empty, or an IAM managed policy ARN");
        }
    }

    private static Config config(String boundary) {
        return Config.of(Map.of("bucket", "emrflow-test-bucket", "name.prefix", "emrflow-test", "iam.permissions.boundary", boundary), "test");
    }
}
