package io.github.emrflow.run;

/** How a watched execution ended, or that the watch gave up first (the execution goes on). */
public enum RunStatus {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED,
    /** run.java stopped watching (--timeout); the execution may still be running. */
    WATCH_TIMED_OUT;

    public boolean succeeded() {
        return this == SUCCEEDED;
    }
}
