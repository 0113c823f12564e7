package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.config.Project;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;
import io.github.emrflow.local.LocalJob;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.results.ResultTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both sample jobs, run by the engine from their job/ files on embedded Spark, against plain Java
 * over the real dataset (IndependentAggregation): the engine knows neither job, so these numbers
 * prove that the job definition alone decides them.
 */
class SampleJobsTest {
    @TempDir
    Path tmp;

    private int runs;

    private ResultTable run(String sample, Path input, Map<String, String> parameters) {
        runs++;
        Project project = TestProjects.withJob(tmp.resolve("p-" + runs), sample);
        JobDefinition job = project.job();
        Path out = tmp.resolve("out-" + runs);
        LocalJob.run(job, input, out, JobParameters.defaults(job).with(parameters, "test"));
        return ResultTable.fromParts(LocalRuns.readParts(out), job.outputColumns());
    }

    @ParameterizedTest
    @ValueSource(strings = {"salary_in_usd", "salary"})
    void theSalaryJobEqualsAnIndependentComputationComparingNumbers(String column) {
        ResultTable table = run(TestProjects.SALARY_JOB, TestProjects.dataset(), Map.of("salary_column", column));
        Map<String, long[]> expected = IndependentAggregation.maxMin(TestProjects.dataset(), column);
        assertThat(table.rows()).hasSize(93).hasSize(expected.size());
        for (List<Object> row : table.rows()) {
            String title = (String) row.get(0);
            assertThat(expected).containsKey(title);
            assertThat(new long[] {(Long) row.get(1), (Long) row.get(2)}).as(title).containsExactly(expected.get(title));
        }
        if (column.equals("salary")) {
            List<Object> dataEngineer = table.rows().stream().filter(r -> r.get(0).equals("Data Engineer")).findFirst().orElseThrow();
            assertThat(dataEngineer).containsExactly("Data Engineer", 4_450_000L, 12_000L);
        }
    }

    @Test
    void theTutorialsStringComparisonGetsFiftyNineTitlesWrong() {
        Map<String, long[]> numbers = IndependentAggregation.maxMin(TestProjects.dataset(), "salary");
        Map<String, String[]> strings = IndependentAggregation.maxMinAsStrings(TestProjects.dataset(), "salary");
        assertThat(strings.get("Data Engineer")).containsExactly("99100", "100000");
        long wrong = numbers.keySet().stream().filter(t -> Long.parseLong(strings.get(t)[0]) != numbers.get(t)[0]
                || Long.parseLong(strings.get(t)[1]) != numbers.get(t)[1]).count();
        assertThat(wrong).isEqualTo(59);
    }

    @Test
    void theTitleFilterKeepsOnlyMatchingTitles() {
        ResultTable table = run(TestProjects.SALARY_JOB, TestProjects.dataset(), Map.of("title_filter", "^Data Engineer$|Architect"));
        assertThat(table.rows()).extracting(r -> (String) r.get(0))
                .allMatch(t -> t.equals("Data Engineer") || t.contains("Architect"))
                .contains("Data Engineer", "Data Architect");
    }

    @ParameterizedTest
    @ValueSource(ints = {2023, 2022, 2020})
    void theExperienceJobEqualsAnIndependentComputationForEachYear(int year) {
        ResultTable table = run(TestProjects.EXPERIENCE_JOB, TestProjects.dataset(), Map.of("work_year", String.valueOf(year)));
        Map<String, IndependentAggregation.Summary> expected = IndependentAggregation.experienceSummary(TestProjects.dataset(), year);
        assertThat(table.rows()).hasSize(expected.size());
        for (List<Object> row : table.rows()) {
            String key = row.get(0) + "|" + row.get(1);
            IndependentAggregation.Summary s = expected.get(key);
            assertThat(s).as(key).isNotNull();
            assertThat(row.get(2)).as(key + " rows").isEqualTo(s.rows());
            assertThat((BigDecimal) row.get(3)).as(key + " average").isEqualByComparingTo(s.average());
            assertThat(row.get(4)).as(key + " max").isEqualTo(s.max());
        }
    }

    @Test
    void anotherWorkYearChangesTheResult() {
        ResultTable y2023 = run(TestProjects.EXPERIENCE_JOB, TestProjects.dataset(), Map.of());
        ResultTable y2022 = run(TestProjects.EXPERIENCE_JOB, TestProjects.dataset(), Map.of("work_year", "2022"));
        assertThat(y2023.rows()).isNotEqualTo(y2022.rows());
        long rows2023 = y2023.rows().stream().mapToLong(r -> (Long) r.get(2)).sum();
        long rows2022 = y2022.rows().stream().mapToLong(r -> (Long) r.get(2)).sum();
        assertThat(rows2023).isEqualTo(IndependentAggregation.experienceSummary(TestProjects.dataset(), 2023).values().stream()
                .mapToLong(IndependentAggregation.Summary::rows).sum()).isNotEqualTo(rows2022);
        assertThat(rows2022).isEqualTo(IndependentAggregation.experienceSummary(TestProjects.dataset(), 2022).values().stream()
                .mapToLong(IndependentAggregation.Summary::rows).sum());
    }

    @Test
    void anOutputColumnTheSqlDoesNotProduceFailsBeforeAnyOutputIsWritten() throws IOException {
        Project project = TestProjects.withJob(tmp.resolve("renamed"), TestProjects.SALARY_JOB);
        Path sql = project.jobDir().resolve(JobDefinition.SQL_FILE);
        Files.writeString(sql, Files.readString(sql).replace("AS min_salary", "AS lowest_salary"));
        JobDefinition job = project.job();
        Path out = tmp.resolve("renamed-out");
        assertThatThrownBy(() -> LocalJob.run(job, TestProjects.dataset(), out, JobParameters.defaults(job)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not produce the declared output column(s) min_salary")
                .hasMessageContaining("it produces job_title, max_salary, lowest_salary")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(out).doesNotExist();
    }

    @Test
    void aNonNumericSalaryIsOneClearLine() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(TestProjects.dataset()).subList(0, 20));
        lines.set(5, lines.get(5).replaceFirst(",(\\d+),USD,", ",lots,USD,"));
        Files.write(bad, lines);
        assertThatThrownBy(() -> run(TestProjects.SALARY_JOB, bad, Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("has a row that does not fit the schema in job/schema.ddl")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void inputProblemsAreCaughtBeforeSparkStarts() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        assertThatThrownBy(() -> run(TestProjects.SALARY_JOB, empty, Map.of())).hasMessageContaining("is empty");
        Path fewer = Files.writeString(tmp.resolve("fewer.csv"), "work_year,job_title,salary\n2023,X,1\n");
        assertThatThrownBy(() -> run(TestProjects.SALARY_JOB, fewer, Map.of())).hasMessageContaining("has other columns than the schema in job/schema.ddl");
        assertThatThrownBy(() -> run(TestProjects.SALARY_JOB, tmp.resolve("missing.csv"), Map.of())).hasMessageContaining("not found");
        String header = Files.readAllLines(TestProjects.dataset()).get(0);
        Path headerOnly = Files.writeString(tmp.resolve("header.csv"), header + "\n");
        assertThatThrownBy(() -> run(TestProjects.SALARY_JOB, headerOnly, Map.of())).hasMessageContaining("has a header but no rows");
    }
}
