package io.github.emrflow.logs;

/**
 * A run of the deployed workflow as logs.java needs it: its execution, its job run's last attempt
 * (null when the run ended before a job was started) and whether that job is still going.
 */
public record LocatedRun(String runId, String executionArn, JobRunRef job, boolean jobRunning) {
}
