import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Markdown;
import io.github.emrflow.TestProjects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands, run the way a new user runs them, so the docs cannot rot.
 *
 * <ol>
 *   <li>The main-job command of the README's first block, verbatim, with {@code sh -c}, in a copy of
 *       this repository (a "fresh clone": no target/, .venv, node_modules or .jbang): install the
 *       archetype, generate demo/my-pipeline, print the salary table.</li>
 *   <li>The "Generating a project" command, in a folder of its own.</li>
 *   <li>Every shell command of the generated project's README, then of this README, in the generated
 *       project, in order. Each distinct command runs once. The offline emulator they start
 *       ({@code ./jbang emulator.java}, on a free port) stands in for AWS: the "real AWS account"
 *       commands run against it too, and the environment never points anywhere else.</li>
 *   <li>The README's inline {@code ./jbang} commands.</li>
 * </ol>
 *
 * <p>Not run here: {@code mvn -B verify} (this build), and the generated project's {@code mvn verify}
 * (the archetype's integration tests run it for both golden projects). The copy's install skips the
 * archetype's integration tests ({@code .mvn/maven.config}): the real build runs them, and a
 * second run would only double this test's time. It installs the 0.1.0-SNAPSHOT archetype into
 * ~/.m2, exactly as the README's command does; JBang builds into a cache of this test's own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Runs the README's commands through JBang, which resolves the engine from ~/.m2: after it is installed.
@Tag("jbang")
class ReadmeWalkthroughTest {
    private static final Pattern RUN_ID = Pattern.compile("\\brun (\\d{8}-\\d{6}-[0-9a-f]{6})\\b");
    private static final Pattern EXECUTION_ARN = Pattern.compile("(arn:aws:states:[^\\s]+:execution:[^\\s]+)");
    private static final Pattern READY = Pattern.compile("emulator ready at (http://127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)\\)");

    @TempDir
    static Path dir;
    static Path copy;
    static Path project;
    static Result mainJob;

    /** Simple commands already run, as their words joined by one space. */
    static final Set<String> ran = new LinkedHashSet<>();
    static final Map<String, String> env = new HashMap<>();
    static final Map<String, String> placeholders = new HashMap<>();
    static Process emulator;
    static long emulatorPythonPid = -1;
    static final StringBuilder emulatorLog = new StringBuilder();

    record Result(int exit, String output) {
    }

    @BeforeAll
    static void theMainJobCommandOnAFreshCopy() throws Exception {
        copy = dir.resolve("emrflow");
        copyRepository(TestProjects.repo(), copy);
        Files.createDirectories(copy.resolve(".mvn"));
        Path mavenConfig = copy.resolve(".mvn/maven.config");
        String existing = Files.exists(mavenConfig) ? Files.readString(mavenConfig).strip() + " " : "";
        Files.writeString(mavenConfig, existing + "-Darchetype.test.skip=true\n");

        // Never AWS: no credentials, no config files, no instance metadata, until the emulator's are set.
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("AWS_")) {
                env.put(k, v);
            }
        });
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.put("JBANG_NO_VERSION_CHECK", "true");
        // JBang's build cache of its own: test runs on one machine (and a user's ~/.jbang) never
        // share a half-written jar, and every script is built the way a new user's first run builds it.
        env.put("JBANG_CACHE_DIR", dir.resolve("jbang-cache").toString());
        String python = python();
        if (python != null) {
            env.put("EMRFLOW_PYTHON", python);
        }

        Markdown.Fence top = readme().stream().findFirst().orElseThrow();
        List<String> commands = Markdown.commands(top);
        ran.add(words(commands.get(0)));
        mainJob = sh(copy, commands.get(1), Duration.ofMinutes(20));
        markRan(commands.get(1));
        project = copy.resolve("demo/my-pipeline");
    }

    @AfterAll
    static void stopTheEmulator() throws InterruptedException {
        if (emulator == null) {
            return;
        }
        List<ProcessHandle> started = new ArrayList<>(emulator.descendants().toList());
        emulator.destroy(); // SIGTERM: emulator.java's shutdown hook stops the Python process by its pid
        if (!emulator.waitFor(30, TimeUnit.SECONDS)) {
            emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : started) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        if (emulatorPythonPid > 0) {
            ProcessHandle.of(emulatorPythonPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Order(1)
    void theMainJobCommandPrintsTheSalaryTable() {
        assertThat(mainJob.exit()).as(tail(mainJob.output())).isZero();
        assertThat(mainJob.output()).contains("93 rows").containsPattern("(?m)^Data Engineer +324,000 +12,000$");
        assertThat(project.resolve("emrflow.properties")).content().contains("\nbucket=my-emrflow-demo-bucket\n");
    }

    @Test
    @Order(2)
    void theGenerateCommandMakesAProjectWithTheGivenProperties() throws Exception {
        Markdown.Fence fence = readme().stream().filter(f -> f.heading().equals("Generating a project")).findFirst().orElseThrow();
        Path work = Files.createDirectories(dir.resolve("generate"));
        for (String command : Markdown.commands(fence)) {
            Result r = sh(work, command, Duration.ofMinutes(10));
            assertThat(r.exit()).as(command + "\n" + tail(r.output())).isZero();
            markRan(command);
        }
        assertThat(work.resolve("my-pipeline/emrflow.properties")).content()
                .contains("\nbucket=my-emrflow-demo-bucket\n", "\nregion=eu-west-1\n", "\nname.prefix=my-pipeline\n");
        assertThat(work.resolve("my-pipeline/jbang")).isExecutable();
    }

    @Test
    @Order(3)
    void theGeneratedProjectsReadmeCommandsRunInOrder() throws Exception {
        List<String> done = walk(Markdown.fences(Files.readString(project.resolve("README.md"))));
        assertThat(done).as("commands of the generated README").contains("./jbang results.java --local",
                "./jbang deploy.java && ./jbang run.java && ./jbang results.java", "./jbang deploy.java --dry-run", "./jbang destroy.java");
    }

    @Test
    @Order(4)
    void theReadmesCommandsRunInOrderOnTheEmulator() throws Exception {
        List<Markdown.Fence> fences = readme();
        int from = 0;
        while (!fences.get(from).heading().equals("Local mode")) {
            from++;
        }
        List<String> done = walk(fences.subList(from, fences.size()));
        assertThat(ran).contains("./jbang run.java --no-wait", "./jbang run.java --attach EXECUTION_ARN --timeout 90s",
                "./jbang results.java --run RUN_ID --format csv", "./jbang destroy.java --yes --delete-data");
        assertThat(done).isNotEmpty();
    }

    @Test
    @Order(5)
    void theReadmesInlineCommandsRun() throws Exception {
        placeholders.put("FILE", "data/ds_salaries.csv");
        for (String span : Markdown.inlineCode(Files.readString(copy.resolve("README.md")))) {
            if (span.startsWith("./jbang ") && !span.contains("...") && !ran.contains(words(span))) {
                Path cwd = Markdown.simpleCommands(span).get(0).get(1).contains("/") ? copy : project;
                run(cwd, span);
            }
        }
        assertThat(ran).contains("./jbang scripts/bench/cost.java", "./jbang deploy.java --input FILE");
    }

    // ---- walking a page's shell blocks ---------------------------------------------------------

    private static List<Markdown.Fence> readme() throws IOException {
        return Markdown.fences(Files.readString(copy.resolve("README.md")));
    }

    /** Runs every new command of the shell blocks, in order; returns the command lines it ran. */
    private static List<String> walk(List<Markdown.Fence> fences) throws Exception {
        List<String> done = new ArrayList<>();
        for (Markdown.Fence fence : fences) {
            if (!fence.isShell()) {
                continue;
            }
            for (String line : Markdown.commands(fence)) {
                List<List<String>> simple = Markdown.simpleCommands(line);
                if (simple.stream().allMatch(w -> ran.contains(String.join(" ", w)))) {
                    continue;
                }
                List<String> first = simple.get(0);
                if (first.equals(List.of("mvn", "verify"))) {
                    markRan(line); // the archetype's ITs run it in both golden projects
                } else if (first.equals(List.of("./jbang", "emulator.java"))) {
                    startEmulator();
                    markRan(line);
                } else if (first.get(0).equals("export")) {
                    for (String assignment : first.subList(1, first.size())) {
                        String key = assignment.substring(0, assignment.indexOf('='));
                        env.put(key, key.equals("AWS_ENDPOINT_URL") ? endpoint() : assignment.substring(key.length() + 1));
                    }
                    markRan(line);
                } else if (first.get(0).equals("unset")) {
                    markRan(line); // keep the emulator's variables: nothing here may reach AWS
                } else {
                    run(project, line);
                }
                done.add(line);
            }
        }
        return done;
    }

    /** Runs one command line with sh -c, placeholders replaced, and checks what a user would see. */
    private static void run(Path cwd, String line) throws Exception {
        String command = line;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            command = command.replaceAll("\\b" + p.getKey() + "\\b", Matcher.quoteReplacement(p.getValue()));
        }
        assertThat(command).as("a placeholder without a value in: " + line).doesNotContainPattern("\\b(EXECUTION_ARN|RUN_ID|FILE)\\b");
        if (command.contains("jbang") && !command.contains("--local") && !command.contains("scripts/bench/")) {
            assertThat(env.get("AWS_ENDPOINT_URL")).as("an AWS command before the emulator's export: " + line).isNotNull();
        }
        Result r = sh(cwd, command, Duration.ofMinutes(5));
        List<String> words = Markdown.simpleCommands(line).get(0);
        boolean asksFirst = words.contains("destroy.java") && !words.contains("--yes") && !words.contains("-y");
        if (asksFirst) {
            // Not on a terminal, destroy.java refuses to remove anything without --yes.
            assertThat(r.exit()).as(line + "\n" + tail(r.output())).isEqualTo(2);
            assertThat(r.output()).contains("error: not on a terminal: pass --yes to confirm the removal");
        } else {
            assertThat(r.exit()).as(line + "\n" + tail(r.output())).isZero();
        }
        if (line.equals("./jbang run.java --local") || line.contains("./jbang run.java && ")) {
            assertThat(r.output()).as(line).contains("93 rows");
        }
        Matcher arn = EXECUTION_ARN.matcher(r.output());
        while (arn.find()) {
            placeholders.put("EXECUTION_ARN", arn.group(1));
        }
        Matcher id = RUN_ID.matcher(r.output());
        if (id.find() && !command.contains("--local")) {
            placeholders.put("RUN_ID", id.group(1));
        }
        markRan(line);
    }

    private static void markRan(String line) {
        for (List<String> words : Markdown.simpleCommands(line)) {
            ran.add(String.join(" ", words));
        }
        ran.add(words(line));
    }

    private static String words(String line) {
        List<String> all = new ArrayList<>();
        for (List<String> w : Markdown.simpleCommands(line)) {
            if (!all.isEmpty()) {
                all.add("&&");
            }
            all.addAll(w);
        }
        return String.join(" ", all);
    }

    // ---- the emulator, started as the README says, on a free port -------------------------------

    private static String endpoint() {
        assertThat(emulator).as("the emulator is started before the export").isNotNull();
        Matcher m = READY.matcher(emulatorLog());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String emulatorLog() {
        synchronized (emulatorLog) {
            return emulatorLog.toString();
        }
    }

    private static void startEmulator() throws Exception {
        if (emulator != null) {
            assertThat(emulator.isAlive()).as("the emulator started earlier is still running:\n" + emulatorLog()).isTrue();
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("./jbang", "emulator.java", "--port", "0").directory(project.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        emulator = pb.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) {
                    synchronized (emulatorLog) {
                        emulatorLog.append(l).append('\n');
                    }
                    Matcher m = READY.matcher(emulatorLog());
                    if (m.find() && l.startsWith("Ctrl-C stops it")) {
                        ready.complete(m.group(2)); // after the lines that say what to do next
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.complete(null);
        }, "readme-emulator");
        reader.setDaemon(true);
        reader.start();
        String pid = ready.get(5, TimeUnit.MINUTES);
        assertThat(pid).as("./jbang emulator.java did not say it is ready:\n" + emulatorLog()).isNotNull();
        emulatorPythonPid = Long.parseLong(pid);
        assertThat(emulatorLog()).contains("export AWS_ENDPOINT_URL=http://127.0.0.1:", "./jbang deploy.java && ./jbang run.java");
    }

    // ---- processes and files ----------------------------------------------------------------------

    private static Result sh(Path cwd, String command, Duration timeout) throws Exception {
        Path log = Files.createTempFile(dir, "command", ".log");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish in " + timeout + ": " + command + "\n" + tail(Files.readString(log)));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The Python the other emulator tests use (EMRFLOW_PYTHON, then the repository's .venv), or null for python3. */
    private static String python() {
        String configured = System.getenv("EMRFLOW_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path venv = TestProjects.repo().resolve(".venv/bin/python");
        return Files.isExecutable(venv) ? venv.toString() : null;
    }

    /** The working tree as a fresh clone has it: no build output, caches or local environments. */
    private static void copyRepository(Path from, Path to) throws IOException {
        Set<String> skip = Set.of(".git", "target", "node_modules", ".venv", ".jbang", "demo", "__pycache__", "runs", ".idea");
        Files.walkFileTree(from, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                if (!d.equals(from) && skip.contains(d.getFileName().toString())) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
