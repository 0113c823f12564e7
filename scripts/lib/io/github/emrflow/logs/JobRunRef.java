package io.github.emrflow.logs;

/** One attempt of one EMR Serverless job run: what a driver log or a Spark UI link belongs to. */
public record JobRunRef(String applicationId, String jobRunId, int attempt) {
    public JobRunRef {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
    }

    public JobRunRef withAttempt(int other) {
        return new JobRunRef(applicationId, jobRunId, other);
    }
}
