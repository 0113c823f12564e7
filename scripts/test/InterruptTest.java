import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.config.Project;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Ctrl-C (a signal to the run.java process) stops the execution and cleans up the application. */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void aSignalDuringTheJobStopsTheExecutionAndTheApplication() throws Exception {
        EmulatorProject.useEmulatorCredentials();
        try (Emulator emulator = Emulator.start("--job-delay-seconds", "120")) {
            Project project = TestProjects.create(dir.resolve("p"));
            ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
            assertThat(deployed.exitCode()).as(deployed.toString()).isZero();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "run",
                    "--project", project.root().toString(), "--endpoint-url", emulator.endpoint());
            pb.environment().put("AWS_ACCESS_KEY_ID", "test");
            pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            pb.redirectErrorStream(true);
            Process process = pb.start();
            StringBuilder seen = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.matches(".*job [0-9a-z]+: SUBMITTED.*")) {
                        process.toHandle().destroy(); // SIGTERM: what Ctrl-C's SIGINT also triggers in the JVM (shutdown hooks)
                    }
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = seen.toString();
            assertThat(output).contains("interrupted: stopping the run and cleaning up...", "stopped execution run-",
                    "deleted application");

            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            URI endpoint = URI.create(emulator.endpoint());
            SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
            EmrServerlessClient emr = EmrServerlessClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                    .endpointOverride(endpoint).build();
            Matcher m = Pattern.compile("started (arn:\\S+)").matcher(output);
            assertThat(m.find()).as(output).isTrue();
            String arn = m.group(1);
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.ABORTED);
            Matcher app = Pattern.compile("application ([0-9a-z]{8,})").matcher(output);
            assertThat(app.find()).as(output).isTrue();
            assertThat(emr.getApplication(b -> b.applicationId(app.group(1))).application().state()).isEqualTo(ApplicationState.TERMINATED);
            assertThat(List.of(emulator.calls())).anyMatch(c -> c.contains("deleteApplication"));
        }
    }
}
