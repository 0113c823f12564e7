package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.AslParameterCheck;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.results.ResultTable;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRenderingTest {
    @TempDir
    Path tmp;

    private static Config config(String... pairs) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("bucket", "emrflow-test-bucket");
        m.put("name.prefix", "emrflow-test");
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Config.of(m, "test", SALARY_JOB);
    }

    private static final JobDefinition SALARY_JOB = JobDefinitionLoader.load(TestProjects.sampleJob(TestProjects.SALARY_JOB));

    private static Rendered render(Path templates, Config config) {
        return new TemplateRenderer(templates).renderAll(TemplateModel.of(config, TemplateModel.PLACEHOLDER_ACCOUNT, "aws"));
    }

    @Test
    void everyDeployedDocumentRendersAndEveryJsonDocumentIsValid() {
        Rendered rendered = render(TestProjects.templates(), config());
        for (Artifact a : Artifact.values()) {
            assertThat(rendered.text(a)).as(a.fileName()).isNotBlank();
            if (a.isJson()) {
                assertThat(rendered.json(a).isObject()).as(a.fileName()).isTrue();
            }
        }
        JsonNode asl = rendered.json(Artifact.STATE_MACHINE);
        assertThat(asl.path("States").fieldNames()).toIterable().contains(
                "CreateApplication", "StartApplication", "RunJob", "StopApplication", "DeleteApplication",
                "HadApplication", "CleanupStopApplication", "CleanupDeleteApplication", "DescribeFailure", "Failed", "Done");
        assertThat(AslParameterCheck.problems(asl)).isEmpty();
    }

    @Test
    void theJobIsSizedSmallAndWritesAPerRunOutput() {
        JsonNode asl = render(TestProjects.templates(), config()).json(Artifact.STATE_MACHINE);
        JsonNode job = asl.at("/States/RunJob/Parameters");
        assertThat(job.at("/JobDriver/SparkSubmit/SparkSubmitParameters").asText())
                .contains("spark.driver.cores=1", "spark.executor.memory=1664m");
        assertThat(job.at("/JobDriver/SparkSubmit/EntryPointArguments.$").asText()).isEqualTo("$.jobArguments");
        assertThat(job.path("ExecutionTimeoutMinutes").asInt()).isEqualTo(30);
        assertThat(asl.at("/States/CreateApplication/Parameters/MaximumCapacity/Cpu").asText()).isEqualTo("4 vCPU");
        assertThat(asl.at("/States/CreateApplication/Parameters/Tags/emrflow:project").asText()).isEqualTo("emrflow-test");
    }

    @Test
    void keepingTheApplicationSkipsOnlyTheSuccessPathDelete() {
        JsonNode asl = render(TestProjects.templates(), config("keep.application", "true")).json(Artifact.STATE_MACHINE);
        assertThat(asl.path("States").has("DeleteApplication")).isFalse();
        assertThat(asl.at("/States/StopApplication/Next").asText()).isEqualTo("Done");
        assertThat(asl.path("States").has("CleanupDeleteApplication")).isTrue();
    }

    @Test
    void aSharedApplicationIsUsedNotCreatedAndItsTimeoutsCoverTheQueue() {
        Config shared = config("application.mode", "shared", "application.queue.timeout.minutes", "60");
        JsonNode asl = new TemplateRenderer(TestProjects.templates())
                .renderAll(TemplateModel.of(shared, TemplateModel.PLACEHOLDER_ACCOUNT, "aws", "00abc123def45678")).json(Artifact.STATE_MACHINE);
        // The run-id states come first in both modes (a scheduled run's input has no run id), then the shared application.
        assertThat(asl.path("StartAt").asText()).isEqualTo("HasRunId");
        assertThat(asl.at("/States/ListTheArguments/Next").asText()).isEqualTo("UseSharedApplication");
        assertThat(asl.path("States").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("HasRunId", "TakeTheStartTime", "NameTheRun", "KeepTheRunId", "LayOutTheRun", "ListTheArguments",
                        "UseSharedApplication", "RunJob", "Done", "DescribeFailure", "Failed");
        assertThat(asl.at("/States/UseSharedApplication/Result/ApplicationId").asText()).isEqualTo("00abc123def45678");
        assertThat(asl.at("/States/UseSharedApplication/ResultPath").asText()).isEqualTo("$.application");
        assertThat(asl.at("/States/RunJob/Next").asText()).isEqualTo("Done");
        assertThat(asl.at("/States/RunJob/Catch/0/Next").asText()).isEqualTo("DescribeFailure");
        // The job may wait up to application.queue.timeout.minutes in the queue before its 30 minutes start.
        assertThat(asl.at("/States/RunJob/TimeoutSeconds").asInt()).isEqualTo((30 + 60) * 60 + 300);
        assertThat(asl.path("TimeoutSeconds").asInt()).isEqualTo((30 + 60) * 60 + 900);
        assertThat(AslParameterCheck.problems(asl)).isEmpty();

        // Before emr-7.3.0 there is no queue to wait in.
        JsonNode old = render(TestProjects.templates(), config("application.mode", "shared", "emr.release.label", "emr-7.2.0"))
                .json(Artifact.STATE_MACHINE);
        assertThat(old.at("/States/RunJob/TimeoutSeconds").asInt()).isEqualTo(30 * 60 + 300);
    }

    @Test
    void perRunTimeoutsAreUnchanged() {
        JsonNode asl = render(TestProjects.templates(), config()).json(Artifact.STATE_MACHINE);
        assertThat(asl.path("StartAt").asText()).isEqualTo("HasRunId");
        assertThat(asl.at("/States/ListTheArguments/Next").asText()).isEqualTo("CreateApplication");
        assertThat(asl.at("/States/RunJob/TimeoutSeconds").asInt()).isEqualTo(30 * 60 + 300);
        assertThat(asl.path("TimeoutSeconds").asInt()).isEqualTo(30 * 60 + 5400);
    }

    @Test
    void theJobScriptHasNoHiveNoGlueAndTakesItsPathsAsArguments() {
        String job = render(TestProjects.templates(), config()).text(Artifact.JOB_SCRIPT);
        assertThat(job).doesNotContain("enableHiveSupport", "hive.metastore", "AWSGlueDataCatalog", "glue.catalog", "emrflow-test-bucket");
        assertThat(job).contains("salary BIGINT", "salary_in_usd BIGINT", "--input", "--output", "--param", "errorifexists");
    }

    @Test
    void theRenderedJobCompilesWithPython() throws Exception {
        Path job = tmp.resolve("job.py");
        Files.writeString(job, render(TestProjects.templates(), config()).text(Artifact.JOB_SCRIPT));
        Process p = python("-m", "py_compile", job.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void theRenderedJobRunsOnRealPySparkWhereInstalled() throws Exception {
        Process probe = python("-c", "import pyspark");
        probe.waitFor(60, TimeUnit.SECONDS);
        Assumptions.assumeTrue(probe.exitValue() == 0,
                "skipped: pyspark is not importable by python3 on this machine (no PyPI here); "
                        + "the same job definition runs on embedded Spark in SampleJobsTest");
        Path job = tmp.resolve("job.py");
        Files.writeString(job, render(TestProjects.templates(), config()).text(Artifact.JOB_SCRIPT));
        Path out = tmp.resolve("out");
        Process run = python(job.toString(), "--input", TestProjects.dataset().toString(), "--output", out.toString());
        assertThat(run.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(new String(run.getInputStream().readAllBytes())).isZero();
        ResultTable table = ResultTable.fromParts(LocalRuns.readParts(out), SALARY_JOB.outputColumns());
        assertThat(table.rows()).hasSize(93);
        Map<String, long[]> expected = IndependentAggregation.maxMin(TestProjects.dataset(), "salary_in_usd");
        for (List<Object> r : table.rows()) {
            assertThat(new long[] {(Long) r.get(1), (Long) r.get(2)}).as((String) r.get(0)).containsExactly(expected.get((String) r.get(0)));
        }
    }

    @Test
    void aMissingTemplateValueNamesTheTemplateAndLine() throws IOException {
        Path templates = copyTemplates();
        Files.writeString(templates.resolve("bucket-policy.json.ftl"), "{\n  \"a\": ${bucket?c},\n  \"b\": ${noSuchValue?c}\n}\n");
        assertThatThrownBy(() -> render(templates, config()))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("bucket-policy.json.ftl line 3:")
                .hasMessageContaining("noSuchValue");
    }

    @Test
    void aDuplicateKeyIsRejectedNamingTheFile() throws IOException {
        Path templates = copyTemplates();
        Files.writeString(templates.resolve("job-role-trust.json.ftl"), "{\"Version\": \"2012-10-17\",\n \"Version\": \"2008-10-17\"}");
        assertThatThrownBy(() -> render(templates, config()))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("job-role-trust.json.ftl: invalid JSON at line 2")
                .hasMessageContaining("Duplicate field 'Version'");
    }

    @Test
    void anAslParameterTheSdkModelDoesNotKnowIsRejected() throws IOException {
        Path templates = copyTemplates();
        Path asl = templates.resolve("state-machine.asl.json.ftl");
        Files.writeString(asl, Files.readString(asl).replace("\"ExecutionTimeoutMinutes\"", "\"ExecutionTimeoutMinute\""));
        assertThatThrownBy(() -> render(templates, config()))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("state-machine.asl.json.ftl: RunJob.Parameters.ExecutionTimeoutMinute: "
                        + "not a parameter of EMR Serverless startJobRun");
    }

    @Test
    void nestedAslParametersAreCheckedToo() throws IOException {
        Path templates = copyTemplates();
        Path asl = templates.resolve("state-machine.asl.json.ftl");
        Files.writeString(asl, Files.readString(asl).replace("\"IdleTimeoutMinutes\"", "\"IdleMinutes\""));
        assertThatThrownBy(() -> render(templates, config()))
                .hasMessageContaining("CreateApplication.Parameters.AutoStopConfiguration.IdleMinutes: not a parameter");
    }

    @Test
    void theJobScriptCarriesTheJobDefinitionVerbatim() throws IOException {
        String job = render(TestProjects.templates(), config()).text(Artifact.JOB_SCRIPT);
        // The schema and SQL come from job/, embedded as Python string literals (escaped, not spliced).
        assertThat(job).contains("INPUT_SCHEMA = " + JsonDocuments.compact(SALARY_JOB.schema()));
        assertThat(job).contains("JOB_SQL = " + JsonDocuments.compact(SALARY_JOB.sql()));
        assertThat(job).contains("PARAMETERS = json.loads(", "salary_column", "title_filter", "OUTPUT_COLUMNS = json.loads(", "min_salary");
        assertThat(SALARY_JOB.inputColumns()).containsExactly("work_year", "experience_level", "employment_type", "job_title",
                "salary", "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio", "company_location",
                "company_size");
    }

    private Path copyTemplates() throws IOException {
        Path dir = tmp.resolve("templates");
        TestProjects.copyTree(TestProjects.templates(), dir);
        return dir;
    }

    private static Process python(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
