package io.github.emrflow.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's pictures by their exact geometry, its escaping, and that it points nowhere. */
class HtmlReportTest {
    private static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("title", ColumnType.STRING, 0),
            new OutputColumn("high", ColumnType.INTEGER, 0), new OutputColumn("low", ColumnType.INTEGER, 0));

    private static ResultTable table(String csv) {
        return ResultTable.fromParts(List.of(new ResultTable.Part("part-0", "title,high,low\n" + csv)), COLUMNS);
    }

    private static RunReportData run(ResultTable table, List<String> range, List<Span> timeline) {
        return new RunReportData("20260101-120000-abcdef", "salary-by-title", "this machine", "data/in.csv", Map.of("p", "v"),
                "SUCCEEDED", true, Instant.parse("2026-01-01T12:00:00Z"), Instant.parse("2026-01-01T12:00:12Z"), timeline, List.of(),
                List.of(), List.of(), table, range, null, null);
    }

    /** Each {@code <rect ...>} of the first SVG with this class, as [x, y, width, height]. */
    private static List<double[]> rects(String html, String svgClass) {
        int start = html.indexOf("<svg class=\"" + svgClass + "\"");
        assertThat(start).as(svgClass + " svg").isNotNegative();
        String svg = html.substring(start, html.indexOf("</svg>", start));
        Matcher m = Pattern.compile("<rect x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"/>").matcher(svg);
        List<double[]> found = new ArrayList<>();
        while (m.find()) {
            found.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4))});
        }
        assertThat(svg.split("<rect", -1).length - 1).as("every rect parsed").isEqualTo(found.size());
        return found;
    }

    @Test
    void oneBarPerRowFromZeroWithItsExactExtent() {
        // Largest 100: the scale's top is 100 (five steps of 20), so a bar is 560 px * value / 100 long.
        String html = HtmlReport.render(run(table("a,100,1\nb,50,2\nc,25,3\n"), List.of(), List.of()));
        List<double[]> bars = rects(html, "chart");
        assertThat(bars).hasSize(3);
        assertThat(bars.get(0)).containsExactly(230, 31, 560, 12);
        assertThat(bars.get(1)).containsExactly(230, 49, 280, 12);
        assertThat(bars.get(2)).containsExactly(230, 67, 140, 12);
        assertThat(html).contains("<title>a: 100</title>", "<title>c: 25</title>");
    }

    @Test
    void aDeclaredRangeIsOneBarFromItsLowToItsHigh() {
        // Largest 90: top 100 (step 20); from 20 to 80 is x 230 + 112 = 342, width 336; 10 to 10 is still 2 px wide.
        String html = HtmlReport.render(run(table("a,80,20\nb,90,0\nc,10,10\n"), List.of("low", "high"), List.of()));
        List<double[]> bars = rects(html, "chart");
        assertThat(bars).hasSize(3);
        assertThat(bars.get(0)).containsExactly(342, 31, 336, 12);
        assertThat(bars.get(1)).containsExactly(230, 49, 504, 12);
        assertThat(bars.get(2)).containsExactly(286, 67, 2, 12);
        assertThat(html).contains("<title>a: 20 – 80</title>");
    }

    @Test
    void theTimelineHasABarPerStateWithFailuresMarked() {
        List<Span> spans = List.of(new Span("CreateApplication", 0, 2, false), new Span("RunJob", 2, 8, true),
                new Span("Cleanup", 8, 10, false));
        String html = HtmlReport.render(run(table("a,1,1\n"), List.of(), spans));
        List<double[]> bars = rects(html, "timeline");
        // 10 s: top 10 (five steps of 2), so 56 px a second.
        assertThat(bars).hasSize(3);
        assertThat(bars.get(0)).containsExactly(230, 32, 112, 14);
        assertThat(bars.get(1)).containsExactly(342, 54, 336, 14);
        assertThat(bars.get(2)).containsExactly(678, 76, 112, 14);
        assertThat(html).containsOnlyOnce("<g class=\"span failed\">").contains("✕ failed, 6.0 s");
    }

    @Test
    void everyValueIsEscaped() {
        String html = HtmlReport.render(run(table("\"<script>alert(1)</script>\",1,1\n"), List.of(), List.of()));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // The page's own script is the only one.
        assertThat(html.split("<script>", -1)).hasSize(2);
    }

    @Test
    void thePagePointsNowhereAndPrintsFiftyRowsAPage() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            csv.append("t").append(i).append(',').append(i).append(",0\n");
        }
        String html = HtmlReport.render(run(table(csv.toString()), List.of("low", "high"), List.of(new Span("job", 0, 3, false))));
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContain("src=").doesNotContain("@import").doesNotContain("url(");
        assertThat(html).contains("@media print", "tr.page { break-before: page; }", ".table-section { break-before: page; }");
        // The chart in pieces no taller than a page: rows 1 to 50, 51 to 100, 101 to 120, on one scale.
        assertThat(html.split("<svg class=\"chart\"", -1)).hasSize(4);
        assertThat(html).contains("by title, linear scale from 0, rows 51 to 100\">", "<title>t119: 0 – 119</title>");
        // A break before rows 50 and 100 (0-based), none before the first.
        assertThat(html.split("<tr class=\"page\">", -1)).hasSize(3);
        assertThat(html).contains("<tr class=\"page\"><td>t50</td>", "<tr class=\"page\"><td>t100</td>");
    }

    @Test
    void aFailedRunShowsItsFailureAndNoTable() {
        RunReportData failed = new RunReportData("20260101-120000-abcdef", "salary-by-title", "here", null, Map.of(), "FAILED", false,
                null, null, List.of(new Span("job", 0, 1.5, true)), List.of(), List.of("run FAILED: <bad> input"), List.of(), null,
                List.of(), null, null);
        String html = HtmlReport.render(failed);
        assertThat(html).contains("status bad", "What went wrong", "run FAILED: &lt;bad&gt; input").doesNotContain("<table");
    }

    @Test
    void theWorkflowIsDrawnWhenTheRunHasOneAndPointsNowhere() throws Exception {
        io.github.emrflow.render.WorkflowGraph graph = io.github.emrflow.render.WorkflowGraph.of(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}, \"B\": {\"Type\": \"Succeed\"}}}"));
        RunReportData local = run(table("a,1,1\n"), List.of(), List.of(new Span("A", 0, 1, false), new Span("B", 1, 2, false)));
        assertThat(HtmlReport.render(local)).as("a run without a workflow (local)").doesNotContain("<svg class=\"workflow\"");
        RunReportData remote = new RunReportData(local.runId(), local.job(), local.where(), local.input(), local.parameters(), local.status(),
                true, local.started(), local.ended(), local.timeline(), List.of(), List.of(), List.of(), local.table(), List.of(), null, graph);
        String html = HtmlReport.render(remote);
        assertThat(html).contains("<h2>Workflow</h2>", "<g class=\"state pass entered\" data-state=\"A\">",
                "<g class=\"state succeed entered\" data-state=\"B\">", "<g class=\"edge next taken\" data-from=\"A\" data-to=\"B\">")
                .doesNotContain("url(").doesNotContainIgnoringCase("http");
        // Before the table, which prints on pages of its own.
        assertThat(html.indexOf("<svg class=\"workflow\"")).isLessThan(html.indexOf("<table id=\"results\">"));
    }
}
