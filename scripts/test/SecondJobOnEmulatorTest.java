import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.IndependentAggregation;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second sample job (salary-by-experience) through the very same scripts and engine on the
 * emulator: deployed, run with its default and with --param work_year=2022, and its printed numbers
 * equal to plain Java over the CSV. No Java in the project names this job.
 */
class SecondJobOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;

    @BeforeAll
    static void deployed() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.withJob(dir.resolve("experience"), TestProjects.EXPERIENCE_JOB);
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(deployed.out()).contains("jobs/salary-by-experience.py");
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void assertEqualsIndependent(JsonNode json, int year) {
        Map<String, IndependentAggregation.Summary> expected = IndependentAggregation.experienceSummary(TestProjects.dataset(), year);
        assertThat(json.path("count").asInt()).isEqualTo(expected.size());
        for (JsonNode row : json.path("rows")) {
            String key = row.path("experience_level").asText() + "|" + row.path("company_size").asText();
            IndependentAggregation.Summary s = expected.get(key);
            assertThat(s).as(key).isNotNull();
            assertThat(row.path("row_count").asLong()).as(key).isEqualTo(s.rows());
            assertThat(row.path("avg_salary_in_usd").decimalValue()).as(key).isEqualByComparingTo(s.average());
            assertThat(row.path("max_salary_in_usd").asLong()).as(key).isEqualTo(s.max());
        }
    }

    @Test
    void theDefaultYearAndAnotherYearBothEqualTheIndependentComputation() {
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--format", "json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("> RunJob", "ok RunJob");
        String json2023 = r.out().substring(r.out().indexOf("{\n"), r.out().lastIndexOf("}\n") + 2);
        assertEqualsIndependent(JsonDocuments.parse("run", json2023), 2023);

        ScriptResult r2022 = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--param", "work_year=2022"));
        assertThat(r2022.exitCode()).as(r2022.toString()).isZero();
        assertThat(r2022.out()).containsPattern("(?m)^experience_level +company_size +row_count +avg_salary_in_usd +max_salary_in_usd$");

        ScriptResult latest = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--format", "json"));
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertEqualsIndependent(JsonDocuments.parse("results", latest.out()), 2022);
    }
}
