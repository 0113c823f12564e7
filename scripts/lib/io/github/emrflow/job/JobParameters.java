package io.github.emrflow.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of every parameter of one run, checked against its declaration, in declaration order.
 * They travel the same way to every runner: as {@code --param NAME=VALUE} arguments (EMR Serverless's
 * EntryPointArguments, the emulator's job runner, the local runner), bound as named SQL parameters.
 */
public final class JobParameters {
    public static final String FLAG = "--param";

    private final JobDefinition job;
    private final Map<String, String> values;

    private JobParameters(JobDefinition job, Map<String, String> values) {
        this.job = job;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The job's defaults (already checked when the definition was loaded). */
    public static JobParameters defaults(JobDefinition job) {
        Map<String, String> values = new LinkedHashMap<>();
        job.parameters().forEach(p -> values.put(p.name(), p.defaultValue()));
        return new JobParameters(job, values);
    }

    /** A copy with {@code overrides} (name to value) checked and applied; {@code source} names them in errors. */
    public JobParameters with(Map<String, String> overrides, String source) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        overrides.forEach((name, value) -> {
            job.requireParameter(name, source).check(value, source);
            merged.put(name, value);
        });
        return new JobParameters(job, merged);
    }

    /** Parses {@code NAME=VALUE} texts (from --param) into a map, rejecting any without '='. */
    public static Map<String, String> parseAssignments(List<String> assignments, String source) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw io.github.emrflow.UserError.badInput(source + ": '" + a + "' is not NAME=VALUE");
            }
            parsed.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return parsed;
    }

    public Map<String, String> values() {
        return values;
    }

    public String get(String name) {
        return values.get(name);
    }

    /** The values as Spark binds them: Long, Double, Boolean or String. */
    public Map<String, Object> typed() {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((name, value) -> typed.put(name, job.requireParameter(name, "job").type().parse(value)));
        return typed;
    }

    /** {@code --param NAME=VALUE} for each parameter, as every runner receives them. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        values.forEach((name, value) -> {
            args.add(FLAG);
            args.add(name + "=" + value);
        });
        return args;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
