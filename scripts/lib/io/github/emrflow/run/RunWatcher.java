package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.Backoff;

import io.github.emrflow.aws.AwsSession;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Watches one Step Functions execution like a CI log: each state as it is entered and left, the EMR
 * Serverless job run's state while it runs, and the outcome. Polls fast at first and backs off
 * while nothing changes (never a fixed 2 s sleep); returns as soon as the execution ends. The state
 * that runs the job is recognised by its task (EMR Serverless startJobRun), not by its name.
 */
public final class RunWatcher {
    private static final long FIRST_POLL_MS = 50;
    private static final long MAX_POLL_MS = 2000;
    private static final long JOB_POLL_MS = 250;

    private static final String EMR_SERVERLESS = "emr-serverless";
    private static final String START_JOB_RUN = "startJobRun";

    private final AwsSession aws;
    private final String executionArn;
    private final WatchConsole console;
    private long lastEventId;
    /** Every event seen, in order: the run report draws its timeline from them once the watch ends. */
    private final List<HistoryEvent> history = new ArrayList<>();
    /** When each state was last entered (System.nanoTime), for its duration when it is left. */
    private final Map<String, Long> enteredAt = new HashMap<>();
    private volatile String applicationId;
    private volatile String jobRunId;
    private String currentState;
    /** The state whose task started the job run (seen in its TaskScheduled event). */
    private String jobState;
    private String failedState;
    private String failedError;
    private JobRunState lastJobState;

    public RunWatcher(AwsSession aws, String executionArn, PrintStream out, boolean live) {
        this.aws = aws;
        this.executionArn = executionArn;
        this.console = new WatchConsole(out, live);
    }

    public String applicationId() {
        return applicationId;
    }

    public String jobRunId() {
        return jobRunId;
    }

