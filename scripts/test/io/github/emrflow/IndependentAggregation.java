package io.github.emrflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer computed without Spark, templates or emrflow code: plain Java over the CSV lines. Used
 * as the oracle the real pipeline is compared with. {@code asStrings} reproduces the tutorial's
 * defect (no schema: max/min compare text).
 */
final class IndependentAggregation {
    private IndependentAggregation() {
    }

    static Map<String, long[]> maxMin(Path csv, String column) {
        Map<String, long[]> result = new TreeMap<>();
        for (String[] row : rows(csv, column)) {
            long value = Long.parseLong(row[1]);
            result.merge(row[0], new long[] {value, value},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])});
        }
        return result;
    }

    static Map<String, String[]> maxMinAsStrings(Path csv, String column) {
        Map<String, String[]> result = new TreeMap<>();
        for (String[] row : rows(csv, column)) {
            result.merge(row[0], new String[] {row[1], row[1]}, (a, b) -> new String[] {
                    a[0].compareTo(b[0]) >= 0 ? a[0] : b[0], a[1].compareTo(b[1]) <= 0 ? a[1] : b[1]});
        }
        return result;
    }

    /** (job_title, value) pairs; the dataset has no quoted fields (see its README). */
    private static List<String[]> rows(Path csv, String column) {
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = Arrays.asList(lines.get(0).split(","));
            int title = header.indexOf("job_title");
            int value = header.indexOf(column);
            return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                    .map(f -> new String[] {f[title], f[value]}).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
