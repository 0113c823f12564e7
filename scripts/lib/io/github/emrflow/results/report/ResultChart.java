package io.github.emrflow.results.report;

import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultTable;

import java.math.BigDecimal;
import java.util.List;

/**
 * The result table as an inline SVG bar chart: one {@code <rect>} per row on a linear scale from 0,
 * a range bar from/to when the job declares a chart range (else a bar of its first numeric column),
 * each row in a {@code <g>} whose {@code <title>} is its tooltip. Geometry, which tests check exactly:
 * row i's bar is {@code HEIGHT} high at {@code y = TOP + i * ROW + 3}; it spans
 * {@code x(from)} to {@code x(to)} where {@code x(v) = LABEL + BARS * v / top} (see {@link Axis}), and
 * is at least {@code MIN_WIDTH} wide, so that an empty range (from = to) stays visible.
 * A long table is drawn as one SVG per {@link HtmlReport#ROWS_PER_PAGE} rows on the same scale (row i
 * of each counted from its own top): a picture taller than a printed page is sliced across pages,
 * and chromium then ignores the forced page break before the table that follows it.
 * A row whose value is empty or negative gets no bar; its tooltip says so.
 */
final class ResultChart {
    static final double LABEL = 230;
    static final double BARS = 560;
    static final double VALUES = 170;
    static final double ROW = 18;
    static final double HEIGHT = 12;
    static final double TOP = 28;
    static final double MIN_WIDTH = 2;
    private static final int LABEL_CHARS = 34;

    private ResultChart() {
    }

    /** The columns drawn: the declared range when it has two columns, else the first numeric one; empty: no chart. */
    static List<String> drawn(List<OutputColumn> columns, List<String> chartRange) {
        if (chartRange.size() == 2) {
            return chartRange;
        }
        return columns.stream().filter(c -> c.type().isNumeric()).map(OutputColumn::name).limit(1).toList();
    }

    /** The SVG, or "" when the table has no numeric column to draw. */
    static String svg(ResultTable table, List<String> chartRange) {
        List<OutputColumn> columns = table.columns();
        List<String> drawn = drawn(columns, chartRange);
        if (drawn.isEmpty()) {
            return "";
        }
        int label = labelColumn(columns);
        int from = table.column(drawn.get(0));
        int to = table.column(drawn.get(drawn.size() - 1));
        double max = 0;
        for (List<Object> row : table.rows()) {
            max = Math.max(max, Math.max(number(row.get(from)), number(row.get(to))));
        }
        Axis axis = Axis.of(max, LABEL, BARS);
        StringBuilder svg = new StringBuilder();
        for (int first = 0; first < table.size(); first += HtmlReport.ROWS_PER_PAGE) {
            int n = Math.min(HtmlReport.ROWS_PER_PAGE, table.size() - first);
            double height = TOP + n * ROW + 6;
            svg.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(Html.px(LABEL + BARS + VALUES)).append(' ')
                    .append(Html.px(height)).append("\" width=\"").append(Html.px(LABEL + BARS + VALUES)).append("\" height=\"")
                    .append(Html.px(height)).append("\" aria-label=\"").append(Html.escape(caption(columns.get(label), drawn)))
                    .append(first == 0 && n == table.size() ? "" : ", rows " + (first + 1) + " to " + (first + n)).append("\">");
            axis.draw(svg, TOP, TOP + n * ROW, "");
            for (int i = 0; i < n; i++) {
                row(svg, table.rows().get(first + i), TOP + i * ROW, columns, label, from, to, drawn.size() == 2, axis);
            }
            svg.append("</svg>");
        }
        return svg.toString();
    }

    private static void row(StringBuilder svg, List<Object> row, double y, List<OutputColumn> columns, int label, int from, int to,
                            boolean range, Axis axis) {
        String name = Html.shown(columns.get(label), row.get(label));
        String value = range ? Html.shown(columns.get(from), row.get(from)) + " – " + Html.shown(columns.get(to), row.get(to))
                : Html.shown(columns.get(from), row.get(from));
        double hi = number(row.get(to));
        // A single value is a bar from 0; a range, from its low to its high.
        double lo = range ? number(row.get(from)) : (hi >= 0 ? 0 : -1);
        boolean drawable = lo >= 0 && hi >= 0;
        svg.append("<g class=\"row\"><title>").append(Html.escape(name + ": " + value + (drawable ? "" : " (no bar: empty or negative)")))
                .append("</title>");
        svg.append("<text class=\"label\" x=\"").append(Html.px(LABEL - 8)).append("\" y=\"").append(Html.px(y + 13))
                .append("\" text-anchor=\"end\">").append(Html.escape(cut(name))).append("</text>");
        if (drawable) {
            double x0 = axis.x(Math.min(lo, hi));
            double x1 = axis.x(Math.max(lo, hi));
            svg.append("<rect x=\"").append(Html.px(x0)).append("\" y=\"").append(Html.px(y + 3)).append("\" width=\"")
                    .append(Html.px(Math.max(MIN_WIDTH, x1 - x0))).append("\" height=\"").append(Html.px(HEIGHT)).append("\"/>");
        }
        svg.append("<text class=\"value\" x=\"").append(Html.px(LABEL + BARS + 8)).append("\" y=\"").append(Html.px(y + 13))
                .append("\">").append(Html.escape(value)).append("</text></g>");
    }

    static String caption(OutputColumn label, List<String> drawn) {
        return String.join(" to ", drawn) + " by " + label.name() + ", linear scale from 0";
    }

    /** The first text column names the bars; a job without one is labelled by its first column. */
    private static int labelColumn(List<OutputColumn> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).type().isNumeric()) {
                return i;
            }
        }
        return 0;
    }

    /** A value on the scale; -1 (no bar) for an empty number. */
    private static double number(Object value) {
        if (value instanceof Long n) {
            return n;
        }
        return value instanceof BigDecimal d ? d.doubleValue() : -1;
    }

    private static String cut(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "…";
    }
}
