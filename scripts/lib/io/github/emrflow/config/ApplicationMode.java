package io.github.emrflow.config;

/** {@code application.mode}: does each run get its own EMR Serverless application, or do all runs share one? */
public enum ApplicationMode {
    PER_RUN("per-run"),
    SHARED("shared");

    private final String value;

    ApplicationMode(String value) {
        this.value = value;
    }

    public String value() { return value; }

    public static ApplicationMode of(String value) {
        for (ApplicationMode m : values()) {
            if (m.value.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not an application mode: " + value);
    }
}
