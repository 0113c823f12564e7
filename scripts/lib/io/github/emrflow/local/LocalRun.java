package io.github.emrflow.local;

import io.github.emrflow.cli.ChartOptions;
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
import io.github.emrflow.run.RunId;
import java.nio.file.Path;
import java.util.Map;

/**
 * run.java --local: one run of the project's job on this machine, published under runs/RUN_ID/ only
 * when it succeeded (a failed run never becomes the latest), then its table printed.
 */
public final class LocalRun {
    private final Project project;
    private final Config config;
    private final TableOptions table;
    private final ChartOptions chart;

    public LocalRun(Project project, Config config, TableOptions table, ChartOptions chart) {
        this.project = project;
        this.config = config;
        this.table = table;
        this.chart = chart;
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
        try {
            runner.run(script, source, staging.resolve("output"), config.parameters());
            double seconds = (System.nanoTime() - start) / 1e9;
            runs.writeRecord(staging, new RunRecord(runId, job.name(), source.toString(), config.parameters().values(), seconds));
            ResultTable result = ResultTable.fromParts(LocalRuns.readParts(staging.resolve("output")), job.outputColumns());
            runs.commit(runId, staging);
            System.err.printf("run %s: %d rows in %.1f s, output in %s%n", runId, result.size(), seconds, runs.outputOf(runId));
            System.out.print(table.render(result, chart, job.chartRange()));
            return 0;
        } catch (RuntimeException e) {
            runs.discard(staging);
            throw e;
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
