package io.github.emrflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * job.json's optional "udfs" list: {"name", "function": "package.module:function", "returnType"}.
 * Each function must live in one of the job's own packages (a folder in job/ with __init__.py), so
 * a typo is one line at load time instead of an ImportError on EMR.
 */
final class UdfDeclarations {
    private static final Set<String> FIELDS = Set.of("name", "function", "returnType", "description");
    private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*):([A-Za-z_]\\w*)");

    private UdfDeclarations() {
    }

    static List<Udf> parse(JsonNode root, List<String> packages, String where) {
        JsonNode list = root.get("udfs");
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            throw bad(where, "'udfs' must be a list of {\"name\", \"function\": \"package.module:function\", \"returnType\"}");
        }
        List<Udf> udfs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode u : list) {
            String at = where + " udf";
            if (!u.isObject()) {
                throw bad(at, "each item must be an object");
            }
            for (Iterator<String> it = u.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    throw bad(at, "unknown field '" + field + "'; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
                }
            }
            String name = u.path("name").asText("");
            if (!SQL_NAME.matcher(name).matches()) {
                throw bad(at, "'name' is '" + name + "'; allowed: a SQL function name (lowercase letters, digits, '_')");
            }
            if (!seen.add(name)) {
                throw bad(at, "'" + name + "' is declared twice");
            }
            String function = u.path("function").asText("");
            var m = FUNCTION.matcher(function);
            if (!m.matches()) {
                throw bad(at + " " + name, "'function' is '" + function + "'; allowed: package.module:function, e.g. mytools.text:normalise");
            }
            Udf.ReturnType type = Udf.ReturnType.of(u.path("returnType").asText(""));
            if (type == null) {
                throw bad(at + " " + name, "'returnType' is '" + u.path("returnType").asText("") + "'; allowed: "
                        + String.join(", ", Udf.ReturnType.names()));
            }
            Udf udf = new Udf(name, m.group(1), m.group(2), type);
            if (!packages.contains(udf.topPackage())) {
                throw bad(at + " " + name, "'function' is in package '" + udf.topPackage() + "', which is not one of the job's own ("
                        + (packages.isEmpty() ? "none" : String.join(", ", packages))
                        + "): put it in " + JobDefinition.FOLDER + "/" + udf.topPackage() + "/ with an __init__.py");
            }
            udfs.add(udf);
        }
        return udfs;
    }

    private static UserError bad(String where, String what) {
        return UserError.badInput(where + ": " + what);
    }
}
