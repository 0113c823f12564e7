package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.logs.JobRunRef;
import io.github.emrflow.logs.SparkUi;

import java.util.Objects;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunAttemptSummary;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * The EMR Serverless job run as the watch shows it: each state change, each attempt when the job
 * has a retry policy ("attempt 2 of 3", with how the previous attempt ended), and once the job
 * runs, a Spark UI link fetched then (it expires, so it is never fetched ahead of time).
 */
final class JobRunProgress {
    private final AwsSession aws;
    private final WatchConsole console;
    /** The run id the job run is named after (null for an execution not named run-RUN_ID). */
    private final String runId;
    private final boolean sparkUiLink;
    private volatile String jobRunId;
    private JobRunState lastState;
    private int lastAttempt = 1;
    private boolean sparkUiShown;

    JobRunProgress(AwsSession aws, WatchConsole console, String runId, boolean sparkUiLink) {
        this.aws = aws;
        this.console = console;
        this.runId = runId;
        this.sparkUiLink = sparkUiLink;
    }

    String jobRunId() {
        return jobRunId;
    }

    void jobRunId(String id) {
        jobRunId = id;
    }

    /**
     * Shows the job run's state; true when it (or its attempt) changed. With {@code last} the
     * state was left: the final state is shown so no transition is missed, without a live line.
     * {@code seconds}: how long the job's state has been running, shown with each line.
     */
    boolean poll(String applicationId, boolean last, double seconds) {
        if (jobRunId == null) {
            // A shared application runs other executions' jobs too: this run's is the one named
            // after its run id (RunJob names it so), newest first.
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
        int attempt = run.attempt() == null ? 1 : run.attempt();
        int maxAttempts = run.retryPolicy() == null || run.retryPolicy().maxAttempts() == null ? 1 : run.retryPolicy().maxAttempts();
        String state = run.stateAsString() + (maxAttempts > 1 ? " (attempt " + attempt + " of " + maxAttempts + ")" : "")
                + JobRunWait.of(run.state()).words() + " (after " + WatchConsole.seconds(seconds) + ")";
        if (run.state() == lastState && attempt == lastAttempt) {
            if (!last) {
                console.live("  job " + jobRunId + ": " + state + " ...");
            }
            return false;
        }
        if (attempt > lastAttempt) {
            showEndedAttempts(applicationId, lastAttempt, attempt, maxAttempts);
        }
        lastState = run.state();
        lastAttempt = attempt;
        console.line("  job " + jobRunId + ": " + state);
        if (run.state() == JobRunState.RUNNING && sparkUiLink && !sparkUiShown) {
            sparkUiShown = true;
            showSparkUi(new JobRunRef(applicationId, jobRunId, attempt));
        }
        return true;
    }

    /** How the attempts before the current one ended (the job run itself only shows the current one). */
    private void showEndedAttempts(String applicationId, int from, int current, int maxAttempts) {
        try {
            for (JobRunAttemptSummary a : AwsErrors.call("emr-serverless:ListJobRunAttempts", jobRunId, () -> aws.emr()
                    .listJobRunAttemptsPaginator(b -> b.applicationId(applicationId).jobRunId(jobRunId)).jobRunAttempts().stream().toList())) {
                if (a.attempt() != null && a.attempt() >= from && a.attempt() < current) {
                    console.line("  job " + jobRunId + ": attempt " + a.attempt() + " of " + maxAttempts + " " + a.stateAsString()
                            + (a.stateDetails() == null ? "" : ": " + a.stateDetails()) + "; EMR Serverless retries it");
                }
            }
        } catch (UserError e) {
            // Not allowed to list attempts (an older policy): the attempt number alone still shows.
            console.line("  job " + jobRunId + ": attempt " + (current - 1) + " of " + maxAttempts + " ended; EMR Serverless retries it");
        }
    }

    private void showSparkUi(JobRunRef ref) {
        try {
            console.line("  Spark UI: " + new SparkUi(aws).link(ref) + " (expires; `./jbang logs.java --ui` gives a fresh one)");
        } catch (UserError e) {
            // The link is a convenience: a watch never fails for want of it.
            console.line("  Spark UI: not available (" + Objects.toString(e.getMessage(), "") + ")");
        }
    }
}
