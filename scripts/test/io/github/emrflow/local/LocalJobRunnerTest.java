package io.github.emrflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import io.github.emrflow.config.Project;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which engine runs a local job, and what it is given. PySpark cannot be installed on the machines
 * this suite runs on (no PyPI), so a stand-in spark-submit records what it receives: the rendered
 * script and the same --input/--output/--param arguments EMR Serverless would pass.
 */
class LocalJobRunnerTest {
    @TempDir
    Path tmp;

    private Path fakeSparkHome(String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("spark/bin"));
        Path submit = bin.resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp.resolve("spark");
    }

    @Test
    void withoutPySparkTheJobsSqlRunsOnEmbeddedSparkAndTheDescriptionSaysSo() {
        JobDefinition job = TestProjects.withJob(tmp.resolve("p"), TestProjects.SALARY_JOB).job();
        LocalJobRunner runner = LocalJobRunner.detect(job, Map.of("PYSPARK_PYTHON", tmp.resolve("no-python").toString()));
        assertThat(runner.usesPySpark()).isFalse();
        assertThat(runner.description()).startsWith("the job's SQL on embedded Spark (no PySpark here");
    }

    @Test
    void withSparkHomeTheRenderedScriptRunsWithTheSameArgumentsAsOnEmr() throws IOException {
        Project project = TestProjects.withJob(tmp.resolve("p"), TestProjects.EXPERIENCE_JOB);
        JobDefinition job = project.job();
        Path record = tmp.resolve("argv.txt");
        // Records its arguments and the script, then writes the output the way Spark would.
        Path home = fakeSparkHome("for a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + record + "'; done\n"
                + "cp \"$3\" '" + tmp.resolve("script.py") + "'\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done\n"
                + "mkdir -p \"$out\" && printf 'experience_level,company_size,row_count,avg_salary_in_usd,max_salary_in_usd\\nSE,M,2,10.50,11\\n'"
                + " > \"$out/part-00000.csv\"\n");
        LocalJobRunner runner = LocalJobRunner.detect(job, Map.of("SPARK_HOME", home.toString()));
        assertThat(runner.usesPySpark()).isTrue();
        assertThat(runner.description()).isEqualTo("the job's PySpark script with spark-submit from SPARK_HOME=" + home);

        Path out = tmp.resolve("out");
        JobParameters parameters = JobParameters.defaults(job).with(Map.of("work_year", "2022"), "test");
        runner.run("JOB_SQL = 'rendered'\n", TestProjects.dataset(), out, parameters);

        List<String> argv = Files.readAllLines(record);
        assertThat(argv.subList(0, 2)).containsExactly("--master", "local[*]");
        assertThat(argv.get(2)).endsWith(".py");
        assertThat(argv.subList(3, argv.size())).containsExactly("--input", TestProjects.dataset().toString(),
                "--output", out.toString(), "--param", "work_year=2022");
        assertThat(tmp.resolve("script.py")).hasContent("JOB_SQL = 'rendered'");
        assertThat(out.resolve("part-00000.csv")).exists();
    }

    @Test
    void aFailingPySparkJobIsOneLineWithItsLastError() throws IOException {
        JobDefinition job = TestProjects.withJob(tmp.resolve("p"), TestProjects.SALARY_JOB).job();
        Path home = fakeSparkHome("echo 'spark: lots of log' >&2\necho 'error: the job produced no rows' >&2\nexit 2\n");
        LocalJobRunner runner = LocalJobRunner.detect(job, Map.of("SPARK_HOME", home.toString()));
        assertThatThrownBy(() -> runner.run("", TestProjects.dataset(), tmp.resolve("out"), JobParameters.defaults(job)))
                .isInstanceOf(UserError.class)
                .hasMessage("the PySpark job failed (exit 2): the job produced no rows")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2));
    }
}
