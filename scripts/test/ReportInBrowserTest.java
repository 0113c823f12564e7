import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Chromium;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.PrintedPages;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import io.github.emrflow.results.report.WorkflowChartTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report page in a real browser: a salary run and a failed run on the emulator, each
 * written by run.java --report and opened in Debian's headless chromium. The page must load with
 * no console error and fetch nothing, sort when a header is clicked, and look like something: the
 * screenshots (target/report-*.png, also the README's pictures) must not be blank. Without
 * chromium on the PATH the browser tests say they skipped and why; the page's geometry is still
 * checked by HtmlReportTest.
 */
class ReportInBrowserTest {
    @TempDir
    static Path dir;
    static Optional<Path> chromium = Chromium.find();
    static Emulator emulator;
    static Project project;

    @BeforeAll
    static void deployed() {
        if (chromium.isEmpty()) {
            return;
        }
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"));
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void needChromium() {
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not on the PATH (Debian: apt-get install chromium): "
                + "the report was not opened in a browser");
    }

    @Test
    void theSalaryReportLoadsCleanlyFetchesNothingAndSorts() throws Exception {
        needChromium();
        emulator.reset();
        Path page = Path.of("target/report-salary.html").toAbsolutePath();
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--report", page.toString()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String html = Files.readString(page);
        assertThat(html).doesNotContain("http://", "https://");
        // One bar per row of the table, and every state of the workflow on the timeline.
        assertThat(count(html, "<g class=\"row\">")).isEqualTo(93);
        assertThat(html).contains(">CreateApplication</text>", ">RunJob</text>", ">DeleteApplication</text>", "billed:");

        // The same run read back later by results.java draws the same page (its tooltip times aside).
        String runId = matching(r.out(), "run (\\d{8}-\\d{6}-[0-9a-f]{6}): started");
        Path again = dir.resolve("again.html");
        ScriptResult results = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--run", runId, "--html", again.toString()));
        assertThat(results.exitCode()).as(results.toString()).isZero();
        String reread = Files.readString(again);
        assertThat(count(reread, "<g class=\"row\">")).isEqualTo(93);
        assertThat(count(reread, "<g class=\"span")).isEqualTo(count(html, "<g class=\"span"));

        // The workflow drawn from the definition the run went through, its path exactly the states the run entered.
        Map<String, WorkflowChartTest.Drawn> states = WorkflowChartTest.states(html);
        Set<String> entered = WorkflowChartTest.withClass(states, "entered");
        assertThat(states.keySet()).as("states drawn").containsAll(timelineStates(html)).hasSizeGreaterThan(entered.size());
        assertThat(entered).as("states highlighted").isEqualTo(new HashSet<>(timelineStates(html)));
        assertThat(WorkflowChartTest.withClass(states, "failed")).as("nothing failed").isEmpty();
        List<String> taken = WorkflowChartTest.edges(html).stream().filter(e -> e.endsWith(" taken")).toList();
        assertThat(taken).as("a successful run catches no error").noneMatch(e -> e.contains(" catch "))
                .anyMatch(e -> e.startsWith("start>")).anyMatch(e -> e.contains(">end "));
        assertThat(taken).as("one transition into each state entered, one to the end").hasSize(timelineStates(html).size() + 1);
        assertThat(reread).as("results.java --html draws it too").contains("<svg class=\"workflow\"");

        // --filter, --sort and --top: the page shows the rows the terminal prints, in the same order, table and chart.
        Path viewed = dir.resolve("viewed.html");
        ScriptResult view = ScriptResult.run(new results(), EmulatorProject.args(project, emulator, "--run", runId, "--html", viewed.toString(),
                "--format", "csv", "--filter", "job_title=Engineer", "--sort", "min_salary:asc", "--top", "7"));
        assertThat(view.exitCode()).as(view.toString()).isZero();
        List<String> printed = view.out().lines().skip(1).map(line -> line.split(",")[0].replace("\"", "")).toList();
        assertThat(printed).hasSize(7).allMatch(t -> t.contains("Engineer"));
        String viewedHtml = Files.readString(viewed);
        assertThat(all(viewedHtml, "<tr(?: class=\"page\")?><td>([^<]*)</td>")).as("the page's table").isEqualTo(printed);
        assertThat(all(viewedHtml, "<g class=\"row\"><title>([^:<]*):")).as("the page's chart").isEqualTo(printed);
        assertThat(viewedHtml).contains("7 shown of 93", "aria-sort=\"ascending\">min_salary<");

        try (Chromium browser = Chromium.start(chromium.get())) {
            Chromium.Page tab = browser.open(page.toUri().toString());
            assertThat(tab.errors()).as("console errors").isEmpty();
            assertThat(tab.requests()).as("requests").isNotEmpty().allMatch(u -> u.startsWith("file:") || u.startsWith("data:"));
            tab.screenshot(Path.of("target/report-salary.png"));
            List<String> rows = texts(tab.evaluate("Array.prototype.map.call(document.querySelectorAll('#results tbody tr'),"
                    + " function (r) { return r.innerText; })"));
            PrintedPages.assertRowsPerPage(tab, rows, Path.of("target/report-salary.pdf"));

            String first = "document.querySelector('#results tbody tr').cells[%d].getAttribute('data-v')";
            JsonNode largest = tab.evaluate("Math.max.apply(null, Array.prototype.map.call(document.querySelectorAll("
                    + "'#results tbody tr'), function (r) { return parseFloat(r.cells[1].getAttribute('data-v')); }))");
            assertThat(tab.evaluate(String.format(first, 1)).asDouble()).as("before sorting").isLessThan(largest.asDouble());
            tab.evaluate("document.querySelectorAll('#results th')[1].click()");
            assertThat(tab.evaluate(String.format(first, 1)).asDouble()).as("after a click on max_salary").isEqualTo(largest.asDouble());
            tab.evaluate("document.querySelectorAll('#results th')[1].click()");
            assertThat(tab.evaluate(String.format(first, 1)).asDouble()).as("after a second click").isLessThan(largest.asDouble());
            // Re-sorting moved the print page breaks with the rows: still one before every 50th row.
            assertThat(tab.evaluate("Array.prototype.map.call(document.querySelectorAll('#results tbody tr'), function (r, i) {"
                    + " return r.classList.contains('page') === (i > 0 && i % 50 === 0); }).every(Boolean)").asBoolean()).isTrue();
            assertThat(tab.errors()).as("console errors after sorting").isEmpty();
            // Printed after sorting: still fifty rows a page, in the new order.
            PrintedPages.assertRowsPerPage(tab, texts(tab.evaluate("Array.prototype.map.call(document.querySelectorAll('#results tbody tr'),"
                    + " function (r) { return r.innerText; })")), dir.resolve("sorted.pdf"));
        }
        assertNotBlank(Path.of("target/report-salary.png"));
    }

    @Test
    void aFailedRunsReportShowsTheFailureOnItsTimeline() throws Exception {
        needChromium();
        emulator.reset();
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Job failed: ExecutorLostFailure (disk full)\"}}");
        Path page = Path.of("target/report-failed.html").toAbsolutePath();
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(project, emulator, "--report", page.toString()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        String html = Files.readString(page);
        assertThat(html).doesNotContain("http://", "https://", "<table");
        assertThat(html).contains("status bad", "What went wrong", "ExecutorLostFailure (disk full)", "<g class=\"span failed\">");
        // The path through the cleanup: the states entered highlighted, the failed task and the Fail state marked,
        // the error's way out a taken catch from the failed task.
        Map<String, WorkflowChartTest.Drawn> states = WorkflowChartTest.states(html);
        assertThat(WorkflowChartTest.withClass(states, "entered")).isEqualTo(new HashSet<>(timelineStates(html)));
        Set<String> failed = WorkflowChartTest.withClass(states, "failed");
        assertThat(failed).as("the failed task and the Fail state").hasSize(2)
                .anyMatch(name -> states.get(name).classes().contains("task")).anyMatch(name -> states.get(name).classes().contains("fail"));
        assertThat(failed).isEqualTo(new HashSet<>(all(html, "<g class=\"span failed\"><title>[^<]*</title><text class=\"label\"[^>]*>([^<]*)</text>")));
        assertThat(WorkflowChartTest.edges(html)).as("the error caught where the task failed")
                .anyMatch(e -> e.endsWith(" catch taken") && failed.contains(e.substring(0, e.indexOf('>'))));

        try (Chromium browser = Chromium.start(chromium.get())) {
            Chromium.Page tab = browser.open(page.toUri().toString());
            assertThat(tab.errors()).as("console errors").isEmpty();
            assertThat(tab.requests()).as("requests").isNotEmpty().allMatch(u -> u.startsWith("file:") || u.startsWith("data:"));
            // The whole page: its workflow picture, with the path through the cleanup, is the point of this one.
            tab.screenshotFullPage(Path.of("target/report-failed.png"));
        }
        assertNotBlank(Path.of("target/report-failed.png"));
    }

    @Test
    void aReportIntoAFolderThatDoesNotExistIsOneLineAndExitTwo() {
        Project empty = TestProjects.create(dir.resolve("bad"));
        ScriptResult r = ScriptResult.run(new results(), "--local", "--html", "/no/such/dir/r.html", "--project", empty.root().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.toString()).containsExactly("error: --html: folder /no/such/dir does not exist");
    }

    @Test
    void aLocalRunWritesItsReportAndSoDoesAFailedOne() throws Exception {
        Project local = TestProjects.create(dir.resolve("local"));
        Path page = dir.resolve("local.html");
        ScriptResult r = ScriptResult.run(new run(), "--local", "--chart", "--report", page.toString(), "--project", local.root().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // run.java --chart draws what results.java --chart does: one bar per row instead of the table.
        assertThat(r.out().lines().filter(l -> l.matches(".*[▏▎▍▌▋▊▉█].*")).count()).as(r.out()).isEqualTo(93);
        String html = Files.readString(page);
        assertThat(count(html, "<g class=\"row\">")).isEqualTo(93);
        assertThat(count(html, "<g class=\"span")).as("a local run's timeline: one job bar").isEqualTo(1);
        assertThat(html).contains("SUCCEEDED", ">job</text>").doesNotContain("http://", "https://");

        Path reread = dir.resolve("reread.html");
        ScriptResult results = ScriptResult.run(new results(), "--local", "--html", reread.toString(), "--project", local.root().toString());
        assertThat(results.exitCode()).as(results.toString()).isZero();
        assertThat(count(Files.readString(reread), "<g class=\"row\">")).isEqualTo(93);

        Path bad = Files.writeString(dir.resolve("bad.csv"),
                Files.readAllLines(TestProjects.dataset()).get(0) + "\n2023,SE,FT,Data Engineer,lots,USD,12,US,0,US,M\n");
        Path failedPage = dir.resolve("local-failed.html");
        ScriptResult failed = ScriptResult.run(new run(), "--local", "--input", bad.toString(), "--report", failedPage.toString(),
                "--project", local.root().toString());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(2);
        assertThat(failed.errorLines()).as(failed.toString()).isEqualTo(1);
        assertThat(Files.readString(failedPage)).contains("status bad", "What went wrong", "<g class=\"span failed\">")
                .doesNotContain("<table");
    }


    /** The states on a page's timeline, in the order the run entered them. */
    private static List<String> timelineStates(String html) {
        return all(html, "<g class=\"span[^\"]*\"><title>[^<]*</title><text class=\"label\"[^>]*>([^<]*)</text>");
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A screenshot of a real page has text, bars and a background: many colours, not one. */
    private static void assertNotBlank(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png + " decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours in " + png).hasSizeGreaterThan(8);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String matching(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }
}
