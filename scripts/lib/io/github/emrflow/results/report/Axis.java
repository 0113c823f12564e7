package io.github.emrflow.results.report;

import io.github.emrflow.results.Ticks;
import java.math.BigDecimal;
import java.util.List;

/**
 * A linear scale from 0 to a nice top (1, 2 or 5 x 10^n steps, at most five of them) laid over a
 * fixed bar area of an SVG picture: {@code x(v) = left + width * v / top}, with the ticks of
 * {@link Ticks}, like the terminal chart.
 */
record Axis(double left, double width, double top, List<Double> ticks) {

    static Axis of(double max, double left, double width) {
        List<Double> ticks = Ticks.linear(max).stream().map(BigDecimal::doubleValue).toList();
        return new Axis(left, width, ticks.get(ticks.size() - 1), ticks);
    }

    /** Where v lies: clamped to the bar area, so a value past the top (never, by construction) stays inside. */
    double x(double v) {
        return left + width * Math.max(0, Math.min(1, v / top));
    }

    /** Grid lines and tick labels above the rows, which start at {@code y0} and end at {@code y1}. */
    void draw(StringBuilder svg, double y0, double y1, String unit) {
        svg.append("<g class=\"axis\">");
        for (double t : ticks) {
            String x = Html.px(x(t));
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(Html.px(y0 - 4))
                    .append("\" y2=\"").append(Html.px(y1)).append("\"/>");
            svg.append("<text x=\"").append(x).append("\" y=\"").append(Html.px(y0 - 8)).append("\" text-anchor=\"middle\">")
                    .append(Html.escape(Html.tick(t) + unit)).append("</text>");
        }
        svg.append("</g>");
    }
}
