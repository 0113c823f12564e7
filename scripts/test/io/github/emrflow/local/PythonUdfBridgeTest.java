package io.github.emrflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import io.github.emrflow.job.JobParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Python UDFs on embedded Spark (no PySpark): what a broken module gives. A function that
 * is not there is bad input (exit 2) before the SQL runs; one that raises fails the job (exit 1)
 * with Python's error in the one line.
 */
class PythonUdfBridgeTest {
    @TempDir
    Path dir;

    private JobDefinition job(String module, String function) throws IOException {
        Path job = Files.createDirectories(dir.resolve("job"));
        TestProjects.copyTree(TestProjects.sampleJob(TestProjects.SALARY_JOB), job);
        Files.createDirectories(job.resolve("tools"));
        Files.writeString(job.resolve("tools/__init__.py"), "");
        Files.writeString(job.resolve("tools/text.py"), module);
        String definition = Files.readString(job.resolve("job.json"));
        Files.writeString(job.resolve("job.json"), definition.replaceFirst("\"output\":",
                "\"udfs\": [{\"name\": \"tidy_title\", \"function\": \"tools.text:" + function + "\", \"returnType\": \"string\"}],\n  \"output\":"));
        Files.writeString(job.resolve("query.sql"), Files.readString(job.resolve("query.sql"))
                .replace("SELECT job_title,", "SELECT tidy_title(job_title) AS job_title,").replace("GROUP BY job_title", "GROUP BY tidy_title(job_title)"));
        return JobDefinitionLoader.load(job);
    }

    @Test
    void aMissingFunctionIsBadInputBeforeTheSqlRuns() throws IOException {
        JobDefinition job = job("def tidy(t):\n    return t\n", "tidy_it");
        assertThatThrownBy(() -> LocalJob.run(job, TestProjects.dataset(), dir.resolve("out"), JobParameters.defaults(job)))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.BAD_INPUT))
                .hasMessage("udf tidy_title: cannot load tools.text:tidy_it (AttributeError: module 'tools.text' has no attribute 'tidy_it')");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFunctionThatRaisesFailsTheJobWithPythonsError() throws IOException {
        JobDefinition job = job("def tidy(t):\n    raise ValueError('no title rules for ' + t)\n", "tidy");
        assertThatThrownBy(() -> LocalJob.run(job, TestProjects.dataset(), dir.resolve("out"), JobParameters.defaults(job)))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.JOB_FAILED))
                .hasMessageStartingWith("udf tidy_title failed (ValueError: no title rules for ");
    }
}
