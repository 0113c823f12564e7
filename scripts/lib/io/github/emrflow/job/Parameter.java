package io.github.emrflow.job;

import io.github.emrflow.UserError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared job parameter: its name, type, default and what it allows (a list of values, a
 * pattern the whole value must match, bounds for numbers). {@link #check} is the one place a value
 * is validated, whether it comes from job.json, emrflow.properties or --param.
 */
public record Parameter(String name, ParameterType type, String defaultValue, List<String> allowed, Pattern pattern,
                        Double minimum, Double maximum, String description) {
    /** Parameter names: what Spark SQL accepts as a named parameter, and safe in a --param token. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Parameter {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /** The typed value of {@code value}, or a {@link UserError} (exit 2) saying what is allowed. */
    public Object check(String value, String source) {
        Object typed = type.parse(value);
        boolean ok = typed != null
                && (allowed.isEmpty() || allowed.contains(value))
                && (pattern == null || pattern.matcher(value).matches())
                && (minimum == null || ((Number) typed).doubleValue() >= minimum)
                && (maximum == null || ((Number) typed).doubleValue() <= maximum);
        if (!ok) {
            throw UserError.badInput(source + ": parameter '" + name + "' is '" + value + "'; allowed: " + allowedText());
        }
        return typed;
    }

    /** What a value must be, in words, for messages and the docs. */
    public String allowedText() {
        if (!allowed.isEmpty()) {
            return String.join(", ", allowed);
        }
        StringBuilder sb = new StringBuilder(type.description());
        if (minimum != null || maximum != null) {
            sb.append(" from ").append(minimum == null ? "any" : format(minimum)).append(" to ").append(maximum == null ? "any" : format(maximum));
        }
        if (pattern != null) {
            sb.append(" matching ").append(pattern.pattern());
        }
        return sb.toString();
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
