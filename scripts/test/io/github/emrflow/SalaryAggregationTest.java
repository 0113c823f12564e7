package io.github.emrflow;

import io.github.emrflow.render.Aggregation;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.results.SalaryTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.local.LocalJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real aggregation (embedded Spark, the shared fragment) against plain Java on the real dataset. */
class SalaryAggregationTest {
    private static Aggregation aggregation;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadFragment() {
        aggregation = new TemplateRenderer(TestProjects.templates()).aggregation();
    }

    private SalaryTable runLocal(Path input, String column, String filter) {
        Path out = tmp.resolve("out-" + column + "-" + filter.hashCode());
        LocalJob.run(aggregation, input, out, column, filter);
        return SalaryTable.fromParts(LocalRuns.readParts(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"salary_in_usd", "salary"})
    void localOutputEqualsAnIndependentComputationComparingNumbers(String column) {
        SalaryTable table = runLocal(TestProjects.dataset(), column, "");
        Map<String, long[]> expected = IndependentAggregation.maxMin(TestProjects.dataset(), column);
        assertThat(table.rows()).hasSize(93).hasSize(expected.size());
        for (SalaryTable.Row row : table.rows()) {
            assertThat(expected).containsKey(row.title());
            assertThat(new long[] {row.max(), row.min()}).as(row.title()).containsExactly(expected.get(row.title()));
        }
        if (column.equals("salary")) {
            SalaryTable.Row dataEngineer = table.rows().stream().filter(r -> r.title().equals("Data Engineer")).findFirst().orElseThrow();
            assertThat(dataEngineer.max()).isEqualTo(4_450_000L);
            assertThat(dataEngineer.min()).isEqualTo(12_000L);
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
        SalaryTable table = runLocal(TestProjects.dataset(), "salary_in_usd", "^Data Engineer$|Architect");
        assertThat(table.rows()).extracting(SalaryTable.Row::title)
                .allMatch(t -> t.equals("Data Engineer") || t.contains("Architect"))
                .contains("Data Engineer", "Data Architect");
    }

    @Test
    void aNonNumericSalaryIsOneClearLine() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        List<String> lines = Files.readAllLines(TestProjects.dataset()).subList(0, 20);
        lines = new java.util.ArrayList<>(lines);
        lines.set(5, lines.get(5).replaceFirst(",(\\d+),USD,", ",lots,USD,"));
        Files.write(bad, lines);
        assertThatThrownBy(() -> runLocal(bad, "salary_in_usd", ""))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("has a row that does not fit the schema (salaries must be whole numbers)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void inputProblemsAreCaughtBeforeSparkStarts() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        assertThatThrownBy(() -> runLocal(empty, "salary_in_usd", "")).hasMessageContaining("is empty");
        Path noColumn = Files.writeString(tmp.resolve("nocol.csv"), "work_year,job_title,salary\n2023,X,1\n");
        assertThatThrownBy(() -> runLocal(noColumn, "salary_in_usd", "")).hasMessageContaining("has no column 'salary_in_usd'");
        assertThatThrownBy(() -> runLocal(tmp.resolve("missing.csv"), "salary_in_usd", "")).hasMessageContaining("not found");
        String header = Files.readAllLines(TestProjects.dataset()).get(0);
        Path headerOnly = Files.writeString(tmp.resolve("header.csv"), header + "\n");
        assertThatThrownBy(() -> runLocal(headerOnly, "salary_in_usd", "")).hasMessageContaining("has a header but no rows");
    }
}
