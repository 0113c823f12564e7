package io.github.emrflow.results.report;

import io.github.emrflow.job.OutputColumn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Escaping and number formatting shared by the page and its SVG pictures. */
final class Html {
    private Html() {
    }

    /** Text safe in element content and in double-quoted attributes alike. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate: at most two decimals and no trailing zeros, so tests can compare exact numbers. */
    static String px(double value) {
        return BigDecimal.valueOf(Math.round(value * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** A value as people read it: grouped digits, a decimal at its declared scale, empty for a missing number. */
    static String shown(OutputColumn column, Object value) {
        if (value instanceof Long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        if (value instanceof BigDecimal d) {
            int scale = Math.max(0, column.scale());
            return String.format(Locale.ROOT, "%,." + scale + "f", d.setScale(scale, RoundingMode.HALF_UP));
        }
        return value == null ? "" : value.toString();
    }

    /** A value as the sorting script compares it: the plain number, or the text itself. */
    static String plain(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value == null ? "" : value.toString();
    }

    /** A tick label: grouped digits, decimals only when the tick has them. */
    static String tick(double value) {
        BigDecimal t = BigDecimal.valueOf(value).stripTrailingZeros();
        return t.scale() <= 0 ? String.format(Locale.ROOT, "%,d", t.toBigInteger())
                : String.format(Locale.ROOT, "%,." + t.scale() + "f", t);
    }

    /** A duration for people: 0.04 s, 12.9 s, 3 min 05 s (two decimals below a second, where states often are). */
    static String duration(double seconds) {
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
