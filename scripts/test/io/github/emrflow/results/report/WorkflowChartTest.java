package io.github.emrflow.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.TestProjects;
import io.github.emrflow.render.WorkflowDiagram;
import io.github.emrflow.render.WorkflowGraph;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The workflow picture of the report page: every state and transition of the ASL drawn, the run's
 * path (from its timeline) highlighted and nothing else, a failed state marked, boxes that do not
 * overlap. On a small hand-written machine, and on every variant the real templates render. Its
 * parsers of the picture serve ReportInBrowserTest too.
 */
public class WorkflowChartTest {
    private static final Pattern STATE = Pattern.compile("<g class=\"state ([^\"]*)\" data-state=\"([^\"]*)\"><title>[^<]*</title>"
            + "<rect x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"");
    private static final Pattern EDGE = Pattern.compile("<g class=\"edge ([^\"]*)\" data-from=\"([^\"]*)\" data-to=\"([^\"]*)\">");

    /** A state as drawn: its classes and its box. */
    public record Drawn(Set<String> classes, double x, double y, double w, double h) {
    }

    public static Map<String, Drawn> states(String svg) {
        Map<String, Drawn> found = new LinkedHashMap<>();
        Matcher m = STATE.matcher(svg);
        while (m.find()) {
            found.put(m.group(2), new Drawn(Set.of(m.group(1).split(" ")), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6))));
        }
        assertThat(svg.split("<g class=\"state ", -1).length - 1).as("every state parsed").isEqualTo(found.size());
        return found;
    }

    /** Each transition drawn, as "from>to kind[ taken]". */
    public static List<String> edges(String svg) {
        List<String> found = new ArrayList<>();
        Matcher m = EDGE.matcher(svg);
        while (m.find()) {
            found.add(m.group(2) + ">" + m.group(3) + " " + m.group(1));
        }
        return found;
    }

    public static Set<String> withClass(Map<String, Drawn> states, String css) {
        Set<String> names = new HashSet<>();
        states.forEach((name, d) -> {
            if (d.classes().contains(css)) {
                names.add(name);
            }
        });
        return names;
    }

    private static final WorkflowGraph SMALL = WorkflowGraph.of(parse("""
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Tidy"}]},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}], "Default": "Work"},
              "Done": {"Type": "Succeed"},
              "Tidy": {"Type": "Pass", "Next": "Failed"},
              "Failed": {"Type": "Fail", "Error": "X"}}}
            """));

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSuccessfulRunHighlightsExactlyTheStatesAndTransitionsItWentThrough() {
        // Work, Check said "again", Work, Check, Done: the loop back is taken too.
        List<Span> path = List.of(new Span("Work", 0, 1, false), new Span("Check", 1, 1, false), new Span("Work", 1, 2, false),
                new Span("Check", 2, 2, false), new Span("Done", 2, 2, false));
        String svg = WorkflowChart.svg(SMALL, path, true);
        Map<String, Drawn> states = states(svg);
        assertThat(states.keySet()).containsExactly("Work", "Check", "Done", "Tidy", "Failed");
        assertThat(withClass(states, "entered")).containsExactlyInAnyOrder("Work", "Check", "Done");
        assertThat(withClass(states, "failed")).isEmpty();
        assertThat(edges(svg)).containsExactly("start>Work next taken", "Work>Check next taken", "Work>Tidy catch",
                "Check>Done choice taken", "Check>Work default taken", "Tidy>Failed next", "Done>end next taken", "Failed>end next");
        assertThat(svg).contains("<g class=\"terminal entered\"><circle").doesNotContain("url(");
    }

    @Test
    void aFailedRunHighlightsItsCleanupPathAndMarksTheFailedStates() {
        List<Span> path = List.of(new Span("Work", 0, 1, true), new Span("Tidy", 1, 2, false), new Span("Failed", 2, 2, true));
        String svg = WorkflowChart.svg(SMALL, path, true);
        Map<String, Drawn> states = states(svg);
        assertThat(withClass(states, "entered")).containsExactlyInAnyOrder("Work", "Tidy", "Failed");
        assertThat(withClass(states, "failed")).containsExactlyInAnyOrder("Work", "Failed");
        assertThat(edges(svg)).containsExactly("start>Work next taken", "Work>Check next", "Work>Tidy catch taken", "Check>Done choice",
                "Check>Work default", "Tidy>Failed next taken", "Done>end next", "Failed>end next taken");
        assertThat(svg).contains(">✕ Work</text>", ">✕ Failed</text>", ">Tidy</text>");
    }

    @Test
    void aRunStillGoingHasNoWayToTheEndYet() {
        String svg = WorkflowChart.svg(SMALL, List.of(new Span("Work", 0, 1, false)), false);
        assertThat(withClass(states(svg), "entered")).containsExactly("Work");
        assertThat(edges(svg)).filteredOn(e -> e.endsWith("taken")).containsExactly("start>Work next taken");
    }

    /**
     * Every variant of the real workflow: each state drawn once in a box of its own, each transition
     * of the ASL drawn, and the path a run takes when nothing fails (derived from the ASL itself:
     * Next after Next from StartAt to the end) highlighted and nothing else.
     */
    @Test
    void everyVariantOfTheRealWorkflowIsDrawnWithItsHappyPath() {
        for (WorkflowDiagram.Variant variant : WorkflowDiagram.VARIANTS) {
            WorkflowGraph graph = WorkflowDiagram.graphForTemplates(TestProjects.repo(), variant);
            List<Span> happy = new ArrayList<>();
            for (String s = graph.startAt(); s != null; ) {
                happy.add(new Span(s, happy.size(), happy.size() + 1, false));
                // A Choice on the way (HasRunId) takes its first rule: run.java's input has a run id.
                s = graph.from(s).stream().filter(e -> e.kind() == WorkflowGraph.Kind.NEXT || e.kind() == WorkflowGraph.Kind.CHOICE)
                        .map(WorkflowGraph.Edge::to).findFirst().orElse(null);
            }
            assertThat(graph.state(happy.get(happy.size() - 1).name()).orElseThrow().ends()).as(variant.name()).isTrue();
            String svg = WorkflowChart.svg(graph, happy, true);
            Map<String, Drawn> states = states(svg);
            assertThat(states.keySet()).as(variant.name()).containsExactlyElementsOf(graph.states().stream().map(WorkflowGraph.State::name).toList());
            assertThat(withClass(states, "entered")).as(variant.name())
                    .containsExactlyInAnyOrderElementsOf(happy.stream().map(Span::name).toList());
            List<String> edges = edges(svg);
            for (WorkflowGraph.Edge e : graph.edges()) {
                assertThat(edges).as(variant.name()).anyMatch(d -> d.startsWith(e.from() + ">" + e.to() + " " + e.kind().name().toLowerCase()));
            }
            assertThat(edges.stream().filter(e -> e.endsWith(" taken")).count()).as("start, each Next or Choice of the path, end")
                    .isEqualTo(happy.size() + 1);
            List<Drawn> boxes = List.copyOf(states.values());
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    Drawn a = boxes.get(i);
                    Drawn b = boxes.get(j);
                    boolean apart = a.x() + a.w() <= b.x() || b.x() + b.w() <= a.x() || a.y() + a.h() <= b.y() || b.y() + b.h() <= a.y();
                    assertThat(apart).as(variant.name() + ": boxes " + i + " and " + j + " overlap").isTrue();
                }
            }
        }
    }
}
