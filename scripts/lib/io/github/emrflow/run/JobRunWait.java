package io.github.emrflow.run;

import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * What a job run that has not started yet is waiting for, in the watch's words. On a shared
 * application a run may first wait in the queue for a free slot (QUEUED, emr-7.3.0 and later),
 * then for workers (SUBMITTED, PENDING) and their allocation (SCHEDULED).
 */
enum JobRunWait {
    QUEUE(", waiting for a free slot (application.max.concurrent.runs)"),
    WORKERS(", waiting for workers"),
    ALLOCATION(", workers being allocated"),
    NONE("");

    private final String words;

    JobRunWait(String words) {
        this.words = words;
    }

    static JobRunWait of(JobRunState state) {
        if (state == null) {
            return NONE;
        }
        return switch (state) {
            case QUEUED -> QUEUE;
            case SUBMITTED, PENDING -> WORKERS;
            case SCHEDULED -> ALLOCATION;
            default -> NONE;
        };
    }

    String words() {
        return words;
    }
}
