package io.github.emrflow.results.report;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.config.Config;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.WorkflowGraph;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.RunRecord;
import io.github.emrflow.run.RunOutcome;
import io.github.emrflow.run.RunReport;
import io.github.emrflow.run.RunWatcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Report data for a run of the deployed workflow: the run just watched (run.java --report), or a
 * past one (results.java --html), whose execution history is replayed through the same
 * {@link RunWatcher} that watches live runs, so both pages say the same things about a run.
 */
public final class RemoteReports {
    private final AwsSession aws;
    private final Config config;

    public RemoteReports(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
    }

    /** The execution a run id names: the workflow's state machine, execution run-RUN_ID (see WorkflowRun). */
    public String executionArn(String runId) {
        String stateMachine = Arns.of(aws).stateMachine(new ResourceNames(config.prefix()).stateMachine());
        return stateMachine.replace(":stateMachine:", ":execution:") + ":run-" + runId;
    }

    /** A run that was just watched to its end: what run.java printed, as a page. */
    public RunReportData watched(String runId, String executionArn, RunOutcome outcome, List<HistoryEvent> history, ResultTable table,
                                 List<String> usage, List<String> failure) {
        return data(runId, executionArn, outcome.status().toString(), outcome.succeeded(), history, table, usage, failure, List.of());
    }

    /**
     * A past run: its outcome and timeline from the execution history, the figures and the failure
     * explained as run.java prints them, and the table ({@code table}) only when the run succeeded.
     * A run with output but no execution (deleted, or written by hand) gets a page without a timeline.
     */
    public RunReportData past(String runId, Supplier<ResultTable> table) {
        String executionArn = executionArn(runId);
        RunWatcher watcher = new RunWatcher(aws, executionArn, new PrintStream(OutputStream.nullOutputStream()), false);
        RunOutcome outcome;
        try {
            // A zero timeout reads the history once: an ended execution gives its outcome, a running one "timed out".
            outcome = watcher.watch(Duration.ZERO);
        } catch (UserError e) {
            return data(runId, null, "SUCCEEDED", true, List.of(), table.get(), List.of(), List.of(),
                    List.of("No execution history for this run (" + e.getMessage() + "); its output is shown as found."));
        }
        RunReport report = new RunReport(aws, config.bucket());
        return switch (outcome.status()) {
            case SUCCEEDED -> data(runId, executionArn, "SUCCEEDED", true, watcher.history(), table.get(),
                    report.utilisation(outcome.applicationId(), outcome.jobRunId()), List.of(), List.of());
            case WATCH_TIMED_OUT -> data(runId, executionArn, "RUNNING", false, watcher.history(), null, List.of(), List.of(),
                    List.of("The run is still going: this page shows it so far."));
            default -> data(runId, executionArn, outcome.status().toString(), false, watcher.history(), null, List.of(), report.failure(outcome),
                    List.of());
        };
    }

    private RunReportData data(String runId, String executionArn, String status, boolean succeeded, List<HistoryEvent> history, ResultTable table,
                               List<String> usage, List<String> failure, List<String> notes) {
        Optional<RunRecord> record = new RemoteRuns(aws, config.bucket()).record(runId);
        String input = record.map(RunRecord::input).orElse(null);
        Map<String, String> parameters = record.map(RunRecord::parameters).orElse(Map.of());
        List<String> allNotes = new ArrayList<>(notes);
        if (record.isEmpty()) {
            allNotes.add("No run.json for this run in s3://" + config.bucket() + "/runs/: its input and parameters are unknown.");
        }
        WorkflowGraph workflow = executionArn == null ? null : workflow(executionArn, allNotes);
        return new RunReportData(runId, config.job().name(), where(), input, parameters, status, succeeded,
                ExecutionTimeline.started(history), ExecutionTimeline.ended(history), ExecutionTimeline.spans(history), usage, failure,
                allNotes, table, config.job().chartRange(), null, workflow);
    }

    /**
     * The graph of the definition this execution ran (not the one deployed now: a redeploy since may
     * have changed it). A page without the picture is still worth having, so a definition that cannot
     * be read (an identity without states:DescribeStateMachineForExecution) becomes a note.
     */
    private WorkflowGraph workflow(String executionArn, List<String> notes) {
        try {
            String definition = AwsErrors.call("states:DescribeStateMachineForExecution", executionArn,
                    () -> aws.sfn().describeStateMachineForExecution(r -> r.executionArn(executionArn)).definition());
            return WorkflowGraph.of(JsonDocuments.parse("the definition of " + executionArn, definition));
        } catch (UserError | IllegalArgumentException e) {
            notes.add("The workflow is not drawn: " + e.getMessage());
            return null;
        }
    }

    /** Account and region; an emulator's endpoint by host and port only, so the page holds no address to follow. */
    private String where() {
        String where = "AWS account " + aws.accountId() + ", " + aws.region().id();
        if (aws.endpoint() != null) {
            where += ", endpoint " + aws.endpoint().replaceFirst("^[a-zA-Z]+://", "");
        }
        return where;
    }
}
