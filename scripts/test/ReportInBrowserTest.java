import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Chromium;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
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

        try (Chromium browser = Chromium.start(chromium.get())) {
            Chromium.Page tab = browser.open(page.toUri().toString());
            assertThat(tab.errors()).as("console errors").isEmpty();
            assertThat(tab.requests()).as("requests").isNotEmpty().allMatch(u -> u.startsWith("file:") || u.startsWith("data:"));
            tab.screenshot(Path.of("target/report-salary.png"));

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

        try (Chromium browser = Chromium.start(chromium.get())) {
            Chromium.Page tab = browser.open(page.toUri().toString());
            assertThat(tab.errors()).as("console errors").isEmpty();
            assertThat(tab.requests()).as("requests").isNotEmpty().allMatch(u -> u.startsWith("file:") || u.startsWith("data:"));
            tab.screenshot(Path.of("target/report-failed.png"));
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
        ScriptResult r = ScriptResult.run(new run(), "--local", "--report", page.toString(), "--project", local.root().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
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
