package io.github.emrflow.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The graph of a flat ASL state machine: its states in document order and every transition
 * between them (Next, each Choice, Default, each Catch), each target checked. One model for every
 * picture of the workflow, so the docs' Mermaid ({@link WorkflowDiagram}) and the report page's SVG
 * cannot disagree about what the workflow is. Only flat machines: emrflow has no Map or Parallel.
 */
public record WorkflowGraph(String startAt, List<State> states, List<Edge> edges) {
    /** How a transition is taken: the solid ones are the workflow's own flow, CATCH is an error's. */
    public enum Kind {
        NEXT, CHOICE, DEFAULT, CATCH
    }

    /**
     * One state.
     *
     * @param integration a Task's service integration (its Resource without the arn:PARTITION:states::: prefix), else null
     * @param ends        whether the execution can end here (Succeed, Fail, or End: true)
     */
    public record State(String name, String type, String integration, boolean ends) {
        public boolean isChoice() {
            return type.equals("Choice");
        }

        public boolean isTerminal() {
            return type.equals("Succeed") || type.equals("Fail");
        }
    }

    /** A transition; {@code label} is the condition of a Choice, the errors of a Catch, "Default", or null for Next. */
    public record Edge(String from, String to, Kind kind, String label) {
    }

    public WorkflowGraph {
        states = List.copyOf(states);
        edges = List.copyOf(edges);
    }

    /** The graph of a parsed ASL definition; a transition to a state that does not exist is an error. */
    public static WorkflowGraph of(JsonNode asl) {
        JsonNode states = asl.path("States");
        String startAt = target(states, "StartAt", asl.path("StartAt"));
        List<State> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode state = e.getValue();
            String type = state.path("Type").asText();
            String integration = type.equals("Task") ? state.path("Resource").asText().replaceFirst("^arn:[^:]+:states:::", "") : null;
            nodes.add(new State(name, type, integration,
                    type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false)));
            String where = "state " + name + ": ";
            add(edges, name, target(states, where + "Next", state.get("Next")), Kind.NEXT, null);
            for (JsonNode choice : state.path("Choices")) {
                add(edges, name, target(states, where + "Choices[].Next", choice.get("Next")), Kind.CHOICE, condition(choice));
            }
            add(edges, name, target(states, where + "Default", state.get("Default")), Kind.DEFAULT, "Default");
            for (JsonNode c : state.path("Catch")) {
                List<String> errors = new ArrayList<>();
                c.path("ErrorEquals").forEach(err -> errors.add(err.asText()));
                add(edges, name, target(states, where + "Catch[].Next", c.get("Next")), Kind.CATCH, "catch " + String.join(", ", errors));
            }
        }
        return new WorkflowGraph(startAt, nodes, edges);
    }

    public Optional<State> state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The transitions leaving {@code state}, in the order the ASL gives them. */
    public List<Edge> from(String state) {
        return edges.stream().filter(e -> e.from().equals(state)).toList();
    }

    private static void add(List<Edge> edges, String from, String to, Kind kind, String label) {
        if (to != null) {
            edges.add(new Edge(from, to, kind, label));
        }
    }

    /** A short condition: the Variable and its operator, or the combinator (And, Or, Not) or JSONata Condition. */
    private static String condition(JsonNode choice) {
        for (Iterator<String> it = choice.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("Variable") && !field.equals("Next") && !field.equals("Comment")) {
                return choice.has("Variable") ? choice.path("Variable").asText() + " " + field : field;
            }
        }
        return "?";
    }

    /** The target state of a transition, checked: a dangling Next would draw an edge to nowhere. */
    private static String target(JsonNode states, String where, JsonNode next) {
        if (next == null || next.isNull() || next.isMissingNode()) {
            return null;
        }
        if (!states.has(next.asText())) {
            throw new IllegalArgumentException(where + " points to \"" + next.asText() + "\", which is not a state");
        }
        return next.asText();
    }
}
