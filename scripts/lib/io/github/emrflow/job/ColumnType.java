package io.github.emrflow.job;

import java.math.BigDecimal;

/** The type of a declared output column: how its text in a part file is read, compared and printed. */
public enum ColumnType {
    /** Text, printed left-aligned. */
    STRING,
    /** A whole number, printed right-aligned with thousands separators. */
    INTEGER,
    /** A decimal number, printed right-aligned with thousands separators and its scale. */
    DECIMAL;

    public boolean isNumeric() {
        return this != STRING;
    }

    /** The value of one CSV field: a String, a Long or a BigDecimal; null for an empty numeric field. */
    public Object parse(String text) {
        String value = text.strip();
        return switch (this) {
            case STRING -> text;
            case INTEGER -> value.isEmpty() ? null : Long.parseLong(value);
            case DECIMAL -> value.isEmpty() ? null : new BigDecimal(value);
        };
    }

    public static ColumnType of(String name) {
        for (ColumnType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
