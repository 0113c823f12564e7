import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every script's command line: --help, wrong flags; and emulator.java started and stopped as a user would. */
class ScriptsCommandLineTest {
    @TempDir
    Path dir;

    private static List<Callable<Integer>> scripts() {
        return List.of(new run(), new runlocal(), new results(), new deploy(), new destroy(), new emulator());
    }

    @Test
    void everyScriptHasHelpWithDefaultsAndAnExample() {
        for (Callable<Integer> script : scripts()) {
            ScriptResult r = ScriptResult.run(script, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(script.getClass().getName()).contains("Usage: ", "--project=DIR", "(default: .)", "Example", "-h, --help");
        }
    }

    @Test
    void everyScriptRejectsAWrongFlagWithAUsageLine() {
        for (Callable<Integer> script : scripts()) {
            ScriptResult r = ScriptResult.run(script, "--no-such-flag");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: Unknown option: '--no-such-flag'").contains("Usage: ", "--help' for more information");
        }
    }

    private Process startEmulatorCommand(Path project, String port) throws Exception {
        TestProjects.copyTree(TestProjects.repo().resolve("scripts/emulator"), project.resolve("emulator"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "emulator", "--project", project.toString(),
                "--port", port).redirectErrorStream(true).start();
    }

    @Test
    void theEmulatorCommandStartsPrintsWhatToDoAndStopsLeavingNoProcess() throws Exception {
        Path project = TestProjects.create(dir.resolve("p")).root();
        Process p = startEmulatorCommand(project, "0");
        StringBuilder seen = new StringBuilder();
        long pythonPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = Pattern.compile("emulator ready at http://127\\.0\\.0\\.1:\\d+ \\(pid (\\d+)\\)").matcher(line);
                if (m.find()) {
                    pythonPid = Long.parseLong(m.group(1));
                }
                if (line.startsWith("Ctrl-C stops it")) {
                    p.toHandle().destroy();
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.toString()).contains("export AWS_ENDPOINT_URL=http://127.0.0.1:", "./jbang deploy.java && ./jbang run.java");
        assertThat(pythonPid).as(seen.toString()).isPositive();
        final long pid = pythonPid;
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("emulator pid " + pid).isFalse();
    }

    @Test
    void theEmulatorCommandRefusesAPortInUse() throws Exception {
        Path project = TestProjects.create(dir.resolve("busy")).root();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = startEmulatorCommand(project, String.valueOf(busy.getLocalPort()));
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use; pick another with --port");
        }
    }
}
