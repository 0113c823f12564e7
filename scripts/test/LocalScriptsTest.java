import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.config.Project;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** run.java --local and results.java --local as a user drives them (in-process, same code as main). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalScriptsTest {
    @TempDir
    static Path dir;
    static Project project;
    static String firstRun;

    @BeforeAll
    static void project() {
        project = TestProjects.create(dir.resolve("p"));
    }

    private static String p() {
        return project.root().toString();
    }

    @Test
    @Order(1)
    void resultsBeforeAnyRunSaysWhatToDo() {
        ScriptResult r = ScriptResult.run(new results(), "--local", "--project", p());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: no local run yet").endsWith("run `./jbang run.java --local` first");
    }

    @Test
    @Order(2)
    void runLocalPrintsTheNinetyThreeTitleTable() {
        ScriptResult r = ScriptResult.run(new run(), "--local", "--project", p());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("job_title +max_salary +min_salary");
        assertThat(lines).contains("93 rows");
        assertThat(r.err().lines().findFirst().orElseThrow()).matches("run \\S+: job salary-by-title with the job's SQL on embedded Spark .*");
        assertThat(r.out()).containsPattern("(?m)^Data Engineer +324,000 +12,000$");
        firstRun = new LocalRuns(project.runsDir()).latest().orElseThrow();
    }

    @Test
    @Order(3)
    void failedRunsSayOneLineExitTwoAndNeverBecomeTheLatest() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"),
                Files.readAllLines(TestProjects.dataset()).get(0) + "\n2023,SE,FT,Data Engineer,lots,USD,12,US,0,US,M\n");
        Path noColumn = Files.writeString(dir.resolve("nocol.csv"), "work_year,job_title,salary\n2023,X,1\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        for (String[] args : List.of(
                new String[] {"--input", bad.toString()},
                new String[] {"--input", noColumn.toString()},
                new String[] {"--input", empty.toString()},
                new String[] {"--input", dir.resolve("nope.csv").toString()},
                new String[] {"--param", "salary_column=salary_in_eur"},
                new String[] {"--param", "title_filter=(unclosed"})) {
            String[] full = concat(new String[] {"--local", "--project", p()}, args);
            ScriptResult r = ScriptResult.run(new run(), full);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("\tat ");
            assertThat(new LocalRuns(project.runsDir()).latest()).contains(firstRun);
        }
        try (var files = Files.list(project.runsDir())) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(firstRun);
        }
    }

    @Test
    @Order(4)
    void resultsPrintsTheLatestRunInEveryFormat() throws Exception {
        ScriptResult table = ScriptResult.run(new results(), "--local", "--project", p());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("93 rows");

        ScriptResult csv = ScriptResult.run(new results(), "--local", "--project", p(), "--format", "csv");
        assertThat(csv.out().lines().findFirst()).contains("job_title,max_salary,min_salary");
        assertThat(csv.out().lines().count()).isEqualTo(94);
        assertThat(csv.out()).contains("\nData Engineer,324000,12000\n");

        ScriptResult json = ScriptResult.run(new results(), "--local", "--project", p(), "--format", "json", "--run", firstRun);
        JsonNode root = JsonDocuments.parse("stdout", json.out());
        assertThat(root.path("count").asInt()).isEqualTo(93);
        JsonNode first = root.path("rows").get(0);
        assertThat(first.path("max_salary").isIntegralNumber()).isTrue();
        assertThat(first.path("job_title").isTextual()).isTrue();

        ScriptResult top = ScriptResult.run(new results(), "--local", "--project", p(), "--sort", "max_salary", "--top", "2", "--filter", "Data");
        assertThat(top.out().lines().toList()).hasSize(5);
        assertThat(top.out()).containsPattern("Data Analyst +430,967");

        // The job declares min_salary to max_salary as its chart range: one bar per title; a text column is refused.
        ScriptResult chart = ScriptResult.run(new results(), "--local", "--project", p(), "--chart", "--log");
        assertThat(chart.exitCode()).as(chart.toString()).isZero();
        assertThat(chart.out().lines().filter(l -> l.matches(".*[▏▎▍▌▋▊▉█].*")).count()).as(chart.out()).isEqualTo(93);
        ScriptResult text = ScriptResult.run(new results(), "--local", "--project", p(), "--chart", "job_title");
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.errorLines()).as(text.toString()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void anUnknownRunIdListsTheRunsThereAre() {
        ScriptResult r = ScriptResult.run(new results(), "--local", "--project", p(), "--run", "20200101-000000-000000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no local run '20200101-000000-000000'", firstRun);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        for (Object command : List.of(new run(), new results())) {
            ScriptResult r = ScriptResult.run((java.util.concurrent.Callable<Integer>) command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("--project=DIR", "default: .", "--format=FORMAT", "table, csv, json", "default: table", "Example");
        }
    }

    @Test
    void aWrongFlagGetsAUsageLineAndExitTwo() {
        ScriptResult r = ScriptResult.run(new run(), "--locl");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Unknown option: '--locl'").contains("Usage: run.java", "Try 'run.java --help'");
        ScriptResult f = ScriptResult.run(new results(), "--local", "--format", "xml");
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.err()).contains("Invalid value for option '--format'");
    }

    @Test
    void aBadConfigValueIsOneLineExitTwo() throws IOException {
        Project bad = TestProjects.create(dir.resolve("badconfig"), "driver.cores=3");
        ScriptResult r = ScriptResult.run(new run(), "--local", "--project", bad.root().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: emrflow.properties: 'driver.cores' is '3'; allowed: 1, 2, 4, 8 or 16");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
