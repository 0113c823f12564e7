package io.github.emrflow.results;

import java.util.Map;

/**
 * What a run was asked to do, kept beside its output as run.json (locally and in S3): which job,
 * which input, every parameter's value, and (locally) how long it took.
 */
public record RunRecord(String runId, String job, String input, Map<String, String> parameters, double seconds) {
    public static final String FILE_NAME = "run.json";

    public RunRecord {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
