package io.github.emrflow.render;

import io.github.emrflow.UserError;

import java.util.List;

/**
 * The aggregation from templates/aggregation.ftl: the typed input schema, the salary columns a
 * job may aggregate, the output header and the SQL with its {salary_column} slot.
 */
public record Aggregation(String inputSchema, List<String> salaryColumns, List<String> outputColumns, String sql) {
    public static final String TEMPLATE = "aggregation.ftl";

    /** The SQL for one salary column, which must be one of {@link #salaryColumns()}. */
    public String sqlFor(String salaryColumn) {
        if (!salaryColumns.contains(salaryColumn)) {
            throw UserError.badInput("salary column '" + salaryColumn + "' is not one of " + salaryColumns);
        }
        return sql.replace("{salary_column}", salaryColumn);
    }

    /** Column names of the input, in order, from the DDL schema. */
    public List<String> inputColumns() {
        return java.util.Arrays.stream(inputSchema.split(","))
                .map(String::strip)
                .map(col -> col.substring(0, col.indexOf(' ')))
                .toList();
    }
}
