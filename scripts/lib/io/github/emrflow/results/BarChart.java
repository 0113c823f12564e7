package io.github.emrflow.results;

import io.github.emrflow.job.OutputColumn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A result table as a horizontal bar chart for a terminal: one bar per row on a shared scale, the
 * labels (the first text column, else the first column) aligned, the scale's ticks under the bars.
 * Pure: the caller passes the width and whether to colour, so tests control both.
 *
 * <p>Exactness, which the tests count. The bar area is {@code W} cells of 8 eighths; {@code f} is a
 * value's fraction of the {@link ChartScale}, which also draws the ticks where bars of their values end.
 * <ul>
 * <li>A bar fills exactly {@code round(f * W * 8)} eighths: whole blocks, then one partial block.
 * <li>A range bar starts at cell {@code floor(f(from) * W)}: there are no left-partial blocks, so it
 *     starts on a whole cell, up to 7/8 of a cell early. It ends after {@code round(f(to) * W * 8)}
 *     eighths, and shows at least one eighth so that an empty range stays visible.
 * <li>ASCII has no partial characters: a bar is {@code round(f * W)} cells of '#'; a range is '='
 *     from cell {@code floor(f(from) * W)} to {@code round(f(to) * W)}, at least one cell.
 * </ul>
 * Values a scale cannot show (empty; negative; zero on the log scale) get no bar: the value is still
 * printed and the header counts them. Several value columns that are not the job's range: only the
 * first is drawn and the header says so, because one bar per column per row is too busy to read.
 */
public final class BarChart {
    public enum Scale { LINEAR, LOG }

    /** {@code width}: characters a line may take; {@code colour}: ANSI colour on the bars. */
    public record Style(int width, Scale scale, boolean ascii, boolean colour) {
    }

    /** The bar area never shrinks below this while long labels can be cut instead. */
    static final int MIN_BAR = 20;
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static final String FULL = "█";

    private BarChart() {
    }

    /** Draws {@code values} (numeric columns); {@code range}: they are [from, to], one bar between them. */
    public static String draw(ResultTable table, List<String> values, boolean range, Style style) {
        List<OutputColumn> columns = table.columns();
        int label = labelColumn(columns);
        int from = table.column(values.get(0));
        int to = range ? table.column(values.get(1)) : from;
        List<String> labels = new ArrayList<>();
        List<Double> lows = new ArrayList<>();
        List<Double> highs = new ArrayList<>();
        List<String> lowText = new ArrayList<>();
        List<String> highText = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            labels.add(shown(columns.get(label), row.get(label)));
            lows.add(number(row.get(from)));
            highs.add(number(row.get(to)));
            lowText.add(shown(columns.get(from), row.get(from)));
            highText.add(shown(columns.get(to), row.get(to)));
        }
        ChartScale scale = ChartScale.of(style.scale(), lows, highs);
        String separator = style.ascii() ? " - " : " – ";
        int lowWidth = widest(lowText);
        int valueWidth = range ? lowWidth + separator.length() + widest(highText) : lowWidth;
        // label, space, bars, space, values: cut the labels before the bars go under MIN_BAR cells.
        int room = style.width() - 2 - valueWidth;
        int labelWidth = Math.max(1, widest(labels));
        if (room - labelWidth < MIN_BAR) {
            labelWidth = Math.max(4, room - MIN_BAR);
        }
        int bars = Math.max(1, room - labelWidth);

