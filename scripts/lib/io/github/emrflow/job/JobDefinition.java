package io.github.emrflow.job;

import io.github.emrflow.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job, as the files in a project's job/ folder define it: the input (a CSV with a typed schema,
 * read as a table of that name), the Spark SQL over it, the declared parameters the SQL binds by
 * name, and the columns it writes. The PySpark script (templates/job.py.ftl) and the local runner
 * both run exactly this; nothing about any particular job lives in the engine. {@code chartRange}
 * is empty or two numeric output columns a chart draws as one bar from the first to the second.
 * {@code modules} are the job's own Python packages (folders in job/ with __init__.py), and
 * {@code udfs} the SQL functions implemented in them.
 */
public record JobDefinition(String name, String description, String inputFile, String table, String schema, String sql,
                            List<Parameter> parameters, List<OutputColumn> outputColumns, List<String> chartRange,
                            PythonModules modules, List<Udf> udfs) {
    /** The folder of a project that holds the job's files. */
    public static final String FOLDER = "job";
    public static final String DEFINITION_FILE = "job.json";
    public static final String SCHEMA_FILE = "schema.ddl";
    public static final String SQL_FILE = "query.sql";

    public JobDefinition {
        parameters = List.copyOf(parameters);
        outputColumns = List.copyOf(outputColumns);
        chartRange = chartRange == null ? List.of() : List.copyOf(chartRange);
        udfs = udfs == null ? List.of() : List.copyOf(udfs);
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Parameter requireParameter(String name, String source) {
        return parameter(name).orElseThrow(() -> UserError.badInput(source + ": '" + name + "' is not a parameter of job '"
                + this.name + "'; its parameters: " + parameterNames()));
    }

    public String parameterNames() {
        return parameters.isEmpty() ? "none" : String.join(", ", parameters.stream().map(Parameter::name).toList());
    }

    public List<String> outputNames() {
        return outputColumns.stream().map(OutputColumn::name).toList();
    }

    public Optional<OutputColumn> outputColumn(String name) {
        return outputColumns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Column names of the input, in order, from the DDL schema ("name TYPE, name TYPE, ..."). */
    public List<String> inputColumns() {
        List<String> names = new ArrayList<>();
        for (String col : schema.split(",")) {
            String trimmed = col.strip();
            int space = trimmed.indexOf(' ');
            names.add(space < 0 ? trimmed : trimmed.substring(0, space));
        }
        return names;
    }

    /** The input file's name, which is also its object name under input/ in the bucket. */
    public String inputFileName() {
        return inputFile.substring(inputFile.lastIndexOf('/') + 1);
    }
}
