package io.github.emrflow.results.report;

import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.TableView;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A run report as one self-contained HTML page: identity and outcome, the timeline, utilisation
 * and cost, the chart, the workflow with the run's path through it, and the sortable table. Pure,
 * and nothing in it is fetched when it is opened:
 * the CSS, the SVG pictures and the sorting script are inline, fonts are the system's, and no
 * address of any other document appears (a test checks there is no http: or https: in it).
 * Every piece of run data is escaped, because a job's output is text of anyone's choosing.
 */
public final class HtmlReport {
    /** Rows per printed page: the print CSS starts a new page before every 50th row. */
    public static final int ROWS_PER_PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    public static String render(RunReportData run) {
        StringBuilder html = new StringBuilder(16_384);
        String title = "Run " + run.runId() + " of " + run.job() + ": " + run.status();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // Nothing may be fetched, not even a favicon: an empty data: icon stops the browser asking for /favicon.ico.
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(ReportAssets.CSS).append("</style>\n</head>\n<body>\n");
        header(html, run);
        failure(html, run);
        section(html, "Timeline", TimelineChart.svg(run.timeline()), run.timeline().isEmpty() ? "no timeline recorded for this run" : null);
        usage(html, run);
        ResultTable shown = run.shownTable();
        if (shown != null) {
            String chart = ResultChart.svg(shown, run.chartRange());
            if (!chart.isEmpty()) {
                List<String> drawn = ResultChart.drawn(shown.columns(), run.chartRange());
                html.append("<section class=\"chart-section\"><h2>Chart</h2><p class=\"caption\">")
                        .append(Html.escape(String.join(" to ", drawn))).append(" per row, linear scale from 0; hover a row for its values.</p>")
                        .append("<div class=\"scroll\">").append(chart).append("</div></section>\n");
            }
        }
        // After the figures a reader looks for first, before the table that closes the page (and prints on pages of its own).
        workflow(html, run);
        if (shown != null) {
            table(html, shown, run);
        }
        html.append("<footer>Written by emrflow. This page is self-contained: it loads nothing from anywhere.</footer>\n");
        html.append("<script>\n").append(ReportAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunReportData run) {
        String status = run.succeeded() ? "ok" : "bad";
        html.append("<header><h1>Run <code>").append(Html.escape(run.runId())).append("</code> <span class=\"status ").append(status)
                .append("\">").append(Html.escape(run.status())).append("</span></h1>\n<dl class=\"facts\">");
        fact(html, "job", run.job());
        fact(html, "where", run.where());
        fact(html, "input", run.input());
        if (!run.parameters().isEmpty()) {
            StringBuilder params = new StringBuilder();
            for (Map.Entry<String, String> p : run.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                params.append(params.length() == 0 ? "" : ", ").append(p.getKey()).append('=').append(p.getValue().isEmpty() ? "''" : p.getValue());
            }
            fact(html, "parameters", params.toString());
        }
        fact(html, "started", time(run.started()));
        fact(html, "ended", run.ended() == null ? (run.started() == null ? null : "not yet") : time(run.ended()));
        if (run.started() != null && run.ended() != null) {
            fact(html, "took", Html.duration((run.ended().toEpochMilli() - run.started().toEpochMilli()) / 1000.0));
        }
        if (run.table() != null) {
            fact(html, "rows", run.view().isAll() ? String.valueOf(run.table().size())
                    : run.shownTable().size() + " shown of " + run.table().size() + " (" + run.view().describe() + ")");
        }
        html.append("</dl>\n");
        for (String note : run.notes()) {
            html.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
        html.append("</header>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        if (value != null && !value.isEmpty()) {
            html.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
        }
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }

    private static void failure(StringBuilder html, RunReportData run) {
        if (!run.failure().isEmpty()) {
            html.append("<section class=\"failure\"><h2>What went wrong</h2><pre>")
                    .append(Html.escape(String.join("\n", run.failure()))).append("</pre></section>\n");
        }
    }

    private static void section(StringBuilder html, String title, String body, String empty) {
        html.append("<section><h2>").append(Html.escape(title)).append("</h2>");
        html.append(empty != null ? "<p class=\"note\">" + Html.escape(empty) + "</p>" : "<div class=\"scroll\">" + body + "</div>");
        html.append("</section>\n");
    }

    private static void usage(StringBuilder html, RunReportData run) {
        if (run.usage().isEmpty()) {
            return;
        }
        html.append("<section><h2>Utilisation and cost</h2><ul class=\"usage\">");
        run.usage().forEach(line -> html.append("<li>").append(Html.escape(line.strip())).append("</li>"));
        html.append("</ul></section>\n");
    }

    /**
     * The workflow with the run's path through it; a page for a run with no workflow (a local run)
     * has no such section, one whose definition could not be read says so in its notes.
     */
    private static void workflow(StringBuilder html, RunReportData run) {
        if (run.workflow() != null) {
            html.append("<section class=\"workflow-section\"><h2>Workflow</h2><p class=\"caption\">The state machine this run went "
                    + "through, drawn from its definition: solid arrows are Next, Choice and Default, dashed ones Catch. The run's path "
                    + "is highlighted; ✕ marks a state where something failed.</p><div class=\"scroll\">")
                    .append(WorkflowChart.svg(run.workflow(), run.timeline(), run.ended() != null)).append("</div></section>\n");
        }
    }

    /** The rows, each numeric cell with its plain value in data-v for the sorting script; page breaks for print. */
    private static void table(StringBuilder html, ResultTable table, RunReportData run) {
        List<OutputColumn> columns = table.columns();
        TableView view = run.view();
        html.append("<section class=\"table-section\"><h2>Results</h2><p class=\"caption\">")
                .append(view.isAll() ? table.size() + (table.size() == 1 ? " row" : " rows") + " in the order the job wrote them"
                        : Html.escape(table.size() + " of " + run.table().size() + " rows: " + view.describe()))
                .append("; click a column's header to sort by it, again to reverse.</p>\n")
                .append("<table id=\"results\"><thead><tr>");
        for (OutputColumn c : columns) {
            String sorted = view.sort() != null && view.sort().column().equals(c.name())
                    ? " aria-sort=\"" + (view.sort().descending() ? "descending" : "ascending") + "\"" : "";
            html.append("<th scope=\"col\" tabindex=\"0\" data-type=\"").append(c.type().isNumeric() ? "num" : "text").append('"')
                    .append(sorted).append('>').append(Html.escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < table.size(); i++) {
            List<Object> row = table.rows().get(i);
            html.append(i > 0 && i % ROWS_PER_PAGE == 0 ? "<tr class=\"page\">" : "<tr>");
            for (int c = 0; c < columns.size(); c++) {
                Object v = row.get(c);
                boolean numeric = columns.get(c).type().isNumeric();
                html.append(numeric ? "<td class=\"num\" data-v=\"" + Html.escape(Html.plain(v)) + "\">" : "<td>")
                        .append(Html.escape(Html.shown(columns.get(c), v))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }
}
