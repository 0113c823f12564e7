package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;

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
 * file, an empty file, a header with other columns than the job's schema (job/schema.ddl), no rows.
 */
public final class InputCheck {
    private InputCheck() {
    }

    public static void check(Path input, JobDefinition job) {
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
                    + String.join(",", job.inputColumns()));
        }
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        if (!columns.equals(job.inputColumns())) {
            List<String> missing = new ArrayList<>(job.inputColumns());
            missing.removeAll(columns);
            List<String> extra = new ArrayList<>(columns);
            extra.removeAll(job.inputColumns());
            throw UserError.badInput("input file " + input + " has other columns than the schema in "
                    + JobDefinition.FOLDER + "/" + JobDefinition.SCHEMA_FILE + (missing.isEmpty() ? "" : "; missing: " + String.join(",", missing))
                    + (extra.isEmpty() ? "" : "; unexpected: " + String.join(",", extra))
                    + (missing.isEmpty() && extra.isEmpty() ? "; order differs" : ""));
        }
        if (firstRow == null || firstRow.isBlank()) {
            throw UserError.badInput("input file " + input + " has a header but no rows");
        }
    }
}
