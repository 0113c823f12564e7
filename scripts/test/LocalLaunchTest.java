import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import io.github.emrflow.local.LocalLaunch;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * run.java --local without Spark on its class path (as ./jbang runs it): it checks the project,
 * then starts runlocal.java through the launcher that started it, with its arguments, and exits
 * with its exit code. The end-to-end cases run run.java in a JVM whose class path lacks Spark, with
 * a launcher that runs runlocal.java's class in a second JVM, as JBang would.
 */
class LocalLaunchTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path without Spark's jars: what run.java's own launch has. */
    private static String classPathWithoutSpark() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("/org/apache/spark/")).collect(Collectors.joining(File.pathSeparator));
    }

    /** A stand-in for ./jbang: records its arguments, then runs runlocal's class (EXIT=N: exits N instead). */
    private Path launcher() throws IOException {
        String opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).collect(Collectors.joining(" "));
        Path launcher = dir.resolve("fake-jbang");
        Files.writeString(launcher, """
                #!/bin/sh
                printf '%%s\\n' "$@" > "$MARKER"
                if [ -n "${EXIT:-}" ]; then exit "$EXIT"; fi
                [ "$1" = scripts/runlocal.java ] || exit 99
                shift
                exec '%s' %s -cp '%s' runlocal "$@"
                """.formatted(java(), opens, System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private Result runJava(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-cp", classPathWithoutSpark(), "run"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove(LocalLaunch.LAUNCHER);
        builder.environment().remove(LocalLaunch.SCRIPT);
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("run.java ended").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void runLocalStartsRunlocalThroughTheSameLauncherAndPrintsItsTable() throws Exception {
        Path project = TestProjects.create(dir.resolve("p")).root();
        Path marker = dir.resolve("launched.txt");
        Result r = runJava(Map.of(LocalLaunch.LAUNCHER, launcher().toString(), LocalLaunch.SCRIPT, "scripts/run.java",
                "MARKER", marker.toString()), "--local", "--project", project.toString(), "--param", "title_filter=Engineer$",
                "--top", "3", "--region", "eu-west-1", "--no-wait");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("job_title").contains("3 rows").contains("Engineer");
        // Named as run.java was; --local and the AWS-only options stay behind.
        assertThat(Files.readAllLines(marker)).containsExactlyInAnyOrder("scripts/runlocal.java",
                "--project=" + project, "--param=title_filter=Engineer$", "--top=3");
    }

    @Test
    void theExitCodeOfRunlocalIsRunJavasAndBadInputStopsBeforeTheLaunch() throws Exception {
        Path project = TestProjects.create(dir.resolve("p")).root();
        Path marker = dir.resolve("launched.txt");
        Map<String, String> env = Map.of(LocalLaunch.LAUNCHER, launcher().toString(), LocalLaunch.SCRIPT, "scripts/run.java",
                "MARKER", marker.toString(), "EXIT", "7");
        assertThat(runJava(env, "--local", "--project", project.toString()).exit()).isEqualTo(7);
        assertThat(marker).exists();
        Files.delete(marker);

        Result bad = runJava(env, "--local", "--project", project.toString(), "--param", "salary_column=salary_in_eur");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err().lines().toList()).as(bad.toString()).singleElement().asString().startsWith("error: ");
        assertThat(marker).as("nothing launched for a bad parameter").doesNotExist();
    }

    @Test
    void withoutALauncherRunJavaSaysWhatToDoInOneLine() throws Exception {
        Path project = TestProjects.create(dir.resolve("p")).root();
        Result r = runJava(Map.of("PATH", dir.resolve("empty").toString()), "--local", "--project", project.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        String message = "error: run.java --local runs the job in runlocal.java and found no JBang to start it: run `./jbang run.java --local`, or `./jbang runlocal.java` directly";
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theLauncherIsTheWrappersThenJbangOnPath() throws IOException {
        List<String> args = List.of("--top=3");
        assertThat(new LocalLaunch(Map.of(LocalLaunch.LAUNCHER, "/p/jbang", LocalLaunch.SCRIPT, "run.java")).command(args))
                .containsExactly("/p/jbang", "runlocal.java", "--top=3");
        assertThat(new LocalLaunch(Map.of(LocalLaunch.LAUNCHER, "./jbang", LocalLaunch.SCRIPT, "../proj/run.java")).command(args))
                .containsExactly("./jbang", "../proj/runlocal.java", "--top=3");

        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path jbang = Files.writeString(bin.resolve("jbang"), "#!/bin/sh\n");
        Files.writeString(Files.createDirectories(dir.resolve("nonexec")).resolve("jbang"), "not a program\n");
        Files.setPosixFilePermissions(jbang, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = dir.resolve("nonexec") + File.pathSeparator + bin;
        assertThat(new LocalLaunch(Map.of("PATH", path)).command(args)).containsExactly(jbang.toString(), "runlocal.java", "--top=3");
        assertThatThrownBy(() -> new LocalLaunch(Map.of("PATH", dir.resolve("nonexec").toString())).command(args))
                .isInstanceOf(UserError.class).hasMessageContaining("found no JBang");
    }

    @Test
    void everyArgumentRunJavaPassesOnIsOneRunlocalAcceptsWithTheSameValue() {
        run command = new run();
        CommandLine cli = new CommandLine(command);
        cli.parseArgs("--local", "--input", "-odd name.csv", "--param", "a=b", "--param", "c=d", "--sort", "max_salary", "--top", "5",
                "--format", "csv", "--chart", "--report", "r.html", "--project", "p", "--verbose", "--no-wait", "--timeout", "5m",
                "--profile", "x", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:1");
        List<String> forwarded = LocalLaunch.arguments(cli.getParseResult(), command.awsOnlyOptions());
        assertThat(forwarded).containsExactly("--input=-odd name.csv", "--param=a=b", "--param=c=d", "--sort=max_salary", "--top=5",
                "--format=csv", "--chart", "--report=r.html", "--project=p", "--verbose");
        runlocal local = new runlocal();
        new CommandLine(local).parseArgs(forwarded.toArray(String[]::new));
        assertThat(local.input).isEqualTo(Path.of("-odd name.csv"));
        assertThat(local.parameters.assignments).containsExactly("a=b", "c=d");
    }
}
