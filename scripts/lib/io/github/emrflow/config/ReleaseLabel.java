package io.github.emrflow.config;

/** An EMR release label such as emr-7.9.0, for the features that depend on the release. */
public record ReleaseLabel(int major, int minor, int patch) {
    /** The first release on which EMR Serverless runs jobs concurrently and queues the rest (on by default). */
    public static final ReleaseLabel JOB_CONCURRENCY = new ReleaseLabel(7, 3, 0);

    /** Parses a label Setting has already checked ("emr-7.x.y"). */
    public static ReleaseLabel of(String label) {
        String[] parts = label.substring("emr-".length()).split("\\.");
        return new ReleaseLabel(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    public boolean atLeast(ReleaseLabel other) {
        if (major != other.major) {
            return major > other.major;
        }
        if (minor != other.minor) {
            return minor > other.minor;
        }
        return patch >= other.patch;
    }

    public boolean supportsJobConcurrency() {
        return atLeast(JOB_CONCURRENCY);
    }

    @Override
    public String toString() {
        return "emr-" + major + "." + minor + "." + patch;
    }
}
