package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;
import io.github.emrflow.config.Setting;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.Parameter;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `mvn verify` promises: this project's job (job/) loads, and its templates render with its own
 * emrflow.properties into documents AWS will accept. Loading and rendering already validate (job.json
 * whole, job.NAME keys against it, strict JSON, state-machine parameters against the SDK model); these
 * tests add what a reviewer would check by eye. They hold for any job/, so they stay valid as you edit
 * it. No Spark, no AWS.
 */
class PipelineTemplatesTest {
    private static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path RENDERED_DIR = PROJECT_DIR.resolve("target/rendered");

    private static JobDefinition job;
    private static Config config;
    private static Rendered rendered;

    @BeforeAll
    static void renderEveryTemplate() {
        Project project = Project.at(PROJECT_DIR);
        job = project.job();
        config = project.config();
        rendered = new TemplateRenderer(project.templatesDir())
                .renderAll(TemplateModel.of(config, TemplateModel.PLACEHOLDER_ACCOUNT, "aws"));
        rendered.writeTo(RENDERED_DIR);
    }

    @Test
    void jobDefinitionLoads() {
        assertThat(job.name()).isNotBlank();
        assertThat(job.sql()).isNotBlank();
        assertThat(job.outputNames()).isNotEmpty();
        assertThat(PROJECT_DIR.resolve(job.inputFile())).as("job.json's input file").isRegularFile();
        // Every parameter has a value for runs without --param: its default or its job.NAME key.
        assertThat(config.parameters().values().keySet())
                .containsExactlyElementsOf(job.parameters().stream().map(Parameter::name).toList());
    }

    @Test
    void jobScriptCarriesTheJobsSql() throws IOException {
        // job.py holds the SQL as a string literal (JSON string syntax, which Python reads alike).
        Matcher literal = Pattern.compile("(?m)^JOB_SQL = (\".*\")$").matcher(rendered.text(Artifact.JOB_SCRIPT));
        assertThat(literal.find()).as("job.py assigns JOB_SQL").isTrue();
        assertThat(new ObjectMapper().readValue(literal.group(1), String.class)).isEqualTo(job.sql());
    }

    @Test
    void everyDocumentIsRenderedForReview() {
        for (Artifact artifact : Artifact.values()) {
            assertThat(RENDERED_DIR.resolve(artifact.fileName())).as(artifact.fileName()).isNotEmptyFile();
        }
    }

    @Test
    void everyJsonDocumentParses() {
        for (Artifact artifact : Artifact.values()) {
            if (artifact.isJson()) {
                assertThat(rendered.json(artifact).isObject()).as(artifact.fileName() + " is a JSON object").isTrue();
            }
        }
    }

    @Test
    void stateMachineRunsTheJobAndCleansUpOnFailure() {
        JsonNode states = rendered.json(Artifact.STATE_MACHINE).path("States");
        List<String> names = new ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("CreateApplication", "StartApplication", "RunJob", "StopApplication",
                "CleanupStopApplication", "CleanupDeleteApplication", "Failed");
        if (!config.flag(Setting.KEEP_APPLICATION)) {
            assertThat(names).contains("DeleteApplication");
        }
        // First the run is named: a scheduled execution's input carries no run id.
        assertThat(rendered.json(Artifact.STATE_MACHINE).path("StartAt").asText()).isEqualTo("HasRunId");
        assertThat(states.path("Failed").path("Type").asText()).isEqualTo("Fail");
    }

    @Test
    void everyTransitionLeadsToAState() {
        JsonNode states = rendered.json(Artifact.STATE_MACHINE).path("States");
        List<String> targets = new ArrayList<>();
        for (JsonNode state : states) {
            targets.addAll(state.findValuesAsText("Next"));
            targets.addAll(state.findValuesAsText("Default"));
        }
        assertThat(targets).isNotEmpty();
        for (String target : targets) {
            assertThat(states.has(target)).as("transition to '%s'", target).isTrue();
        }
    }

    @Test
    void documentsUseTheConfiguredBucketAndPrefix() {
        assertThat(rendered.text(Artifact.BUCKET_POLICY)).contains("arn:aws:s3:::" + config.bucket());
        assertThat(rendered.text(Artifact.STATE_MACHINE)).contains(config.prefix());
    }

    @Test
    void jobUsesNeitherHiveNorGlue() {
        // EMR Serverless needs no metastore for this job; a Glue catalog would need extra permissions.
        String code = pythonCodeOnly(rendered.text(Artifact.JOB_SCRIPT));
        assertThat(code).doesNotContain("enableHiveSupport");
        assertThat(code.toLowerCase(Locale.ROOT)).doesNotContain("glue");
        String sparkSettings = rendered.json(Artifact.STATE_MACHINE).findValuesAsText("SparkSubmitParameters").toString();
        assertThat(sparkSettings.toLowerCase(Locale.ROOT)).doesNotContain("glue").doesNotContain("hive");
    }

    @Test
    void renderedJobIsValidPython() throws IOException, InterruptedException {
        assumeTrue(commandWorks("python3", "--version"),
                "python3 is not on the PATH: skipped compiling the rendered job.py");
        Path job = RENDERED_DIR.resolve(Artifact.JOB_SCRIPT.fileName());
        ProcessBuilder builder = new ProcessBuilder("python3", "-m", "py_compile", job.toString()).redirectErrorStream(true);
        // Keep the bytecode out of target/rendered/, which holds only what is deployed.
        builder.environment().put("PYTHONPYCACHEPREFIX", PROJECT_DIR.resolve("target/pycache").toString());
        Process compile = builder.start();
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compile.waitFor(60, TimeUnit.SECONDS)).as("python3 -m py_compile finished").isTrue();
        assertThat(compile.exitValue()).as("python3 -m py_compile %s:%n%s", job, output).isZero();
    }

    /** The script without its docstrings and comments, which may name what the code avoids. */
    private static String pythonCodeOnly(String script) {
        // \x23 is the comment sign: this file is a Velocity template, where that character is special.
        return script.replaceAll("(?s)\"\"\".*?\"\"\"", "").replaceAll("(?s)'''.*?'''", "").replaceAll("\\x23.*", "");
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
