package io.github.emrflow.logs;

/** The driver's two logs: the job's own prints (stdout) and Spark's log with any traceback (stderr). */
public enum LogStream {
    STDOUT, STDERR;

    /** The object name EMR Serverless writes: stdout.gz or stderr.gz. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT) + ".gz";
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
