package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.Backoff;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;

/**
 * Stops an EMR Serverless application (waiting until it is STOPPED) and deletes it: used by
 * destroy.java and by run.java when Ctrl-C stops an execution, since Step Functions runs no Catch
 * for a stopped execution.
 */
public final class ApplicationCleanup {
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);
    private static final java.util.List<JobRunState> FINISHED = java.util.List.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED);

    private final AwsSession aws;

    public ApplicationCleanup(AwsSession aws) {
        this.aws = aws;
    }

    public void stopAndDelete(String applicationId, Consumer<String> report) {
        var emr = aws.emr();
        ApplicationState state = stop(applicationId, report);
        if (state != null && state != ApplicationState.TERMINATED) {
            AwsErrors.run("emr-serverless:DeleteApplication", applicationId, () -> emr.deleteApplication(b -> b.applicationId(applicationId)));
            report.accept("deleted application " + applicationId);
        }
    }

    /**
     * Stops the application and waits until it is stopped (or CREATED, never started); returns the
     * state it ends in, null when it does not exist.
     */
    public ApplicationState stop(String applicationId, Consumer<String> report) {
        ApplicationState state = state(applicationId);
        if (state == null || state == ApplicationState.TERMINATED) {
            return state;
        }
        if (state == ApplicationState.STARTED || state == ApplicationState.STARTING) {
            AwsErrors.run("emr-serverless:StopApplication", applicationId, () -> aws.emr().stopApplication(b -> b.applicationId(applicationId)));
            state = waitWhile(applicationId, ApplicationState.STARTED, ApplicationState.STARTING, ApplicationState.STOPPING);
            report.accept("stopped application " + applicationId);
        } else if (state == ApplicationState.STOPPING || state == ApplicationState.CREATING) {
            state = waitWhile(applicationId, ApplicationState.STOPPING, ApplicationState.CREATING);
        }
        return state;
    }

    /**
     * Cancels every job run on the application that has not finished and waits until none is
     * left: an application with unfinished job runs cannot be stopped (the shared one, on destroy).
     */
    public void cancelUnfinishedJobRuns(String applicationId, Consumer<String> report) {
        var emr = aws.emr();
        for (var run : unfinished(applicationId)) {
            if (run.state() != JobRunState.CANCELLING) {
                try {
                    emr.cancelJobRun(b -> b.applicationId(applicationId).jobRunId(run.id()));
                } catch (AwsServiceException e) {
                    // It may have finished since it was listed: only what is still unfinished matters.
                    if (unfinished(applicationId).stream().anyMatch(r -> r.id().equals(run.id()))) {
                        throw AwsErrors.translate("emr-serverless:CancelJobRun", run.id(), e);
                    }
                }
                report.accept("cancelled job run " + run.id() + " (" + run.stateAsString() + ")");
            }
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        long sleep = 100;
        while (!unfinished(applicationId).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new UserError(UserError.ENVIRONMENT, "job runs of application " + applicationId + " are still cancelling after "
                        + STOP_TIMEOUT.toMinutes() + " minutes: check them in the EMR Serverless console");
            }
            Backoff.sleepMillis(sleep);
            sleep = Math.min(sleep * 2, 5000);
        }
    }

    private java.util.List<JobRunSummary> unfinished(String applicationId) {
        return AwsErrors.call("emr-serverless:ListJobRuns", applicationId, () -> aws.emr().listJobRunsPaginator(b -> b.applicationId(applicationId))
                .jobRuns().stream().filter(r -> !FINISHED.contains(r.state())).toList());
    }

    /** The application's state, or null when it does not exist. */
    public ApplicationState state(String applicationId) {
        try {
            return aws.emr().getApplication(b -> b.applicationId(applicationId)).application().state();
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("emr-serverless:GetApplication", applicationId, e);
        }
    }

    private ApplicationState waitWhile(String applicationId, ApplicationState... transitional) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        long sleep = 100;
        while (true) {
            ApplicationState state = state(applicationId);
            if (state == null || !java.util.List.of(transitional).contains(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new UserError(UserError.ENVIRONMENT, "application " + applicationId + " is still " + state
                        + " after " + STOP_TIMEOUT.toMinutes() + " minutes: check it in the EMR Serverless console");
            }
            Backoff.sleepMillis(sleep);
            sleep = Math.min(sleep * 2, 5000);
        }
    }
}
