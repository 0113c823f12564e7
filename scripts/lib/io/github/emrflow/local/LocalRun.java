package io.github.emrflow.local;

import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.RunRecord;
import io.github.emrflow.results.report.HtmlReport;
import io.github.emrflow.results.report.LocalReports;
import io.github.emrflow.run.RunId;
import java.nio.file.Path;
import java.util.Map;

/**
 * run.java --local: one run of the project's job on this machine, published under runs/RUN_ID/ only
 * when it succeeded (a failed run never becomes the latest), then its table printed; with --report,
 * a page of the run too, also for a failed run (it is all that remains of one).
 */
public final class LocalRun {
    private final Project project;
    private final Config config;
    private final TableOptions table;
    private final ChartOptions chart;
    /** Where to write the run's report page; null: none. */
    private final ReportOptions report;

    public LocalRun(Project project, Config config, TableOptions table, ChartOptions chart) {
        this(project, config, table, chart, null);
    }

    public LocalRun(Project project, Config config, TableOptions table, ChartOptions chart, ReportOptions report) {
        this.project = project;
        this.config = config;
        this.table = table;
        this.chart = chart;
        this.report = report;
    }

    /** Runs over {@code input} (null: the job's own input file); returns the exit code. */
    public int run(Path input) {
        JobDefinition job = config.job();
        Path source = input != null ? input.toAbsolutePath() : project.inputFile(job);
        LocalJobRunner runner = LocalJobRunner.detect(job, System.getenv());
        // Rendered only when PySpark will run it: the embedded engine reads job/ directly.
        String script = runner.usesPySpark() ? new TemplateRenderer(project.templatesDir())
                .render(Artifact.JOB_SCRIPT.templateName(), TemplateModel.of(config, TemplateModel.PLACEHOLDER_ACCOUNT, "aws")) : "";
        LocalRuns runs = new LocalRuns(project.runsDir());
        String runId = RunId.next();
        Path staging = runs.stage(runId);
        System.err.printf("run %s: job %s with %s%n", runId, job.name(), runner.description());
        System.err.printf("run %s: input %s, parameters %s%n", runId, source, describe(config.parameters().values()));
        long start = System.nanoTime();
        // The job's own packages, zipped as deploy zips them, so a local run imports what EMR would.
        Path pyFiles = job.modules().isEmpty() ? null : job.modules().writeZip(staging.resolveSibling(".modules-" + runId + ".zip"));
        try {
            runner.run(script, source, staging.resolve("output"), config.parameters(), pyFiles);
            double seconds = (System.nanoTime() - start) / 1e9;
            RunRecord record = new RunRecord(runId, job.name(), source.toString(), config.parameters().values(), seconds);
            runs.writeRecord(staging, record);
            ResultTable result = ResultTable.fromParts(LocalRuns.readParts(staging.resolve("output")), job.outputColumns());
            runs.commit(runId, staging);
            System.err.printf("run %s: %d rows in %.1f s, output in %s%n", runId, result.size(), seconds, runs.outputOf(runId));
            System.out.print(table.render(result, chart, job.chartRange()));
            writeReport(() -> HtmlReport.render(LocalReports.succeeded(job, record, result).viewed(table.view(job.outputColumns()))));
            return 0;
        } catch (RuntimeException e) {
            runs.discard(staging);
            double seconds = (System.nanoTime() - start) / 1e9;
            // The page is written before the error is rethrown, so the one error line stays the last thing printed.
            try {
                writeReport(() -> HtmlReport.render(LocalReports.failed(job, runId, source.toString(), config.parameters().values(), seconds,
                        String.valueOf(e.getMessage()))));
            } catch (RuntimeException unwritten) {
                // The run's own failure is the error to report; the page's is kept for --verbose.
                e.addSuppressed(unwritten);
            }
            throw e;
        } finally {
            if (pyFiles != null) {
                pyFiles.toFile().delete();
            }
        }
    }

    private void writeReport(java.util.function.Supplier<String> page) {
        if (report != null && report.enabled()) {
            System.err.println("report: " + report.write(page.get()));
        }
    }

    static String describe(Map<String, String> values) {
        if (values.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v.isEmpty() ? "''" : v));
        return sb.toString();
    }
}
