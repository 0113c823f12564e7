package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.render.Aggregation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an input CSV before any Spark starts, so the common mistakes get one clear line: no such
 * file, an empty file, a header without the salary column or with other columns than the schema's.
 */
public final class InputCheck {
    private InputCheck() {
    }

    public static void check(Path input, Aggregation aggregation, String salaryColumn) {
        if (!Files.exists(input)) {
            throw UserError.badInput("input file " + input + " not found");
        }
        if (!Files.isRegularFile(input)) {
            throw UserError.badInput("input " + input + " is not a file");
        }
        String header;
        String firstRow;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            header = reader.readLine();
            firstRow = reader.readLine();
        } catch (IOException e) {
            throw UserError.badInput("cannot read input file " + input + ": " + e.getMessage());
        }
        if (header == null || header.isBlank()) {
            throw UserError.badInput("input file " + input + " is empty: expected a CSV with the header "
                    + String.join(",", aggregation.inputColumns()));
        }
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        if (!columns.contains(salaryColumn)) {
            throw UserError.badInput("input file " + input + " has no column '" + salaryColumn
                    + "' (its columns: " + String.join(",", columns) + ")");
        }
        if (!columns.equals(aggregation.inputColumns())) {
            List<String> missing = new ArrayList<>(aggregation.inputColumns());
            missing.removeAll(columns);
            List<String> extra = new ArrayList<>(columns);
            extra.removeAll(aggregation.inputColumns());
            throw UserError.badInput("input file " + input + " has other columns than the schema in templates/"
                    + Aggregation.TEMPLATE + (missing.isEmpty() ? "" : "; missing: " + String.join(",", missing))
                    + (extra.isEmpty() ? "" : "; unexpected: " + String.join(",", extra))
                    + (missing.isEmpty() && extra.isEmpty() ? "; order differs" : ""));
        }
        if (firstRow == null || firstRow.isBlank()) {
            throw UserError.badInput("input file " + input + " has a header but no rows");
        }
    }
}
