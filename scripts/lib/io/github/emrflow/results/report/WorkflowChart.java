package io.github.emrflow.results.report;

import io.github.emrflow.render.WorkflowGraph;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workflow as an inline SVG, laid out by {@link WorkflowLayout}, with the run's path through it:
 * each state the execution entered has the class {@code entered}, each transition it took
 * {@code taken}, and a state where something failed (a task's error, a Fail state) {@code failed}.
 * The path comes from the timeline (the execution history), the states and transitions from the
 * ASL the execution ran, so nothing here knows emrflow's own states. Every state is a
 * {@code <g class="state ..." data-state="NAME">}, every transition a
 * {@code <g class="edge KIND ..." data-from="A" data-to="B">} whose tooltip is its condition.
 */
final class WorkflowChart {
    static final double BOX_W = 250;
    static final double BOX_H = 38;
    static final double GAP_X = 70;
    static final double GAP_Y = 26;
    static final double MARGIN = 16;
    static final double MARKER_R = 9;
    /** Parallel transitions between the same two states are drawn this far apart. */
    private static final double PARALLEL = 8;
    private static final double ARROW = 8;

    private WorkflowChart() {
    }

    /**
     * The picture of {@code graph} with {@code path} (the timeline's spans, in the order the states
     * were entered) highlighted; {@code finished}: the execution has ended, so its last state's way
     * to the end marker is part of the path.
     */
    static String svg(WorkflowGraph graph, List<Span> path, boolean finished) {
        WorkflowLayout layout = WorkflowLayout.of(graph);
        Set<String> entered = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        for (Span s : path) {
            if (graph.state(s.name()).isPresent()) {
                entered.add(s.name());
                if (s.failed()) {
                    failed.add(s.name());
                }
            }
        }
        Set<WorkflowGraph.Edge> taken = taken(graph, path, failed);
        double width = MARGIN * 2 + layout.columns() * BOX_W + (layout.columns() - 1) * GAP_X;
        double height = MARGIN * 2 + layout.layers() * BOX_H + (layout.layers() - 1) * GAP_Y;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"workflow\" role=\"img\" viewBox=\"0 0 ").append(Html.px(width)).append(' ').append(Html.px(height))
                .append("\" width=\"").append(Html.px(width)).append("\" height=\"").append(Html.px(height))
                .append("\" aria-label=\"the workflow's states and transitions, the run's path highlighted\">");
        boolean started = !path.isEmpty() && path.get(0).name().equals(graph.startAt());
        if (graph.startAt() != null) {
            line(svg, "edge next" + (started ? " taken" : ""), "start", graph.startAt(), "start",
                    marker(layout.start()), box(layout.cells().get(graph.startAt())), 0);
        }
        String last = path.isEmpty() ? null : path.get(path.size() - 1).name();
        Map<String, Integer> parallel = new HashMap<>();
        for (WorkflowGraph.Edge e : graph.edges()) {
            String pair = e.from().compareTo(e.to()) < 0 ? e.from() + "\n" + e.to() : e.to() + "\n" + e.from();
            int k = parallel.merge(pair, 1, Integer::sum) - 1;
            String css = "edge " + e.kind().name().toLowerCase(java.util.Locale.ROOT) + (taken.contains(e) ? " taken" : "");
            line(svg, css, e.from(), e.to(), e.label(), box(layout.cells().get(e.from())), box(layout.cells().get(e.to())),
                    (k % 2 == 0 ? 1 : -1) * ((k + 1) / 2) * PARALLEL);
        }
        for (WorkflowGraph.State s : graph.states()) {
            if (s.ends()) {
                boolean took = finished && s.name().equals(last);
                line(svg, "edge next" + (took ? " taken" : ""), s.name(), "end", null, box(layout.cells().get(s.name())),
                        marker(layout.ends().get(s.name())), 0);
            }
        }
        terminal(svg, "start", layout.start(), started);
        layout.ends().forEach((state, cell) -> terminal(svg, "end", cell, finished && state.equals(last)));
        for (WorkflowGraph.State s : graph.states()) {
            state(svg, s, layout.cells().get(s.name()), entered.contains(s.name()), failed.contains(s.name()));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * The transitions the run took: between each two states entered one after the other, the Catch
     * when the first one failed (an error left it), else its Next, Choice or Default.
     */
    static Set<WorkflowGraph.Edge> taken(WorkflowGraph graph, List<Span> path, Set<String> failed) {
        Set<WorkflowGraph.Edge> taken = new LinkedHashSet<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            String from = path.get(i).name();
            String to = path.get(i + 1).name();
            List<WorkflowGraph.Edge> between = graph.from(from).stream().filter(e -> e.to().equals(to)).toList();
            boolean error = failed.contains(from);
            between.stream().filter(e -> (e.kind() == WorkflowGraph.Kind.CATCH) == error).findFirst()
                    .or(() -> between.stream().findFirst()).ifPresent(taken::add);
        }
        return taken;
    }

    private static void state(StringBuilder svg, WorkflowGraph.State s, WorkflowLayout.Cell cell, boolean entered, boolean failed) {
        double[] b = box(cell);
        String tip = s.name() + " (" + (s.integration() != null ? s.integration() : s.type()) + ")"
                + (failed ? ": failed in this run" : entered ? ": entered in this run" : ": not entered in this run");
        svg.append("<g class=\"state ").append(s.type().toLowerCase(java.util.Locale.ROOT)).append(entered ? " entered" : "")
                .append(failed ? " failed" : "").append("\" data-state=\"").append(Html.escape(s.name())).append("\"><title>")
                .append(Html.escape(tip)).append("</title>");
        double rx = s.isTerminal() ? BOX_H / 2 : s.isChoice() ? 2 : 6;
        svg.append("<rect x=\"").append(Html.px(b[0])).append("\" y=\"").append(Html.px(b[1])).append("\" width=\"").append(Html.px(BOX_W))
                .append("\" height=\"").append(Html.px(BOX_H)).append("\" rx=\"").append(Html.px(rx)).append("\"/>");
        String subtitle = s.integration() != null ? s.integration() : s.type();
        double cx = b[0] + BOX_W / 2;
        svg.append("<text class=\"name\" x=\"").append(Html.px(cx)).append("\" y=\"").append(Html.px(b[1] + 16))
                .append("\" text-anchor=\"middle\">").append(Html.escape((failed ? "✕ " : "") + s.name())).append("</text>");
        svg.append("<text class=\"kind\" x=\"").append(Html.px(cx)).append("\" y=\"").append(Html.px(b[1] + 31))
                .append("\" text-anchor=\"middle\">").append(Html.escape(subtitle)).append("</text></g>");
    }

    private static void terminal(StringBuilder svg, String name, WorkflowLayout.Cell cell, boolean reached) {
        double[] m = marker(cell);
        svg.append("<g class=\"terminal").append(reached ? " entered" : "").append("\"><circle cx=\"").append(Html.px(m[0] + MARKER_R))
                .append("\" cy=\"").append(Html.px(m[1] + MARKER_R)).append("\" r=\"").append(Html.px(MARKER_R)).append("\"/><text x=\"")
                .append(Html.px(m[0] + MARKER_R * 2 + 6)).append("\" y=\"").append(Html.px(m[1] + MARKER_R + 4)).append("\">").append(name)
                .append("</text></g>");
    }

    /** A transition: a line between the two boxes' borders, on the way from centre to centre, moved sideways by {@code shift}. */
    private static void line(StringBuilder svg, String css, String from, String to, String label, double[] a, double[] b, double shift) {
        double ax = a[0] + a[2] / 2;
        double ay = a[1] + a[3] / 2;
        double bx = b[0] + b[2] / 2;
        double by = b[1] + b[3] / 2;
        double dx = bx - ax;
        double dy = by - ay;
        double length = Math.max(1e-9, Math.hypot(dx, dy));
        double nx = -dy / length * shift;
        double ny = dx / length * shift;
        double out = exit(a[2], a[3], dx, dy);
        double in = exit(b[2], b[3], -dx, -dy);
        double x1 = ax + dx * out + nx;
        double y1 = ay + dy * out + ny;
        double x2 = bx - dx * in + nx;
        double y2 = by - dy * in + ny;
        // The arrowhead is drawn, not an SVG marker: a marker is referenced by url(#id), and the page has no url( at all.
        double ux = dx / length;
        double uy = dy / length;
        double baseX = x2 - ux * ARROW;
        double baseY = y2 - uy * ARROW;
        svg.append("<g class=\"").append(css).append("\" data-from=\"").append(Html.escape(from)).append("\" data-to=\"")
                .append(Html.escape(to)).append("\"><title>").append(Html.escape(from + " to " + to + (label == null ? "" : ": " + label)))
                .append("</title><line x1=\"").append(Html.px(x1)).append("\" y1=\"").append(Html.px(y1))
                .append("\" x2=\"").append(Html.px(baseX)).append("\" y2=\"").append(Html.px(baseY)).append("\"/><path d=\"M")
                .append(Html.px(x2)).append(',').append(Html.px(y2)).append(" L").append(Html.px(baseX - uy * ARROW / 2)).append(',')
                .append(Html.px(baseY + ux * ARROW / 2)).append(" L").append(Html.px(baseX + uy * ARROW / 2)).append(',')
                .append(Html.px(baseY - ux * ARROW / 2)).append(" Z\"/></g>");
    }

    /** The fraction of the centre-to-centre vector inside a w x h box around its centre. */
    private static double exit(double w, double h, double dx, double dy) {
        double tx = dx == 0 ? Double.MAX_VALUE : (w / 2) / Math.abs(dx);
        double ty = dy == 0 ? Double.MAX_VALUE : (h / 2) / Math.abs(dy);
        return Math.min(1, Math.min(tx, ty));
    }

    /** A state's box: x, y, width, height. */
    private static double[] box(WorkflowLayout.Cell cell) {
        return new double[] {MARGIN + cell.column() * (BOX_W + GAP_X), MARGIN + cell.layer() * (BOX_H + GAP_Y), BOX_W, BOX_H};
    }

    /** A start or end marker's bounding square, centred in its cell. */
    private static double[] marker(WorkflowLayout.Cell cell) {
        double[] b = box(cell);
        return new double[] {b[0] + BOX_W / 2 - MARKER_R, b[1] + BOX_H / 2 - MARKER_R, MARKER_R * 2, MARKER_R * 2};
    }
}
