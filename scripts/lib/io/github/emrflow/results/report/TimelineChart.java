package io.github.emrflow.results.report;

import java.util.List;

/**
 * A run's timeline as an inline SVG: one bar per span from its start to its end on a seconds axis,
 * failed spans drawn in the failure colour with a "failed" mark after the bar; each row's
 * {@code <title>} gives the exact times. A span shorter than a pixel is still drawn one pixel wide.
 */
final class TimelineChart {
    static final double LABEL = 230;
    static final double BARS = 560;
    static final double VALUES = 170;
    static final double ROW = 22;
    static final double HEIGHT = 14;
    static final double TOP = 28;

    private TimelineChart() {
    }

    static String svg(List<Span> spans) {
        if (spans.isEmpty()) {
            return "";
        }
        double end = spans.stream().mapToDouble(Span::end).max().orElse(0);
        Axis axis = Axis.of(end, LABEL, BARS);
        double height = TOP + spans.size() * ROW + 6;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(Html.px(LABEL + BARS + VALUES)).append(' ')
                .append(Html.px(height)).append("\" width=\"").append(Html.px(LABEL + BARS + VALUES)).append("\" height=\"")
                .append(Html.px(height)).append("\" aria-label=\"the run's states over time, in seconds\">");
        axis.draw(svg, TOP, TOP + spans.size() * ROW, " s");
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            double y = TOP + i * ROW;
            double x0 = axis.x(s.start());
            double width = Math.max(1, axis.x(s.end()) - x0);
            String tip = s.name() + ": " + Html.duration(s.start()) + " to " + Html.duration(s.end()) + " (" + Html.duration(s.seconds()) + ")"
                    + (s.failed() ? ", failed" : "");
            svg.append("<g class=\"span").append(s.failed() ? " failed" : "").append("\"><title>").append(Html.escape(tip)).append("</title>");
            svg.append("<text class=\"label\" x=\"").append(Html.px(LABEL - 8)).append("\" y=\"").append(Html.px(y + 15))
                    .append("\" text-anchor=\"end\">").append(Html.escape(s.name())).append("</text>");
            svg.append("<rect x=\"").append(Html.px(x0)).append("\" y=\"").append(Html.px(y + 4)).append("\" width=\"")
                    .append(Html.px(width)).append("\" height=\"").append(Html.px(HEIGHT)).append("\"/>");
            svg.append("<text class=\"value\" x=\"").append(Html.px(x0 + width + 6)).append("\" y=\"").append(Html.px(y + 15)).append("\">")
                    .append(Html.escape((s.failed() ? "✕ failed, " : "") + Html.duration(s.seconds()))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }
}
