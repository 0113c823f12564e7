package io.github.emrflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job definition may say, and the one line a mistake in it gets. */
class JobDefinitionLoaderTest {
    @TempDir
    Path tmp;

    private Path sample(String name) throws IOException {
        Path dir = tmp.resolve(name);
        TestProjects.copyTree(TestProjects.sampleJob(name), dir);
        return dir;
    }

    private void edit(Path dir, String from, String to) throws IOException {
        Path json = dir.resolve(JobDefinition.DEFINITION_FILE);
        String text = Files.readString(json);
        assertThat(text).contains(from);
        Files.writeString(json, text.replace(from, to));
    }

    @Test
    void theSamplesLoadWithTheirParametersOutputsAndChart() throws IOException {
        JobDefinition salary = JobDefinitionLoader.load(sample(TestProjects.SALARY_JOB));
        assertThat(salary.parameters()).extracting(Parameter::name).containsExactly("salary_column", "title_filter");
        assertThat(salary.outputNames()).containsExactly("job_title", "max_salary", "min_salary");
        assertThat(salary.chartRange()).containsExactly("min_salary", "max_salary");
        JobDefinition experience = JobDefinitionLoader.load(sample(TestProjects.EXPERIENCE_JOB));
        assertThat(experience.requireParameter("work_year", "t").type()).isEqualTo(ParameterType.INTEGER);
        assertThat(experience.outputColumn("avg_salary_in_usd").orElseThrow()).isEqualTo(new OutputColumn("avg_salary_in_usd", ColumnType.DECIMAL, 2));
        assertThat(experience.chartRange()).isEmpty();
    }

    @Test
    void aChartRangeMustNameTwoNumericOutputColumns() throws IOException {
        Path dir = sample(TestProjects.SALARY_JOB);
        edit(dir, "\"range\": [\"min_salary\", \"max_salary\"]", "\"range\": [\"job_title\", \"max_salary\"]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(dir)).isInstanceOf(UserError.class)
                .hasMessage("job/job.json: chart range column 'job_title' is not a numeric output column");
        edit(dir, "\"range\": [\"job_title\", \"max_salary\"]", "\"range\": [\"max_salary\"]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(dir)).hasMessage("job/job.json: chart 'range' must list two numeric output columns: [from, to]");
    }

    @Test
    void badDeclarationsAreOneLineNamingTheField() throws IOException {
        Path dir = sample(TestProjects.EXPERIENCE_JOB);
        edit(dir, "\"type\": \"integer\",\n      \"default\": \"2023\"", "\"type\": \"date\",\n      \"default\": \"2023\"");
        assertThatThrownBy(() -> JobDefinitionLoader.load(dir))
                .hasMessage("job/job.json parameter 'work_year': type 'date' is not one of string, integer, number, boolean, regex");
        edit(dir, "\"type\": \"date\"", "\"type\": \"integer\"");
        edit(dir, "\"default\": \"2023\"", "\"default\": \"1999\"");
        assertThatThrownBy(() -> JobDefinitionLoader.load(dir))
                .hasMessage("job/job.json parameter 'work_year' default: parameter 'work_year' is '1999'; allowed: a whole number from 2020 to 2023");
        edit(dir, "\"default\": \"1999\"", "\"default\": \"2023\"");
        edit(dir, "{\"name\": \"row_count\", \"type\": \"integer\"}", "{\"name\": \"row_count\", \"type\": \"float\"}");
        assertThatThrownBy(() -> JobDefinitionLoader.load(dir))
                .hasMessage("job/job.json output column 'row_count': type 'float' is not one of string, integer, decimal");
    }
}