    /** The execution's events seen so far, oldest first. */
    public List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    public RunOutcome watch(Duration timeout) {
        long deadline = console.startNanos() + timeout.toNanos();
        long historyInterval = FIRST_POLL_MS;
        long nextHistoryPoll = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= nextHistoryPoll) {
                boolean changed = false;
                for (HistoryEvent event : newEvents()) {
                    changed = true;
                    RunOutcome outcome = handle(event);
                    if (outcome != null) {
                        console.endLive();
                        return outcome;
                    }
                }
                historyInterval = changed ? FIRST_POLL_MS : Math.min((long) (historyInterval * 1.5), MAX_POLL_MS);
                nextHistoryPoll = System.nanoTime() + historyInterval * 1_000_000;
            }
            // While the job runs, its state (one cheap call) is polled often; when it changes, the
            // execution history is read at once, so the end of the job is seen without the backoff.
            if (inJobState() && pollJobRun(false)) {
                historyInterval = FIRST_POLL_MS;
                nextHistoryPoll = 0;
            }
            if (System.nanoTime() > deadline) {
                console.endLive();
                return new RunOutcome(RunStatus.WATCH_TIMED_OUT, currentState, "", "", applicationId, jobRunId, elapsed());
            }
            long untilHistory = Math.max(0, (nextHistoryPoll - System.nanoTime()) / 1_000_000);
            long sleep = inJobState() ? Math.min(untilHistory, JOB_POLL_MS) : untilHistory;
            if (sleep > 0) {
                Backoff.sleepMillis(sleep);
            }
        }
    }

    private List<HistoryEvent> newEvents() {
        List<HistoryEvent> fresh = new ArrayList<>();
        var pages = AwsErrors.call("states:GetExecutionHistory", executionArn,
                () -> aws.sfn().getExecutionHistoryPaginator(b -> b.executionArn(executionArn).maxResults(1000)).events().stream().toList());
        for (HistoryEvent e : pages) {
            if (e.id() > lastEventId) {
                fresh.add(e);
                history.add(e);
                lastEventId = e.id();
            }
        }
        return fresh;
    }

    private boolean inJobState() {
        return currentState != null && currentState.equals(jobState);
    }

    private RunOutcome handle(HistoryEvent e) {
        HistoryEventType type = e.type();
        if (e.stateEnteredEventDetails() != null) {
            currentState = e.stateEnteredEventDetails().name();
            enteredAt.put(currentState, System.nanoTime());
            line("> " + currentState);
            remember(e.stateEnteredEventDetails().input());
        } else if (e.stateExitedEventDetails() != null) {
            String name = e.stateExitedEventDetails().name();
            remember(e.stateExitedEventDetails().output());
            if (name.equals(jobState)) {
                pollJobRun(true);
            }
            String mark = name.equals(failedState) ? "caught " : "ok ";
            line(mark + name + " (" + WatchConsole.seconds(stateSeconds(name)) + ")" + detail(name));
        } else if (e.taskScheduledEventDetails() != null) {
            var task = e.taskScheduledEventDetails();
            if (EMR_SERVERLESS.equals(task.resourceType()) && String.valueOf(task.resource()).startsWith(START_JOB_RUN)) {
                jobState = currentState;
            }
        } else if (e.taskSubmittedEventDetails() != null) {
            remember(e.taskSubmittedEventDetails().output());
        } else if (e.taskSucceededEventDetails() != null) {
            remember(e.taskSucceededEventDetails().output());
        } else if (e.taskFailedEventDetails() != null) {
            if (failedState == null) {
                failedState = currentState;
                failedError = e.taskFailedEventDetails().error();
            }
            line("x " + currentState + ": " + e.taskFailedEventDetails().error());
        } else if (e.taskTimedOutEventDetails() != null) {
            failedState = failedState == null ? currentState : failedState;
            line("x " + currentState + ": timed out");
        }
        return switch (type) {
            case EXECUTION_SUCCEEDED -> new RunOutcome(RunStatus.SUCCEEDED, null, null, null, applicationId, jobRunId, elapsed());
            case EXECUTION_FAILED -> failed(e.executionFailedEventDetails().error(), e.executionFailedEventDetails().cause());
            case EXECUTION_TIMED_OUT -> new RunOutcome(RunStatus.TIMED_OUT, currentState, "States.Timeout",
                    "the execution ran past its TimeoutSeconds", applicationId, jobRunId, elapsed());
            case EXECUTION_ABORTED -> new RunOutcome(RunStatus.ABORTED, currentState, "Aborted", "the execution was stopped", applicationId,
                    jobRunId, elapsed());
            default -> null;
        };
    }

    /**
     * The workflow fails as emrflow.RunFailed with cause "ORIGINAL_ERROR: ORIGINAL_CAUSE"; report the
     * original error (as the failed task raised it) and cause.
     */
    private RunOutcome failed(String error, String cause) {
        String originalError = failedError != null ? failedError : error;
        String originalCause = cause;
        if (cause != null && "emrflow.RunFailed".equals(error) && cause.indexOf(": ") > 0) {
            originalError = cause.substring(0, cause.indexOf(": "));
            originalCause = cause.substring(cause.indexOf(": ") + 2);
        }
        return new RunOutcome(RunStatus.FAILED, failedState, originalError, originalCause, applicationId, jobRunId, elapsed());
    }

    /** Keeps the application and job run ids as they appear in any state's JSON. */
    private void remember(String json) {
        String app = StateJson.applicationId(json);
        String job = StateJson.jobRunId(json);
        if (app != null) {
            applicationId = app;
        }
        if (job != null) {
            jobRunId = job;
        }
    }

    /**
     * While the job runs, shows its EMR Serverless state; true when it changed. Once the state
     * is left ({@code last}), shows the job's last state so no transition is missed. The
     * application may already be gone (a failure's cleanup): that is not an error here.
     */
    private boolean pollJobRun(boolean last) {
        if (applicationId == null) {
            return false;
        }
        try {
            return showJobRun(last);
        } catch (UserError e) {
            return false;
        }
    }

    private boolean showJobRun(boolean last) {
        if (jobRunId == null) {
            // A shared application runs other executions' jobs too: this run's is the one named
            // after its run id (RunJob names it so), newest first.
            String runId = Arns.runIdOfExecution(executionArn);
            var runs = AwsErrors.call("emr-serverless:ListJobRuns", applicationId,
                    () -> aws.emr().listJobRuns(b -> b.applicationId(applicationId).maxResults(50)).jobRuns());
            var mine = runs.stream().filter(r -> runId == null || runId.equals(r.name())).findFirst();
            if (mine.isEmpty()) {
                return false;
            }
            jobRunId = mine.get().id();
        }
        JobRun run = AwsErrors.call("emr-serverless:GetJobRun", jobRunId,
                () -> aws.emr().getJobRun(b -> b.applicationId(applicationId).jobRunId(jobRunId)).jobRun());
        String since = " (after " + WatchConsole.seconds(stateSeconds(jobState)) + ")";
        if (run.state() == lastJobState) {
            if (!last) {
                console.live("  job " + jobRunId + ": " + run.stateAsString() + JobRunWait.of(run.state()).words() + since + " ...");
            }
            return false;
        }
        lastJobState = run.state();
        line("  job " + jobRunId + ": " + run.stateAsString() + JobRunWait.of(run.state()).words() + since);
        return true;
    }

    private String detail(String state) {
        if ((state.equals("CreateApplication") || state.equals("UseSharedApplication")) && applicationId != null) {
            return " application " + applicationId;
        }
        return "";
    }

    private double stateSeconds(String name) {
        Long entered = enteredAt.get(name);
        return entered == null ? 0 : (System.nanoTime() - entered) / 1e9;
    }

    private double elapsed() {
        return console.elapsed();
    }

    private void line(String text) {
        console.line(text);
    }
}
