package io.github.emrflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.UserError;
import io.github.emrflow.render.JsonDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a job/ folder (job.json, schema.ddl, query.sql) into a {@link JobDefinition}, checking it
 * whole before anything runs: every file present, job.json strict JSON with no unknown field, every
 * parameter with a valid name, a type and a default its own declaration accepts, every output column
 * named once with a type. Any problem is one line naming the file and what to fix (exit 2).
 */
public final class JobDefinitionLoader {
    private static final Pattern JOB_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "input", "parameters", "output", "chart", "udfs");
    private static final Set<String> INPUT_FIELDS = Set.of("file", "table");
    private static final Set<String> PARAMETER_FIELDS = Set.of("name", "type", "default", "allowed", "pattern", "minimum", "maximum", "description");
    private static final Set<String> OUTPUT_FIELDS = Set.of("name", "type", "scale");

    private JobDefinitionLoader() {
    }

    public static JobDefinition load(Path jobDir) {
        Path definition = jobDir.resolve(JobDefinition.DEFINITION_FILE);
        String where = JobDefinition.FOLDER + "/" + JobDefinition.DEFINITION_FILE;
        JsonNode root = JsonDocuments.parse(where, read(jobDir, JobDefinition.DEFINITION_FILE));
        String schema = read(jobDir, JobDefinition.SCHEMA_FILE).strip().replaceAll("\\s+", " ");
        String sql = read(jobDir, JobDefinition.SQL_FILE).strip();
        if (!root.isObject()) {
            throw bad(where, "must be a JSON object");
        }
        fields(root, TOP_FIELDS, where);
        String name = text(root, "name", where);
        if (!JOB_NAME.matcher(name).matches()) {
            throw bad(where, "'name' is '" + name + "'; allowed: 1-40 chars: lowercase letters, digits and '-', starting with a letter");
        }
        JsonNode input = root.path("input");
        if (!input.isObject()) {
            throw bad(where, "'input' must be an object with 'file' (the CSV, relative to the project) and 'table' (its name in the SQL)");
        }
        fields(input, INPUT_FIELDS, where + " input");
        String table = text(input, "table", where + " input");
        if (!TABLE.matcher(table).matches()) {
            throw bad(where, "input 'table' is '" + table + "'; allowed: a SQL name (lowercase letters, digits, '_')");
        }
        if (schema.isEmpty()) {
            throw bad(JobDefinition.FOLDER + "/" + JobDefinition.SCHEMA_FILE, "is empty: write the input's columns as Spark DDL, e.g. id INT, name STRING");
        }
        if (sql.isEmpty()) {
            throw bad(JobDefinition.FOLDER + "/" + JobDefinition.SQL_FILE, "is empty: write the job's Spark SQL over table " + table);
        }
        List<Parameter> parameters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode p : array(root, "parameters", where, false)) {
            Parameter parameter = parameter(p, where);
            if (!seen.add(parameter.name())) {
                throw bad(where, "parameter '" + parameter.name() + "' is declared twice");
            }
            parameters.add(parameter);
        }
        List<OutputColumn> output = new ArrayList<>();
        seen.clear();
        for (JsonNode c : array(root, "output", where, true)) {
            OutputColumn column = outputColumn(c, where);
            if (!seen.add(column.name())) {
                throw bad(where, "output column '" + column.name() + "' is declared twice");
            }
            output.add(column);
        }
        String description = root.path("description").asText("");
        PythonModules modules = PythonModules.in(jobDir);
        return new JobDefinition(name, description, text(input, "file", where + " input"), table, schema, sql, parameters, output,
                chartRange(root, output, where), modules, UdfDeclarations.parse(root, modules.packages(), where));
    }

    /** "chart": {"range": [FROM, TO]}: two numeric output columns drawn as one bar (e.g. min to max). */
    private static List<String> chartRange(JsonNode root, List<OutputColumn> output, String where) {
        JsonNode chart = root.get("chart");
        if (chart == null) {
            return List.of();
        }
        if (!chart.isObject()) {
            throw bad(where, "'chart' must be an object like {\"range\": [\"min_x\", \"max_x\"]}");
        }
        fields(chart, Set.of("range"), where + " chart");
        JsonNode range = chart.path("range");
        if (!range.isArray() || range.size() != 2) {
            throw bad(where, "chart 'range' must list two numeric output columns: [from, to]");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : range) {
            String column = n.asText();
            boolean numeric = output.stream().anyMatch(c -> c.name().equals(column) && c.type().isNumeric());
            if (!numeric) {
                throw bad(where, "chart range column '" + column + "' is not a numeric output column");
            }
            names.add(column);
        }
        return names;
    }

    private static Parameter parameter(JsonNode p, String where) {
        String at = label(p, where, "parameter", "name, type, default and description", PARAMETER_FIELDS);
        String name = p.get("name").asText();
        if (!Parameter.NAME.matcher(name).matches()) {
            throw bad(at, "name allowed: 1-64 chars: lowercase letters, digits and '_', starting with a letter");
        }
        String typeName = text(p, "type", at);
        ParameterType type = ParameterType.of(typeName);
        if (type == null) {
            throw bad(at, "type '" + typeName + "' is not one of string, integer, number, boolean, regex");
        }
        JsonNode def = p.get("default");
        if (def == null || def.isNull() || def.isContainerNode()) {
            throw bad(at, "has no default: give every parameter a default value (a run without --param uses it)");
        }
        List<String> allowed = new ArrayList<>();
        if (p.has("allowed")) {
            if (!p.get("allowed").isArray() || p.get("allowed").isEmpty()) {
                throw bad(at, "'allowed' must be a non-empty list of values");
            }
            p.get("allowed").forEach(v -> allowed.add(v.asText()));
        }
        Pattern pattern = null;
        if (p.has("pattern")) {
            try {
                pattern = Pattern.compile(p.get("pattern").asText());
            } catch (PatternSyntaxException e) {
                throw bad(at, "'pattern' is not a valid regular expression: " + e.getDescription());
            }
        }
        Double minimum = number(p, "minimum", at);
        Double maximum = number(p, "maximum", at);
        if ((minimum != null || maximum != null) && type != ParameterType.INTEGER && type != ParameterType.NUMBER) {
            throw bad(at, "'minimum' and 'maximum' apply to integer and number parameters only");
        }
        Parameter parameter = new Parameter(name, type, def.asText(), allowed, pattern, minimum, maximum,
                p.path("description").asText(""));
        for (String value : allowed) {
            parameter.check(value, at + " 'allowed'");
        }
        parameter.check(parameter.defaultValue(), at + " default");
        return parameter;
    }

    private static OutputColumn outputColumn(JsonNode c, String where) {
        String at = label(c, where, "output column", "name and type", OUTPUT_FIELDS);
        String name = c.get("name").asText();
        String typeName = text(c, "type", at);
        ColumnType type = ColumnType.of(typeName);
        if (type == null) {
            throw bad(at, "type '" + typeName + "' is not one of string, integer, decimal");
        }
        if (c.has("scale")) {
            if (type != ColumnType.DECIMAL || !c.get("scale").canConvertToInt() || c.get("scale").asInt() < 0 || c.get("scale").asInt() > 18) {
                throw bad(at, "'scale' (0-18 decimals) applies to decimal columns only");
            }
            return new OutputColumn(name, type, c.get("scale").asInt());
        }
        return new OutputColumn(name, type);
    }

    /** A list item's label for messages (job/job.json parameter 'x'), checked to be an object with a name and known fields. */
    private static String label(JsonNode node, String where, String kind, String shape, Set<String> known) {
        if (!node.isObject()) {
            throw bad(where, "each " + kind + " must be an object with " + shape);
        }
        String at = where + " " + kind + " '" + text(node, "name", where + " " + kind) + "'";
        fields(node, known, at);
        return at;
    }

    private static String read(Path jobDir, String file) {
        Path path = jobDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw UserError.badInput("job definition incomplete: " + JobDefinition.FOLDER + "/" + file + " not found in "
                    + jobDir.getParent() + " (a job is job.json, schema.ddl and query.sql; see docs/adapt.md)");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserError.badInput("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static void fields(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw bad(where, "unknown field '" + field + "'; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw bad(where, "'" + field + "' is required (a non-empty string)");
        }
        return value.asText();
    }

    private static Double number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw bad(where, "'" + field + "' must be a number");
        }
        return value.asDouble();
    }

    private static List<JsonNode> array(JsonNode root, String field, String where, boolean required) {
        JsonNode value = root.get(field);
        if (value == null && !required) {
            return List.of();
        }
        if (value == null || !value.isArray() || (required && value.isEmpty())) {
            throw bad(where, "'" + field + "' must be a" + (required ? " non-empty" : "") + " list");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    private static UserError bad(String where, String what) {
        return UserError.badInput(where + ": " + what);
    }
}
