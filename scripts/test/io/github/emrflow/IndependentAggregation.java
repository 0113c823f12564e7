package io.github.emrflow;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
public final class IndependentAggregation {
    private IndependentAggregation() {
    }

    public static Map<String, long[]> maxMin(Path csv, String column) {
        Map<String, long[]> result = new TreeMap<>();
        for (String[] row : rows(csv, column)) {
            long value = Long.parseLong(row[1]);
            result.merge(row[0], new long[] {value, value},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])});
        }
        return result;
    }

    public static Map<String, String[]> maxMinAsStrings(Path csv, String column) {
        Map<String, String[]> result = new TreeMap<>();
        for (String[] row : rows(csv, column)) {
            result.merge(row[0], new String[] {row[1], row[1]}, (a, b) -> new String[] {
                    a[0].compareTo(b[0]) >= 0 ? a[0] : b[0], a[1].compareTo(b[1]) <= 0 ? a[1] : b[1]});
        }
        return result;
    }

    /** The second sample's numbers for one row of its output. */
    public record Summary(long rows, BigDecimal average, long max) {
    }

    /**
     * For one work year, per "experience_level|company_size": rows, the exact average of
     * salary_in_usd rounded half-up to two decimals, and the maximum.
     */
    public static Map<String, Summary> experienceSummary(Path csv, int workYear) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Map<String, String> row : records(csv)) {
            if (Integer.parseInt(row.get("work_year")) != workYear) {
                continue;
            }
            long usd = Long.parseLong(row.get("salary_in_usd"));
            sums.merge(row.get("experience_level") + "|" + row.get("company_size"), new long[] {1, usd, usd},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], Math.max(a[2], b[2])});
        }
        Map<String, Summary> result = new TreeMap<>();
        sums.forEach((key, s) -> result.put(key, new Summary(s[0],
                BigDecimal.valueOf(s[1]).divide(BigDecimal.valueOf(s[0]), 2, RoundingMode.HALF_UP), s[2])));
        return result;
    }

    /** Every row as column name to text; the dataset has no quoted fields (see its README). */
    private static List<Map<String, String>> records(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.get(0).split(",");
            return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> {
                String[] f = l.split(",");
                Map<String, String> row = new java.util.HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], f[i]);
                }
                return row;
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
