package io.github.emrflow.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Names;
import io.github.emrflow.config.Setting;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import io.github.emrflow.job.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * META-INF/archetype-post-generate.groovy, run the way maven-archetype-plugin runs it: after the files
 * are written, with the request bound as {@code request} and the archetype jar as the context class
 * loader. A bad -D value must fail generation with one line and leave nothing behind; a good one must
 * leave the chosen sample job as job/ and its parameters in emrflow.properties, as the engine reads them.
 */
class PostGenerateScriptTest {
    private static final Path CLASSES = Path.of(System.getProperty("emrflow.archetype.classes", "target/classes"));
    private static final Path SCRIPT = CLASSES.resolve("META-INF/archetype-post-generate.groovy");
    private static final Path SAMPLES = CLASSES.resolve("archetype-resources/samples");

    private static Class<? extends Script> compiled;

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    private static Path archetypeJar;
    private Path outputDir;

    @BeforeAll
    static void packArchetype() throws IOException {
        archetypeJar = shared.resolve("archetype.jar");
        jar(CLASSES, archetypeJar);
    }

    @BeforeEach
    void emptyOutputFolder() throws IOException {
        outputDir = Files.createDirectories(work.resolve("out"));
    }

    @Test
    void goodValuesKeepTheProjectAndMakeTheScriptsRunnable() throws IOException {
        Path project = generate(values("my-bucket-123", "us-east-1", "my-pipeline", "com.example"));

        run(values("my-bucket-123", "us-east-1", "my-pipeline", "com.example"));

        assertThat(project.resolve("emrflow.properties")).exists();
        assertThat(project.resolve("src/test/java/com/example/PipelineTemplatesTest.java")).exists();
        for (Path runnable : List.of(project.resolve("jbang"), project.resolve("run.java"), project.resolve("results.java"),
                project.resolve("emulator/emrflow_emulator.py"))) {
            assertThat(Files.getPosixFilePermissions(runnable)).as(runnable.getFileName().toString())
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        }
        for (Path plain : List.of(project.resolve("emrflow.properties"), project.resolve("job/job.json"),
                project.resolve("templates/state-machine.asl.json.ftl"))) {
            assertThat(Files.getPosixFilePermissions(plain)).as(plain.getFileName().toString()).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "bucket     | Bad_Bucket      | Invalid -Dbucket=Bad_Bucket: an S3 bucket name has 3-63 characters",
        "bucket     | ab              | Invalid -Dbucket=ab: ",
        "bucket     | my..bucket      | Invalid -Dbucket=my..bucket: ",
        "bucket     | 192.168.1.1     | Invalid -Dbucket=192.168.1.1: ",
        "bucket     | xn--bucket      | Invalid -Dbucket=xn--bucket: ",
        "bucket     | data-s3alias    | Invalid -Dbucket=data-s3alias: ",
        "bucket     | -bucket         | Invalid -Dbucket=-bucket: ",
        "region     | US-EAST-1       | Invalid -Dregion=US-EAST-1: use an AWS region code such as us-east-1",
        "region     | useast1         | Invalid -Dregion=useast1: ",
        "namePrefix | 1pipeline       | Invalid -DnamePrefix=1pipeline: a name prefix has 1-32 characters",
        "namePrefix | my_pipeline     | Invalid -DnamePrefix=my_pipeline: ",
        "namePrefix | a23456789012345678901234567890123 | Invalid -DnamePrefix=a23456789012345678901234567890123: ",
        "package    | com.my-company  | Invalid -Dpackage=com.my-company: use a Java package name",
        "emrReleaseLabel | emr-6.15.0 | Invalid -DemrReleaseLabel=emr-6.15.0: use emr-7.x.y (Spark 3.5",
        "emrReleaseLabel | emr-7.9    | Invalid -DemrReleaseLabel=emr-7.9: ",
        "job        | salary-by-year  | Invalid -Djob=salary-by-year: use one of the sample jobs salary-by-title or salary-by-experience",
        "job        | ''              | Invalid -Djob=: ",
    })
    void badValueFailsWithOneLineAndLeavesNothingBehind(String property, String value, String messageStart) throws IOException {
        Properties given = values("my-bucket-123", "us-east-1", "my-pipeline", "com.example");
        given.setProperty(property, value);
        Path project = generate(given);

        assertThatThrownBy(() -> run(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageStart)
                .hasMessageEndingWith("; nothing was generated")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(project).doesNotExist();
        assertThat(outputDir).isEmptyDirectory();
    }

    @Test
    void filesAUserAlreadyHadInTheFolderSurviveAFailure() throws IOException {
        Path project = Files.createDirectories(outputDir.resolve("my-pipeline"));
        Path notes = Files.writeString(project.resolve("notes.txt"), "mine");
        Properties bad = values("Bad_Bucket", "us-east-1", "my-pipeline", "com.example");
        generate(bad);

        assertThatThrownBy(() -> run(bad)).hasMessageStartingWith("Invalid -Dbucket=Bad_Bucket");

        try (Stream<Path> left = Files.walk(project)) {
            assertThat(left.filter(Files::isRegularFile).toList()).containsExactly(notes);
        }
    }

    @ParameterizedTest
    @CsvSource({"salary-by-title", "salary-by-experience"})
    void theChosenSampleBecomesTheJobAndNoOtherSampleIsLeft(String job) throws IOException {
        Properties given = values("my-bucket-123", "us-east-1", "my-pipeline", "com.example");
        given.setProperty("job", job);
        Path project = generate(given);

        run(given);

        assertThat(project.resolve("samples")).doesNotExist();
        for (String file : List.of(JobDefinition.DEFINITION_FILE, JobDefinition.SCHEMA_FILE, JobDefinition.SQL_FILE)) {
            assertThat(project.resolve("job").resolve(file)).as(file).hasSameTextualContentAs(SAMPLES.resolve(job).resolve(file));
        }
        try (Stream<Path> files = Files.list(project.resolve("job"))) {
            assertThat(files.toList()).hasSize(3);
        }
        assertThat(JobDefinitionLoader.load(project.resolve("job")).name()).isEqualTo(job);
    }

    @ParameterizedTest
    @CsvSource({"salary-by-title", "salary-by-experience"})
    void emrflowPropertiesCarriesTheJobsParametersAsTheEngineDescribesThem(String job) throws IOException {
        Properties given = values("my-bucket-123", "us-east-1", "my-pipeline", "com.example");
        given.setProperty("job", job);
        Path project = generate(given);

        run(given);

        JobDefinition definition = JobDefinitionLoader.load(project.resolve("job"));
        Path file = project.resolve(Config.FILE_NAME);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> jobKeys = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(Config.JOB_PREFIX) && Setting.byKey(line.substring(0, line.indexOf('='))) == null) {
                jobKeys.add(line.substring(Config.JOB_PREFIX.length(), line.indexOf('=')));
            }
        }
        assertThat(jobKeys).containsExactlyElementsOf(definition.parameters().stream().map(Parameter::name).toList());
        for (Parameter p : definition.parameters()) {
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith(Config.JOB_PREFIX + p.name() + "=")).findFirst().orElseThrow());
            assertThat(lines.get(at - 2)).as(p.name()).isEqualTo("# " + p.description());
            assertThat(lines.get(at - 1)).as(p.name()).isEqualTo("# Allowed: " + p.allowedText() + ". Default: "
                    + (p.defaultValue().isEmpty() ? "empty" : p.defaultValue()) + ".");
        }
        // The generated file is a valid config for the generated job: the engine's own check, once the
        // ${...} values are filled in (the plugin's Velocity filtering, which generate() here skips).
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String key : given.stringPropertyNames()) {
            text = text.replace("${" + key + "}", given.getProperty(key));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Config config = Config.load(file, definition);
        assertThat(config.parameters().values()).containsExactlyEntriesOf(
                definition.parameters().stream().collect(java.util.stream.Collectors.toMap(
                        Parameter::name, Parameter::defaultValue, (a, b) -> a, java.util.LinkedHashMap::new)));
    }

    @Test
    void parameterTextIsTheEnginesForEveryKindOfDeclaration() throws IOException {
        // Declarations the samples do not have: bounds on one side, decimals, a pattern, a boolean.
        Path job = Files.createDirectories(work.resolve("job"));
        Files.writeString(job.resolve(JobDefinition.SCHEMA_FILE), "id INT");
        Files.writeString(job.resolve(JobDefinition.SQL_FILE), "SELECT id FROM t");
        Files.writeString(job.resolve(JobDefinition.DEFINITION_FILE), """
                {"name": "kinds", "input": {"file": "data/x.csv", "table": "t"},
                 "parameters": [
                   {"name": "a", "type": "integer", "default": 5, "minimum": 1},
                   {"name": "b", "type": "number", "default": "0.5", "minimum": 0.25, "maximum": 2.5},
                   {"name": "c", "type": "string", "default": "ab", "pattern": "[a-z]+"},
                   {"name": "d", "type": "boolean", "default": true},
                   {"name": "e", "type": "regex", "default": "\\\\d+"},
                   {"name": "f", "type": "number", "default": 3, "maximum": 10}
                 ],
                 "output": [{"name": "id", "type": "integer"}]}
                """);
        JobDefinition definition = JobDefinitionLoader.load(job);
        Script script = InvokerHelper.createScript(compiledScript(), new Binding());
        String entries = (String) script.invokeMethod("parameterEntries", new Object[] {job.resolve(JobDefinition.DEFINITION_FILE)});
        for (Parameter p : definition.parameters()) {
            assertThat(entries).as(p.name()).contains("\n# Allowed: " + p.allowedText() + ". ");
        }
        // Written as properties syntax: read back, every key holds the default itself.
        Properties read = new Properties();
        read.load(new java.io.StringReader(entries));
        for (Parameter p : definition.parameters()) {
            assertThat(read.getProperty(Config.JOB_PREFIX + p.name())).as(p.name()).isEqualTo(p.defaultValue());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "my-bucket-123", "abc", "a.b.c", "Bad_Bucket", "ab", "my..bucket", "my.-bucket", "my-.bucket", "192.168.1.1",
        "192.168.1.1a", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "data-s3alias", "data--ol-s3", "data.mrap",
        "data--x-s3", "data--table-s3", "-bucket", "bucket-", "a23456789012345678901234567890123456789012345678901234567890123",
        "a234567890123456789012345678901234567890123456789012345678901234", "UPPER",
    })
    void bucketRulesAreTheLibrarys(String bucket) throws IOException {
        assertThat(rule("isValidBucket", bucket)).as(bucket).isEqualTo(Names.isValidBucket(bucket))
                .isEqualTo(Setting.BUCKET.accepts(bucket));
    }

    @ParameterizedTest
    @CsvSource({"us-east-1", "eu-west-3", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "ap-southeast-2", "US-EAST-1",
        "useast1", "us-east", "us-east-12", "eu-west-3a"})
    void regionRulesAreTheLibrarys(String region) throws IOException {
        assertThat(rule("isValidRegion", region)).as(region).isEqualTo(Setting.REGION.accepts(region));
    }

    @ParameterizedTest
    @CsvSource({"my-pipeline", "A", "Acme2", "a2345678901234567890123456789012", "a23456789012345678901234567890123",
        "1pipeline", "-pipeline", "my_pipeline", "my.pipeline", "my pipeline"})
    void namePrefixRulesAreTheLibrarys(String prefix) throws IOException {
        assertThat(rule("isValidNamePrefix", prefix)).as(prefix).isEqualTo(Setting.NAME_PREFIX.accepts(prefix));
    }

    private static Properties values(String bucket, String region, String namePrefix, String pkg) {
        Properties p = new Properties();
        p.setProperty("groupId", "com.example");
        p.setProperty("artifactId", "my-pipeline");
        p.setProperty("version", "1.0-SNAPSHOT");
        p.setProperty("package", pkg);
        p.setProperty("bucket", bucket);
        p.setProperty("region", region);
        p.setProperty("namePrefix", namePrefix);
        p.setProperty("init", "__init__");
        p.setProperty("emrReleaseLabel", "emr-7.9.0");
        p.setProperty("job", "salary-by-title");
        return p;
    }

    /** Writes what the plugin would: every archetype-resources file, __NAME__ path tokens replaced. */
    private Path generate(Properties values) throws IOException {
        Path resources = CLASSES.resolve("archetype-resources");
        Path project = outputDir.resolve(values.getProperty("artifactId"));
        try (Stream<Path> walk = Files.walk(resources)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = resources.relativize(file).toString()
                        .replace("__packageInPathFormat__", values.getProperty("package").replace('.', '/'));
                Path target = project.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return project;
    }

    private void run(Properties values) throws IOException {
        Binding binding = new Binding();
        values.forEach((k, v) -> binding.setVariable(k.toString(), v));
        binding.setVariable("request", new Request(values, outputDir.toString()));
        Class<? extends Script> compiled = compiledScript();
        withArchetypeClassLoader(() -> InvokerHelper.createScript(compiled, binding).run());
    }

    private boolean rule(String function, String value) throws IOException {
        Script script = InvokerHelper.createScript(compiledScript(), new Binding());
        return (Boolean) script.invokeMethod(function, new Object[] {value});
    }

    /** Compiled once: Groovy compilation, not the script, is what takes time. */
    private static synchronized Class<? extends Script> compiledScript() throws IOException {
        if (compiled == null) {
            compiled = new GroovyShell().parse(Files.readString(SCRIPT, StandardCharsets.UTF_8), "archetype-post-generate.groovy").getClass();
        }
        return compiled;
    }

    private void withArchetypeClassLoader(Runnable action) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader old = thread.getContextClassLoader();
        // As the plugin does: a loader over the archetype jar alone.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {archetypeJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            action.run();
        } finally {
            thread.setContextClassLoader(old);
        }
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** The part of ArchetypeGenerationRequest the script uses (Groovy resolves properties by getter name). */
    public static final class Request {
        private final Properties properties;
        private final String outputDirectory;

        Request(Properties properties, String outputDirectory) {
            this.properties = properties;
            this.outputDirectory = outputDirectory;
        }

        public Properties getProperties() { return properties; }

        public String getOutputDirectory() { return outputDirectory; }

        public String getArtifactId() { return properties.getProperty("artifactId"); }

        public String getPackage() { return properties.getProperty("package"); }
    }
}
