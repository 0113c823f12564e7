///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS io.github.emrflow:emrflow-core
//DEPS org.slf4j:slf4j-nop
// Short-lived: the C1 compiler alone starts faster and is enough.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.AwsSession.Client;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.report.HtmlReport;
import io.github.emrflow.results.report.LocalReports;
import io.github.emrflow.results.report.RemoteReports;
import io.github.emrflow.results.report.RunReportData;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "results.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Print the table a run of the project's job wrote (the latest successful run by default).",
        footer = {"", "Examples:", "  ./jbang results.java                     (the latest run on AWS)",
                "  ./jbang results.java --local --sort COLUMN --top 5 --format json",
                "  ./jbang results.java --local --chart --log --sort COLUMN",
                "  ./jbang results.java --html report.html   (the run's report as one HTML page)"})
public class results implements Callable<Integer> {
    @Option(names = "--local", description = "Read a local run (from run.java --local) under PROJECT/runs/.")
    boolean local;

    @Option(names = "--run", paramLabel = "ID", description = "Run id to print (default: the latest successful run).")
    String runId;

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    ChartOptions chart = new ChartOptions();

    @Mixin
    ReportOptions.Html html = new ReportOptions.Html();

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new results(), args));
    }

    @Override
    public Integer call() {
        Project project = projectOptions.project();
        JobDefinition job = project.job();
        table.validate(job.outputColumns(), chart, job.chartRange());
        html.validate();
        if (local) {
            LocalRuns runs = new LocalRuns(project.runsDir());
            String id = runId != null ? runId : runs.latest().orElseThrow(() -> UserError.badInput(
                    "no local run yet in " + project.runsDir() + ": run `./jbang run.java --local` first"));
            ResultTable result = runs.table(id, job.outputColumns());
            System.out.print(table.render(result, chart, job.chartRange()));
            if (html.enabled()) {
                writeReport(LocalReports.succeeded(job, runs.record(id), result).viewed(table.view(job.outputColumns())));
            }
            return 0;
        }
        Config config = project.config();
        try (AwsSession aws = AwsSession.open(awsOptions, config).buildAhead(true, Client.S3)) {
            RemoteRuns runs = new RemoteRuns(aws, config.bucket());
            String id = runId != null ? runId : runs.latestCompleted().orElseThrow(() -> UserError.badInput(
                    "no completed run in s3://" + config.bucket() + "/runs/ yet: run `./jbang run.java` first"));
            if (!html.enabled()) {
                System.out.print(table.render(runs.table(id, job.outputColumns()), chart, job.chartRange()));
                return 0;
            }
            // With --html a failed run (given by --run) has a page too: its failure instead of a table.
            RunReportData data = new RemoteReports(aws, config).past(id, () -> runs.table(id, job.outputColumns()))
                    .viewed(table.view(job.outputColumns()));
            if (data.table() != null) {
                System.out.print(table.render(data.table(), chart, job.chartRange()));
            } else {
                System.err.println("run " + id + " " + data.status() + ": no table; the report explains why");
            }
            writeReport(data);
            return 0;
        }
    }

    private void writeReport(RunReportData data) {
        System.err.println("report: " + html.write(HtmlReport.render(data)));
    }
}
