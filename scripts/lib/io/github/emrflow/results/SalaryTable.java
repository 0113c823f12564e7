package io.github.emrflow.results;

import io.github.emrflow.UserError;
import io.github.emrflow.render.JsonDocuments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The job's result: per job title the maximum and minimum salary. Read from the CSV part files a
 * run wrote (each with its header), printed as an aligned table, CSV or JSON.
 */
public record SalaryTable(List<Row> rows) {
    public static final String HEADER = "job_title,max_salary,min_salary";

    public record Row(String title, long max, long min) {
    }

    public enum Format { table, csv, json }

    public enum Sort { title, max, min }

    /**
     * Parses the part files of one run. {@code parts} are (name, content) pairs; names are only
     * used in error messages.
     */
    public static SalaryTable fromParts(List<Part> parts) {
        List<Row> rows = new ArrayList<>();
        for (Part part : parts) {
            List<List<String>> records = Csv.parse(part.content());
            if (records.isEmpty()) {
                continue;
            }
            List<String> header = records.get(0);
            if (!String.join(",", header).equals(HEADER)) {
                throw UserError.badInput(part.name() + ": header is '" + String.join(",", header)
                        + "', expected '" + HEADER + "': not an emrflow output file");
            }
            for (int i = 1; i < records.size(); i++) {
                List<String> r = records.get(i);
                if (r.size() != 3) {
                    throw UserError.badInput(part.name() + " line " + (i + 1) + ": expected 3 fields, found " + r.size());
                }
                rows.add(new Row(r.get(0), number(part, i, r.get(1)), number(part, i, r.get(2))));
            }
        }
        if (rows.isEmpty()) {
            throw UserError.badInput("the run's output holds no rows (" + parts.size() + " part file(s)): "
                    + "the input was empty or the title filter matched nothing");
        }
        return new SalaryTable(List.copyOf(rows)).sorted(Sort.title, false);
    }

    /** A named part file's text. */
    public record Part(String name, String content) {
    }

    private static long number(Part part, int index, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw UserError.badInput(part.name() + " line " + (index + 1) + ": '" + value + "' is not a whole number");
        }
    }

    public SalaryTable sorted(Sort by, boolean descending) {
        Comparator<Row> order = switch (by) {
            case title -> Comparator.comparing(Row::title);
            case max -> Comparator.comparingLong(Row::max).thenComparing(Row::title);
            case min -> Comparator.comparingLong(Row::min).thenComparing(Row::title);
        };
        return new SalaryTable(rows.stream().sorted(descending ? order.reversed() : order).toList());
    }

    public SalaryTable filtered(Pattern titles) {
        return new SalaryTable(rows.stream().filter(r -> titles.matcher(r.title()).find()).toList());
    }

    public SalaryTable top(int n) {
        return new SalaryTable(rows.stream().limit(n).toList());
    }

    public String format(Format format, String salaryColumn) {
        return switch (format) {
            case table -> table(salaryColumn);
            case csv -> csv();
            case json -> json(salaryColumn);
        };
    }

    private String table(String salaryColumn) {
        String maxHead = "max " + salaryColumn;
        String minHead = "min " + salaryColumn;
        int titleWidth = "job title".length();
        int maxWidth = maxHead.length();
        int minWidth = minHead.length();
        for (Row r : rows) {
            titleWidth = Math.max(titleWidth, r.title().length());
            maxWidth = Math.max(maxWidth, grouped(r.max()).length());
            minWidth = Math.max(minWidth, grouped(r.min()).length());
        }
        String line = "%-" + titleWidth + "s  %" + maxWidth + "s  %" + minWidth + "s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, line, "job title", maxHead, minHead));
        sb.append(String.format(Locale.ROOT, line, "-".repeat(titleWidth), "-".repeat(maxWidth), "-".repeat(minWidth)));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, line, r.title(), grouped(r.max()), grouped(r.min())));
        }
        sb.append(String.format(Locale.ROOT, "%d job title%s%n", rows.size(), rows.size() == 1 ? "" : "s"));
        return sb.toString();
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(Csv.field(r.title())).append(',').append(r.max()).append(',').append(r.min()).append('\n');
        }
        return sb.toString();
    }

    private String json(String salaryColumn) {
        ObjectNode root = JsonDocuments.mapper().createObjectNode();
        root.put("salaryColumn", salaryColumn);
        root.put("titles", rows.size());
        ArrayNode array = root.putArray("rows");
        for (Row r : rows) {
            array.addObject().put("jobTitle", r.title()).put("maxSalary", r.max()).put("minSalary", r.min());
        }
        return JsonDocuments.pretty(root) + "\n";
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
