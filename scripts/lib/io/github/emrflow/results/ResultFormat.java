package io.github.emrflow.results;

import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.render.JsonDocuments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** How a result table is printed. Lowercase so that picocli lists and accepts them as users type them. */
public enum ResultFormat {
    /** Aligned columns for people, with a row count. */
    table,
    /** RFC 4180, for spreadsheets and other tools. */
    csv,
    /** Typed values with the column types, for programs. */
    json;

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    String format(ResultTable result) {
        return switch (this) {
            case table -> table(result.columns(), result.rows());
            case csv -> csv(result.columns(), result.rows());
            case json -> json(result.columns(), result.rows());
        };
    }

    /** A value as tools read it, in CSV and when filtering: no grouping, a decimal with its declared scale. */
    static String plain(OutputColumn column, Object value) {
        if (value instanceof BigDecimal d) {
            return d.setScale(scale(column), RoundingMode.HALF_UP).toPlainString();
        }
        return value == null ? "" : value.toString();
    }

    /** A value as people read it: grouped digits, a decimal's declared scale, no line break to spoil the alignment. */
    private static String shown(OutputColumn column, Object value) {
        if (value instanceof Long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        if (value instanceof BigDecimal d) {
            return String.format(Locale.ROOT, "%,." + scale(column) + "f", d.setScale(scale(column), RoundingMode.HALF_UP));
        }
        return value == null ? "" : ((String) value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static int scale(OutputColumn column) {
        return Math.max(0, column.scale());
    }

    private static String table(List<OutputColumn> columns, List<List<Object>> rows) {
        int[] widths = columns.stream().mapToInt(c -> width(c.name())).toArray();
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < widths.length; i++) {
                String text = shown(columns.get(i), row.get(i));
                widths[i] = Math.max(widths[i], width(text));
                line.add(text);
            }
            cells.add(line);
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, columns, widths, columns.stream().map(OutputColumn::name).toList());
        appendLine(out, columns, widths, Arrays.stream(widths).mapToObj("-"::repeat).toList());
        cells.forEach(line -> appendLine(out, columns, widths, line));
        return out.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append('\n').toString();
    }

    private static void appendLine(StringBuilder out, List<OutputColumn> columns, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - width(cell));
            line.append(i == 0 ? "" : "  ").append(columns.get(i).type().isNumeric() ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    // Code points, not chars: a character outside the BMP is two chars but one character.
    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String csv(List<OutputColumn> columns, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = CSV.print(out)) {
            printer.printRecord(columns.stream().map(OutputColumn::name).toList());
            for (List<Object> row : rows) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.add(plain(columns.get(i), row.get(i)));
                }
                printer.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String json(List<OutputColumn> columns, List<List<Object>> rows) {
        ObjectNode root = JsonDocuments.mapper().createObjectNode();
        ArrayNode declared = root.putArray("columns");
        columns.forEach(c -> declared.addObject().put("name", c.name()).put("type", c.type().name().toLowerCase(Locale.ROOT)));
        root.put("count", rows.size());
        ArrayNode array = root.putArray("rows");
        for (List<Object> row : rows) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i).name();
                Object value = row.get(i);
                if (value == null) {
                    object.putNull(name);
                } else if (value instanceof Long n) {
                    object.put(name, n);
                } else if (value instanceof BigDecimal d) {
                    // Raw plain digits, exactly as the job wrote them: Jackson would print e.g. 1E+3 in exponent form.
                    object.putRawValue(name, new RawValue(d.toPlainString()));
                } else {
                    object.put(name, (String) value);
                }
            }
        }
        return JsonDocuments.pretty(root) + "\n";
    }
}
