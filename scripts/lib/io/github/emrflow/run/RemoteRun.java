package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.config.Config;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.report.HtmlReport;
import io.github.emrflow.results.report.RemoteReports;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * run.java on AWS: starts an execution of the deployed workflow (or attaches to one), watches it,
 * cleans up if the user presses Ctrl-C (Step Functions runs no Catch for a stopped execution), then
 * prints the job's table and what it cost, or the failure explained; with --report, also as a page.
 */
public final class RemoteRun {
    private final AwsSession aws;
    private final Config config;
    private final TableOptions table;
    private final ChartOptions chart;
    private final PrintStream out;
    /** Where to write the run's report page; null: none. */
    private final ReportOptions report;

    public RemoteRun(AwsSession aws, Config config, TableOptions table, ChartOptions chart, PrintStream out) {
        this(aws, config, table, chart, null, out);
    }

    public RemoteRun(AwsSession aws, Config config, TableOptions table, ChartOptions chart, ReportOptions report, PrintStream out) {
        this.aws = aws;
        this.config = config;
        this.table = table;
        this.chart = chart;
        this.report = report;
        this.out = out;
    }

    /** Starts a run with the config's parameters; returns at once with --no-wait, else watches it. */
    public int start(boolean noWait, Duration limit, String limitText) {
        WorkflowRun workflow = new WorkflowRun(aws, config);
        String runId = RunId.next();
        String executionArn = workflow.start(runId, config.parameters());
        out.println("run " + runId + ": started " + executionArn);
        out.println("  console: " + workflow.consoleLink(executionArn));
        if (noWait) {
            out.println("  watch it with: ./jbang run.java --attach " + executionArn);
            return 0;
        }
        return watch(workflow, executionArn, limit, limitText);
    }

    public int watch(String executionArn, Duration limit, String limitText) {
        out.println("watching " + executionArn);
        return watch(new WorkflowRun(aws, config), executionArn, limit, limitText);
    }

    private static void awaitCleanup(Thread cleanup) {
        try {
            cleanup.join(Duration.ofMinutes(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int watch(WorkflowRun workflow, String executionArn, Duration limit, String limitText) {
        RunWatcher watcher = new RunWatcher(aws, executionArn, out, System.console() != null);
        Thread cleanup = new Thread(() -> {
            System.err.println();
            System.err.println("interrupted: stopping the run and cleaning up...");
            try {
                workflow.abandon(executionArn, watcher.applicationId(), watcher.jobRunId()).forEach(l -> System.err.println("  " + l));
            } catch (RuntimeException e) {
                System.err.println("  cleanup failed: " + e.getMessage() + " (run ./jbang destroy.java to remove leftovers)");
            }
            System.err.flush();
        }, "emrflow-interrupt");
        Runtime.getRuntime().addShutdownHook(cleanup);
        RunOutcome outcome;
        try {
            outcome = watcher.watch(limit);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is already cleaning up with this session's clients. Wait for it, or
                // returning would close the clients under it and leave the application behind.
                awaitCleanup(cleanup);
            }
        }
        RunReport explain = new RunReport(aws, config.bucket());
        if (outcome.status() == RunStatus.WATCH_TIMED_OUT) {
            throw new UserError(UserError.ENVIRONMENT, "still running after " + limitText + "; watch it again with `./jbang run.java --attach "
                    + executionArn + "`");
        }
        String runId = Arns.runIdOfExecution(executionArn);
        if (!outcome.succeeded()) {
            List<String> failure = explain.failure(outcome);
            failure.forEach(out::println);
            writeReport(runId, executionArn, outcome, watcher, null, List.of(), failure);
            return UserError.JOB_FAILED;
        }
        out.printf("run %s succeeded in %.1f s%n", runId, outcome.seconds());
        ResultTable result = new RemoteRuns(aws, config.bucket()).table(runId, config.job().outputColumns());
        out.print(table.render(result, chart, config.job().chartRange()));
        List<String> usage = explain.utilisation(outcome.applicationId(), outcome.jobRunId());
        usage.forEach(out::println);
        writeReport(runId, executionArn, outcome, watcher, result, usage, List.of());
        return 0;
    }

    /** The page of a run just watched: the same facts as the lines printed above, and its timeline. */
    private void writeReport(String runId, String executionArn, RunOutcome outcome, RunWatcher watcher, ResultTable result,
                             List<String> usage, List<String> failure) {
        if (report == null || !report.enabled()) {
            return;
        }
        // An execution attached to by ARN may not be named run-RUN_ID: the page is then titled by its name.
        String id = runId != null ? runId : executionArn.substring(executionArn.lastIndexOf(':') + 1);
        var data = new RemoteReports(aws, config).watched(id, executionArn, outcome, watcher.history(), result, usage, failure)
                .viewed(table.view(config.job().outputColumns()));
        out.println("report: " + report.write(HtmlReport.render(data)));
    }
}
