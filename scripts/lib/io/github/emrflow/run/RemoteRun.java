package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.config.Config;
import io.github.emrflow.results.RemoteRuns;
import java.io.PrintStream;
import java.time.Duration;

/**
 * run.java on AWS: starts an execution of the deployed workflow (or attaches to one), watches it,
 * cleans up if the user presses Ctrl-C (Step Functions runs no Catch for a stopped execution), then
 * prints the job's table and what it cost, or the failure explained.
 */
public final class RemoteRun {
    private final AwsSession aws;
    private final Config config;
    private final TableOptions table;
    private final ChartOptions chart;
    private final PrintStream out;

    public RemoteRun(AwsSession aws, Config config, TableOptions table, ChartOptions chart, PrintStream out) {
        this.aws = aws;
        this.config = config;
        this.table = table;
        this.chart = chart;
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
                // the hook is already running
            }
        }
        RunReport report = new RunReport(aws, config.bucket());
        if (outcome.status() == RunStatus.WATCH_TIMED_OUT) {
            throw new UserError(UserError.ENVIRONMENT, "still running after " + limitText + "; watch it again with `./jbang run.java --attach "
                    + executionArn + "`");
        }
        if (!outcome.succeeded()) {
            report.failure(outcome).forEach(out::println);
            return UserError.JOB_FAILED;
        }
        String runId = Arns.runIdOfExecution(executionArn);
        out.printf("run %s succeeded in %.1f s%n", runId, outcome.seconds());
        out.print(table.render(new RemoteRuns(aws, config.bucket()).table(runId, config.job().outputColumns()), chart,
                config.job().chartRange()));
        report.utilisation(outcome.applicationId(), outcome.jobRunId()).forEach(out::println);
        return 0;
    }
}
