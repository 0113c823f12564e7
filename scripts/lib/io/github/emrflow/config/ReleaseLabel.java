package io.github.emrflow.config;

/**
 * An EMR release label (emr-MAJOR.MINOR.PATCH) as numbers, so features that AWS offers from a given
 * release on (job retries from emr-7.1.0) can be checked before anything is deployed.
 */
public record ReleaseLabel(int major, int minor, int patch) implements Comparable<ReleaseLabel> {
    /** The first release whose job runs take a retry policy (EMR Serverless "job resiliency"). */
    public static final ReleaseLabel FIRST_WITH_RETRIES = new ReleaseLabel(7, 1, 0);

    /** Parses a label {@link Setting#RELEASE_LABEL} already accepted. */
    public static ReleaseLabel parse(String label) {
        String[] parts = label.substring("emr-".length()).split("\\.");
        return new ReleaseLabel(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    public boolean isBefore(ReleaseLabel other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ReleaseLabel o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "emr-" + major + "." + minor + "." + patch;
    }
}
