import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad environments (issue 14 item 6): an unknown one, a bad name, one without a bucket of its own,
 * a bad value in its file. Each is one line naming what is wrong (and the file), exit 2, and deploy
 * makes no AWS write at all.
 */
class EnvironmentInputsTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;

    @BeforeAll
    static void start() throws IOException {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        project = TestProjects.create(dir.resolve("p"));
        Files.writeString(project.root().resolve("emrflow.shared.properties"), "executor.instances=3\n");
        Files.writeString(project.root().resolve("emrflow.same.properties"), "bucket=emrflow-test-bucket\n");
        Files.writeString(project.root().resolve("emrflow.bad.properties"), "bucket=emrflow-test-bad\ndriver.memory.gb=1\n");
        Files.writeString(project.root().resolve("emrflow.typo.properties"), "bucket=emrflow-test-typo\nexecutor.instance=2\n");
        Files.writeString(project.root().resolve("emrflow.param.properties"), "bucket=emrflow-test-param\njob.salary_column=nope\n");
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void refusedWithoutWrites(String line, String... flags) {
        WriteCallCounter.reset();
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, flags));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).as(r.toString()).containsExactly(line);
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(WriteCallCounter.writes()).as(WriteCallCounter.calls().toString()).isEmpty();
    }

    @Test
    void anUnknownEnvironmentNamesTheMissingFile() {
        refusedWithoutWrites("error: environment 'staging' has no emrflow.staging.properties in " + project.root()
                + ": create it (it must set its own 'bucket') or drop --env", "--env", "staging");
    }

    @Test
    void aBadEnvironmentNameSaysWhatIsAllowed() {
        refusedWithoutWrites("error: --env is 'Prod-1'; allowed: 1-8 lowercase letters or digits, starting with a letter (e.g. dev, prod, stage2)",
                "--env", "Prod-1");
    }

    @Test
    void anEnvironmentMustHaveItsOwnBucket() {
        String line = "error: emrflow.%s.properties: set 'bucket' to a bucket of this environment's own (not emrflow.properties's):"
                + " two environments must not share one bucket";
        refusedWithoutWrites(line.formatted("shared"), "--env", "shared");
        refusedWithoutWrites(line.formatted("same"), "--env", "same");
    }

    @Test
    void aBadValueNamesTheEnvironmentFileItCameFrom() {
        refusedWithoutWrites("error: emrflow.bad.properties: 'driver.memory.gb' is '1'; allowed: a whole number of GB the EMR Serverless"
                + " worker size allows for the cores (1 vCPU: 2-8, 2: 4-16, 4: 8-30, 8: 16-60, 16: 32-120)", "--env", "bad");
        ScriptResult typo = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, "--env", "typo"));
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("error: emrflow.typo.properties: unknown key 'executor.instance'");
        ScriptResult param = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, "--env", "param"));
        assertThat(param.exitCode()).isEqualTo(2);
        assertThat(param.err()).contains("emrflow.param.properties").contains("salary_column");
    }

    @Test
    void everyScriptTakesEnv() {
        for (java.util.concurrent.Callable<Integer> script : java.util.List.<java.util.concurrent.Callable<Integer>>of(
                new run(), new results(), new destroy(), new emulator())) {
            ScriptResult r = ScriptResult.run(script, "--project", project.root().toString(), "--env", "staging");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).contains("emrflow.staging.properties");
        }
    }

    @Test
    void aPrefixTooLongWithItsEnvironmentIsRefused() throws IOException {
        Project longName = TestProjects.create(dir.resolve("long"));
        Files.writeString(longName.configFile(), "bucket=emrflow-test-bucket\nname.prefix=a-prefix-of-thirty-chars-abcdef\n");
        Files.writeString(longName.root().resolve("emrflow.dev.properties"), "bucket=emrflow-test-long\n");
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(longName, emulator, "--env", "dev"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("'a-prefix-of-thirty-chars-abcdef-dev', longer than 32 characters");
    }
}
