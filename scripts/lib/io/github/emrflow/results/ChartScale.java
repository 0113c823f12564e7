package io.github.emrflow.results;

import io.github.emrflow.results.BarChart.Scale;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The shared scale of a {@link BarChart}: where a value lies on it, its nice ticks, and the axis
 * drawn under the bars.
 *
 * <p>A value's fraction of the scale is {@code f = v / M} (linear; M is the top tick, a nice number
 * at least the largest value) or {@code f = (log10 v - log10 lo) / (log10 hi - log10 lo)} (log; lo
 * and hi are the powers of ten around the positive values). A tick is drawn in the cell where a bar
 * of the tick's value ends (the first cell for 0), so a bar that reaches a tick ends under its mark.
 * Hence {@code lo} and {@code hi}: 0 and M (linear), or the exponents of those powers of ten (log).
 */
record ChartScale(Scale scale, double lo, double hi, List<BigDecimal> ticks) {

    /** The scale for these values: linear from 0 or log; nulls and values the scale cannot show are ignored. */
    static ChartScale of(Scale scale, List<Double> lows, List<Double> highs) {
        return scale == Scale.LINEAR ? linear(lows, highs) : log(lows, highs);
    }

    /** Where v lies on the scale, 0 to 1; NaN when this scale cannot show it. */
    double fraction(Double v) {
        if (v == null || v < 0 || (scale == Scale.LOG && v <= 0)) {
            return Double.NaN;
        }
        double f = scale == Scale.LINEAR ? v / hi : (Math.log10(v) - lo) / (hi - lo);
        return Math.min(1, Math.max(0, f));
    }

    /** 0 to the first nice top (1, 2 or 5 x 10^n steps) that needs at most five steps: 3 to 6 ticks. */
    private static ChartScale linear(List<Double> lows, List<Double> highs) {
        double max = 0;
        for (List<Double> list : List.of(lows, highs)) {
            for (Double v : list) {
                max = v != null && v > max ? v : max;
            }
        }
        List<BigDecimal> ticks = Ticks.linear(max);
        return new ChartScale(Scale.LINEAR, 0, ticks.get(ticks.size() - 1).doubleValue(), ticks);
    }

    /** Powers of ten around the positive values (every 2nd, 3rd... when there are many); 2x and 5x within two decades. */
    private static ChartScale log(List<Double> lows, List<Double> highs) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (List<Double> list : List.of(lows, highs)) {
            for (Double v : list) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        int lo = max > 0 ? (int) Math.floor(Math.log10(min)) : 0;
        int hi = max > 0 ? Math.max(lo + 1, (int) Math.ceil(Math.log10(max))) : 1;
        int every = (hi - lo + 4) / 5;
        hi = lo + every * ((hi - lo + every - 1) / every);
        List<BigDecimal> ticks = new ArrayList<>();
        for (int e = lo; e <= hi; e += every) {
            ticks.add(BigDecimal.ONE.scaleByPowerOfTen(e));
            if (hi - lo <= 2 && e < hi) {
                ticks.add(BigDecimal.valueOf(2).scaleByPowerOfTen(e));
                ticks.add(BigDecimal.valueOf(5).scaleByPowerOfTen(e));
            }
        }
        return new ChartScale(Scale.LOG, lo, hi, ticks);
    }

    /** The cell a bar of value t ends in, where its tick is drawn: the same rounding as BarChart.bar. */
    private int tickCell(BigDecimal tick, int cells) {
        long eighths = Math.round(fraction(tick.doubleValue()) * cells * 8);
        return (int) Math.max(0, Math.min(cells - 1, (eighths + 7) / 8 - 1));
    }

    /** The axis with a mark per tick, then the tick labels: first and last flush with their marks, others centred. */
    void axisLines(StringBuilder out, int labelWidth, int cells, boolean ascii) {
        char[] line = (ascii ? "-" : "─").repeat(cells).toCharArray();
        char[] text = " ".repeat(cells + 2).toCharArray();
        int last = ticks.size() - 1;
        // The ends first, so that the scale's range is always labelled; then the others where they fit.
        for (int i : IntStream.concat(IntStream.of(0, last),
                IntStream.range(1, last)).toArray()) {
            int cell = tickCell(ticks.get(i), cells);
            line[cell] = ascii ? '+' : '┬';
            String label = tickLabel(ticks.get(i));
            int start = i == 0 ? cell : i == last ? cell - label.length() + 1 : cell - label.length() / 2;
            start = Math.max(0, Math.min(cells - label.length(), start));
            // text has a blank cell each side of the axis, so "touches a label" is one test: its mark stays.
            if (label.length() <= cells && new String(text, start, label.length() + 2).isBlank()) {
                label.getChars(0, label.length(), text, start + 1);
            }
        }
        String indent = " ".repeat(labelWidth + 1);
        out.append(indent).append(line).append('\n').append((indent + new String(text, 1, cells)).stripTrailing()).append('\n');
    }

    private static String tickLabel(BigDecimal tick) {
        BigDecimal t = tick.stripTrailingZeros();
        return t.scale() <= 0 ? String.format(Locale.ROOT, "%,d", t.toBigInteger())
                : String.format(Locale.ROOT, "%,." + t.scale() + "f", t);
    }
}
