package io.github.emrflow.run;

/**
 * What happened to one execution: its status, where and why it failed (the original error and
 * cause, not the workflow's wrapper), the EMR Serverless ids it used, and how long it was watched.
 */
public record RunOutcome(RunStatus status, String failedState, String error, String cause, String applicationId, String jobRunId,
                         double seconds) {
    public boolean succeeded() {
        return status.succeeded();
    }
}
