package io.github.emrflow.job;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The type of a declared job parameter: which texts it accepts and the value it is bound as in the
 * job's SQL (a named parameter, never text spliced into the query).
 */
public enum ParameterType {
    STRING("any text"),
    INTEGER("a whole number"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    /** Text that must compile as a regular expression (Java and Spark share the syntax). */
    REGEX("a valid regular expression (empty allowed)");

    private final String description;

    ParameterType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The typed value of {@code text}, or null when the text is not of this type. */
    public Object parse(String text) {
        try {
            return switch (this) {
                case STRING -> text;
                case INTEGER -> text.matches("-?\\d{1,18}") ? Long.parseLong(text) : null;
                case NUMBER -> text.matches("-?\\d{1,18}(\\.\\d{1,18})?") ? Double.parseDouble(text) : null;
                case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
                case REGEX -> {
                    Pattern.compile(text);
                    yield text;
                }
            };
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    public static ParameterType of(String name) {
        for (ParameterType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
