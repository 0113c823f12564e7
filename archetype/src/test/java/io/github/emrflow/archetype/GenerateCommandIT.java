package io.github.emrflow.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command a user types, end to end: `mvn archetype:generate` in a separate Maven, against the
 * archetype jar this build just packaged. Runs in the integration-test phase (after package).
 *
 * <p>The nested Maven gets a private local repository under target/ holding the new archetype, and
 * reads everything else from the user's local repository through a file:// mirror, so it needs no
 * network and leaves ~/.m2 untouched.
 */
class GenerateCommandIT {
    private static final Path JAR = Path.of(required("emrflow.archetype.jar"));
    private static final Path IT_DIR = Path.of(required("emrflow.it.dir"));
    private static final Path USER_REPO = Path.of(required("emrflow.user.repo"));
    private static final String MAVEN_HOME = required("maven.home");
    private static final String PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:"
            + required("emrflow.archetype.plugin.version") + ":generate";
    private static final String VERSION = required("emrflow.archetype.version");

    private static Path repo;
    private static Path settings;

    @BeforeAll
    static void installArchetypeInPrivateRepository() throws IOException {
        repo = IT_DIR.resolve("repo");
        Path dir = Files.createDirectories(repo.resolve("io/github/emrflow/emrflow-archetype").resolve(VERSION));
        Files.copy(JAR, dir.resolve("emrflow-archetype-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("emrflow-archetype-" + VERSION + ".pom"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>io.github.emrflow</groupId>
                <artifactId>emrflow-archetype</artifactId><version>%s</version><packaging>maven-archetype</packaging></project>
                """.formatted(VERSION));
        settings = IT_DIR.resolve("settings.xml");
        Files.writeString(settings, """
                <settings><mirrors><mirror><id>user-local-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>
                """.formatted(USER_REPO.toUri()));
    }

    @Test
    void generatesARunnableProject() throws Exception {
        Path work = freshDir("good");
        Result result = generate(work, "-DgroupId=com.example", "-DartifactId=my-pipeline", "-Dbucket=my-bucket-123");

        assertThat(result.exitCode).as(result.output).isZero();
        Path project = work.resolve("my-pipeline");
        assertThat(project.resolve(".gitignore")).isRegularFile();
        assertThat(Files.readString(project.resolve("emrflow.properties"))).contains("\nbucket=my-bucket-123\n", "\nname.prefix=my-pipeline\n");
        for (String runnable : List.of("jbang", "run.java", "results.java", "emulator/emrflow_emulator.py")) {
            assertThat(Files.getPosixFilePermissions(project.resolve(runnable))).as(runnable).contains(PosixFilePermission.OWNER_EXECUTE);
        }
        assertThat(result.output).doesNotContain("[WARNING] Property");
        assertUsesTheEngineFromMaven(project);
        // The default job, with its parameters as keys.
        assertThat(Files.readString(project.resolve("job/job.json"))).contains("\"name\": \"salary-by-title\"");
        assertThat(Files.readString(project.resolve("emrflow.properties"))).contains("\njob.salary_column=salary_in_usd\n", "\njob.title_filter=\n");
    }

    @Test
    void generatesTheChosenSampleJob() throws Exception {
        Path work = freshDir("experience");
        Result result = generate(work, "-DgroupId=com.example", "-DartifactId=my-pipeline", "-Dbucket=my-bucket-123",
                "-Djob=salary-by-experience");

        assertThat(result.exitCode).as(result.output).isZero();
        Path project = work.resolve("my-pipeline");
        assertThat(Files.readString(project.resolve("job/job.json"))).contains("\"name\": \"salary-by-experience\"");
        assertThat(Files.readString(project.resolve("emrflow.properties")))
                .contains("\njob.work_year=2023\n").doesNotContain("job.salary_column").doesNotContain("job.title_filter");
        assertUsesTheEngineFromMaven(project);
    }

    @Test
    void unknownJobFailsWithOneClearLineAndLeavesNothing() throws Exception {
        Path work = freshDir("bad-job");
        Result result = generate(work, "-DgroupId=com.example", "-DartifactId=my-pipeline", "-Dbucket=my-bucket-123",
                "-Djob=salary-by-year");

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output.lines().filter(l -> l.contains("Invalid -D")).toList()).as(result.output).singleElement().asString()
                .contains(": Invalid -Djob=salary-by-year: use one of the sample jobs salary-by-title or salary-by-experience; nothing was generated");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    /**
     * The engine is a Maven dependency, not source in the project: no lib/ and no samples/, Java only
     * in the root scripts and src/test, and every script names emrflow-core in //DEPS.
     */
    private static void assertUsesTheEngineFromMaven(Path project) throws IOException {
        assertThat(project.resolve("lib")).doesNotExist();
        assertThat(project.resolve("samples")).doesNotExist();
        assertThat(project.resolve("job")).isDirectory();
        List<Path> javaFiles;
        try (Stream<Path> walk = Files.walk(project)) {
            javaFiles = walk.filter(p -> p.toString().endsWith(".java")).map(project::relativize).toList();
        }
        List<Path> scripts = javaFiles.stream().filter(p -> p.getNameCount() == 1).toList();
        assertThat(scripts).isNotEmpty();
        assertThat(javaFiles).as("Java files outside the root scripts and src/test")
                .allMatch(p -> p.getNameCount() == 1 || p.startsWith("src/test"));
        for (Path script : scripts) {
            assertThat(Files.readAllLines(project.resolve(script))).as(script.toString())
                    .contains("//DEPS io.github.emrflow:emrflow-core");
        }
    }

    @Test
    void badBucketFailsWithOneClearLineAndLeavesNothing() throws Exception {
        Path work = freshDir("bad-bucket");
        Result result = generate(work, "-DgroupId=com.example", "-DartifactId=my-pipeline", "-Dbucket=Bad_Bucket");

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        List<String> errors = result.output.lines().filter(l -> l.contains("Invalid -D")).toList();
        assertThat(errors).as(result.output).singleElement().asString()
                .startsWith("[ERROR] Failed to execute goal " + PLUGIN)
                .contains(": Invalid -Dbucket=Bad_Bucket: an S3 bucket name has 3-63 characters (lowercase letters, digits, '.' and '-')")
                .contains("; nothing was generated");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private static Path freshDir(String name) throws IOException {
        Path dir = IT_DIR.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Result generate(Path work, String... properties) throws IOException, InterruptedException {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        List<String> command = new ArrayList<>(List.of(
                Path.of(MAVEN_HOME, "bin", windows ? "mvn.cmd" : "mvn").toString(), "-B",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repo,
                PLUGIN,
                "-DarchetypeGroupId=io.github.emrflow", "-DarchetypeArtifactId=emrflow-archetype",
                "-DarchetypeVersion=" + VERSION, "-DarchetypeCatalog=local", "-DinteractiveMode=false"));
        command.addAll(List.of(properties));
        Path log = work.resolveSibling(work.getFileName() + ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn archetype:generate did not finish in 5 minutes; see " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }

    /** Set by the archetype's pom; missing when run outside Maven (e.g. from an IDE). */
    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is not set: run through Maven (mvn verify -pl archetype)");
        }
        return value;
    }
}
