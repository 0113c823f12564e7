package io.github.emrflow.logs;

/**
 * A run of the deployed workflow as logs.java needs it: its execution and whether it is still going,
 * its job run's last attempt (null before the job is started, or when the run ended before that)
 * and whether that job is still going.
 */
public record LocatedRun(String runId, String executionArn, boolean executionRunning, JobRunRef job, boolean jobRunning) {
}
