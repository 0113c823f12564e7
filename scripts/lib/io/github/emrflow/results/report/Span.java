package io.github.emrflow.results.report;

/**
 * One bar of a run's timeline: a workflow state (or, for a local run, the whole job) from
 * {@code start} to {@code end}, in seconds since the run started; {@code failed} when a task in it
 * failed or timed out, even if the workflow caught that and went on to clean up.
 */
public record Span(String name, double start, double end, boolean failed) {
    public Span {
        // A state left in the same millisecond it was entered still needs a non-negative length.
        end = Math.max(start, end);
    }

    public double seconds() {
        return end - start;
    }
}