        StringBuilder header = new StringBuilder(header(columns.get(label), values, range, style.scale()));
        int skipped = 0;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            double f0 = scale.fraction(lows.get(i));
            double f1 = scale.fraction(highs.get(i));
            String bar = "";
            if (Double.isNaN(f0) || Double.isNaN(f1)) {
                skipped++;
            } else {
                bar = range ? rangeBar(Math.min(f0, f1), Math.max(f0, f1), bars, style.ascii())
                        : bar(f0, bars, style.ascii());
            }
            String glyphs = bar.stripLeading();
            String coloured = style.colour() && !glyphs.isEmpty()
                    ? bar.substring(0, bar.length() - glyphs.length()) + "\u001b[36m" + glyphs + "\u001b[0m" : bar;
            String value = range ? pad(lowText.get(i), lowWidth, true) + separator + highText.get(i) : lowText.get(i);
            lines.add((pad(cut(labels.get(i), labelWidth, style.ascii()), labelWidth, false) + " " + coloured
                    + " ".repeat(bars - width(bar)) + " " + pad(value, valueWidth, true)).stripTrailing());
        }
        if (skipped > 0) {
            header.append("; ").append(skipped).append(skipped == 1 ? " row" : " rows").append(" without a bar (empty")
                    .append(style.scale() == Scale.LOG ? ", zero or negative)" : " or negative)");
        }
        StringBuilder out = wrap(header.toString(), style.width());
        lines.forEach(line -> out.append(line).append('\n'));
        scale.axisLines(out, labelWidth, bars, style.ascii());
        return out.toString();
    }

    /** The first text column names the bars; a job without one is labelled by its first column. */
    static int labelColumn(List<OutputColumn> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).type().isNumeric()) {
                return i;
            }
        }
        return 0;
    }

    private static String header(OutputColumn label, List<String> values, boolean range, Scale scale) {
        String drawn = range ? values.get(0) + " to " + values.get(1) : values.get(0);
        String header = drawn + " by " + label.name() + ", " + (scale == Scale.LINEAR ? "linear scale from 0" : "log scale");
        if (!range && values.size() > 1) {
            header += "; only " + values.get(0) + " drawn (one bar per row), not " + String.join(", ", values.subList(1, values.size()));
        }
        return header;
    }

    /** The header in lines of at most {@code width}, broken at spaces. */
    private static StringBuilder wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (text.length() - start > width) {
            int space = text.lastIndexOf(' ', start + width);
            int end = space > start ? space : start + width;
            out.append(text, start, end).append('\n');
            start = space > start ? end + 1 : end;
        }
        return out.append(text.substring(start)).append('\n');
    }

    /** round(f * W * 8) eighths from the first cell; ASCII: round(f * W) whole cells. */
    static String bar(double f, int cells, boolean ascii) {
        if (ascii) {
            return "#".repeat((int) Math.round(f * cells));
        }
        long eighths = Math.round(f * cells * 8);
        return FULL.repeat((int) (eighths / 8)) + EIGHTHS[(int) (eighths % 8)];
    }

    /** From cell floor(f0 * W) (whole cells) to round(f1 * W * 8) eighths, at least one eighth. */
    static String rangeBar(double f0, double f1, int cells, boolean ascii) {
        int start = Math.min(cells - 1, (int) Math.floor(f0 * cells));
        if (ascii) {
            int end = Math.max(start + 1, (int) Math.round(f1 * cells));
            return " ".repeat(start) + "=".repeat(end - start);
        }
        long eighths = Math.max(start * 8L + 1, Math.round(f1 * cells * 8));
        return " ".repeat(start) + FULL.repeat((int) (eighths / 8) - start) + EIGHTHS[(int) (eighths % 8)];
    }

    private static Double number(Object value) {
        return value instanceof Long n ? Double.valueOf(n) : value instanceof BigDecimal d ? d.doubleValue() : null;
    }

    /** As the table prints it: grouped digits, a decimal's declared scale, no line breaks. */
    private static String shown(OutputColumn column, Object value) {
        if (value instanceof Long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        if (value instanceof BigDecimal d) {
            int scale = Math.max(0, column.scale());
            return String.format(Locale.ROOT, "%,." + scale + "f", d.setScale(scale, RoundingMode.HALF_UP));
        }
        return value == null ? "" : ((String) value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String cut(String text, int max, boolean ascii) {
        if (width(text) <= max) {
            return text;
        }
        String ellipsis = ascii ? "..." : "…";
        return text.substring(0, text.offsetByCodePoints(0, max - ellipsis.length())) + ellipsis;
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - width(text)));
        return right ? padding + text : text + padding;
    }

    private static int widest(List<String> texts) {
        return texts.stream().mapToInt(BarChart::width).max().orElse(0);
    }

    // Code points: a character outside the BMP is two chars but one cell.
    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
