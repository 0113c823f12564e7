package io.github.emrflow.results;

import io.github.emrflow.UserError;
import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What a run wrote, typed by the job's declared output columns (job/job.json): read from the CSV
 * part files Spark wrote, each with its own header, and printed as an aligned table, CSV or JSON.
 * Every operation returns a new table, so a caller can filter, sort and cut in any order.
 */
public final class ResultTable {
    /** One part file: its name (for messages only) and its text. */
    public record Part(String name, String content) {
    }

    // Blank lines are kept: in a one-column output a blank line is a row whose value is empty.
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final List<OutputColumn> columns;
    private final List<List<Object>> rows;

    private ResultTable(List<OutputColumn> columns, List<List<Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    public static ResultTable fromParts(List<Part> parts, List<OutputColumn> columns) {
        List<OutputColumn> declared = List.copyOf(columns);
        List<List<Object>> rows = new ArrayList<>();
        for (Part part : parts) {
            read(part, declared, rows);
        }
        if (rows.isEmpty()) {
            throw UserError.badInput("the run's output holds no rows (" + parts.size() + " part file(s)): "
                    + "the input was empty or the job's query selected nothing");
        }
        return new ResultTable(declared, List.copyOf(rows));
    }

    private static void read(Part part, List<OutputColumn> columns, List<List<Object>> rows) {
        long line = 1;
        try (CSVParser parser = CSVParser.parse(part.content(), READ)) {
            Iterator<CSVRecord> records = parser.iterator();
            boolean header = true;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (header) {
                    checkHeader(part, record, columns);
                    header = false;
                } else if (columns.size() == 1 || !isBlankLine(record)) {
                    rows.add(row(part, line, record, columns));
                }
                // The next record starts after the line breaks this one consumed (a quoted value may hold some).
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (UncheckedIOException e) {
            throw notCsv(part, line, e.getCause());
        } catch (IOException e) {
            throw notCsv(part, line, e);
        }
    }

    private static UserError notCsv(Part part, long line, IOException e) {
        return UserError.badInput(part.name() + " line " + line + ": not valid CSV: " + e.getMessage(), e);
    }

    private static boolean isBlankLine(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    private static void checkHeader(Part part, CSVRecord record, List<OutputColumn> columns) {
        List<String> expected = columns.stream().map(OutputColumn::name).toList();
        if (!record.toList().equals(expected)) {
            throw UserError.badInput(part.name() + ": header is '" + String.join(",", record.toList()) + "', expected '"
                    + String.join(",", expected) + "' (the job's declared output columns)");
        }
    }

    private static List<Object> row(Part part, long line, CSVRecord record, List<OutputColumn> columns) {
        if (record.size() != columns.size()) {
            throw UserError.badInput(part.name() + " line " + line + ": expected " + columns.size() + " fields ("
                    + names(columns) + "), found " + record.size());
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            OutputColumn column = columns.get(i);
            try {
                values[i] = column.type().parse(record.get(i));
            } catch (NumberFormatException e) {
                throw UserError.badInput(part.name() + " line " + line + ", column " + column.name() + ": '" + record.get(i)
                        + "' is not " + (column.type() == ColumnType.INTEGER ? "an integer" : "a decimal number")
                        + " (the column's declared type)");
            }
        }
        // Arrays.asList because an empty numeric field is null, which List.of refuses.
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    public List<OutputColumn> columns() {
        return columns;
    }

    /** Each row's values in column order: String, Long or BigDecimal; null for an empty number. */
    public List<List<Object>> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    /** The index of a declared column. */
    public int column(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw UserError.badInput("'" + name + "' is not an output column of this job; its columns: " + names(columns));
    }

    /** Rows whose value in {@code column} contains a match; numbers are matched as their CSV text (no separators). */
    public ResultTable filtered(String column, Pattern regex) {
        int index = column(column);
        OutputColumn declared = columns.get(index);
        return new ResultTable(columns, rows.stream().filter(r -> regex.matcher(ResultFormat.plain(declared, r.get(index))).find()).toList());
    }

    /** A stable sort: numbers by value, text by {@link String#compareTo}; empty numbers last either way. */
    public ResultTable sorted(String column, boolean descending) {
        int index = column(column);
        Comparator<Object> order = switch (columns.get(index).type()) {
            case STRING -> Comparator.comparing((Object v) -> (String) v);
            case INTEGER -> Comparator.comparing((Object v) -> (Long) v);
            case DECIMAL -> Comparator.comparing((Object v) -> (BigDecimal) v);
        };
        Comparator<Object> directed = descending ? order.reversed() : order;
        Comparator<List<Object>> byColumn = Comparator.comparing(r -> r.get(index), Comparator.nullsLast(directed));
        return new ResultTable(columns, rows.stream().sorted(byColumn).toList());
    }

    public ResultTable top(int n) {
        return new ResultTable(columns, rows.stream().limit(n).toList());
    }

    public String format(ResultFormat format) {
        return format.format(this);
    }

    private static String names(List<OutputColumn> columns) {
        return String.join(", ", columns.stream().map(OutputColumn::name).toList());
    }
}
