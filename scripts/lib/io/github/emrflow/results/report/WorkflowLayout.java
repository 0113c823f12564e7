package io.github.emrflow.results.report;

import io.github.emrflow.render.WorkflowGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each state of a workflow goes in a top-down picture: a grid cell (layer, column). Layers
 * follow the longest path from the start, so every transition that is not a loop points down; a
 * state continues the column of its first predecessor through Next, Choice or Default, so the main
 * path reads as one straight line and a state reached only by a Catch (the cleanup) opens a column
 * of its own to the right. Loops (a transition back to a state on the way) are left out of the
 * layering and drawn as they fall. Layer 0 is the start marker; each state where the execution can
 * end has an end marker of its own below it, so no line to a shared one crosses the picture.
 */
record WorkflowLayout(Map<String, Cell> cells, int layers, int columns, Cell start, Map<String, Cell> ends, Set<WorkflowGraph.Edge> loops) {
    /** A grid position. */
    record Cell(int layer, int column) {
    }

    static WorkflowLayout of(WorkflowGraph graph) {
        Set<WorkflowGraph.Edge> loops = new HashSet<>();
        List<String> order = topologicalOrder(graph, loops);
        Map<String, Integer> layer = new HashMap<>();
        for (String name : order) {
            int l = 1;
            for (WorkflowGraph.Edge e : graph.edges()) {
                if (e.to().equals(name) && !loops.contains(e) && layer.containsKey(e.from())) {
                    l = Math.max(l, layer.get(e.from()) + 1);
                }
            }
            layer.put(name, l);
        }
        Map<String, Cell> cells = new HashMap<>();
        Set<Cell> taken = new HashSet<>();
        Set<String> handedOn = new HashSet<>();
        int columns = 0;
        for (String name : order) {
            // The nearest predecessor through a solid transition hands on its column, once: a second branch opens its own.
            String parent = null;
            for (WorkflowGraph.Edge e : graph.edges()) {
                if (e.to().equals(name) && e.kind() != WorkflowGraph.Kind.CATCH && !loops.contains(e) && cells.containsKey(e.from())
                        && (parent == null || layer.get(e.from()) > layer.get(parent))) {
                    parent = e.from();
                }
            }
            int column = parent != null && handedOn.add(parent) ? cells.get(parent).column() : cells.isEmpty() ? 0 : columns;
            while (taken.contains(new Cell(layer.get(name), column))) {
                column++;
            }
            Cell cell = new Cell(layer.get(name), column);
            taken.add(cell);
            cells.put(name, cell);
            columns = Math.max(columns, column + 1);
        }
        Cell start = new Cell(0, graph.startAt() == null ? 0 : cells.get(graph.startAt()).column());
        Map<String, Cell> ends = new java.util.LinkedHashMap<>();
        for (WorkflowGraph.State s : graph.states()) {
            if (s.ends()) {
                Cell below = new Cell(cells.get(s.name()).layer() + 1, cells.get(s.name()).column());
                while (taken.contains(below)) {
                    below = new Cell(below.layer() + 1, below.column());
                }
                taken.add(below);
                ends.put(s.name(), below);
            }
        }
        int layers = taken.stream().mapToInt(Cell::layer).max().orElse(0) + 1;
        return new WorkflowLayout(Map.copyOf(cells), layers, Math.max(1, columns), start, ends, Set.copyOf(loops));
    }

    /**
     * The states in an order where each comes after everything that leads to it, loops aside: a
     * depth-first walk from the start (then from any state it does not reach, in document order),
     * whose reversed finishing order is topological; an edge to a state still on the walk's stack
     * closes a loop and is collected in {@code loops}.
     */
    private static List<String> topologicalOrder(WorkflowGraph graph, Set<WorkflowGraph.Edge> loops) {
        List<String> finished = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> roots = new LinkedHashSet<>();
        if (graph.startAt() != null) {
            roots.add(graph.startAt());
        }
        graph.states().forEach(s -> roots.add(s.name()));
        for (String root : roots) {
            walk(graph, root, seen, new HashSet<>(), finished, loops);
        }
        List<String> order = new ArrayList<>(finished);
        java.util.Collections.reverse(order);
        return order;
    }

    private static void walk(WorkflowGraph graph, String state, Set<String> seen, Set<String> onStack, List<String> finished,
                             Set<WorkflowGraph.Edge> loops) {
        if (!seen.add(state)) {
            return;
        }
        onStack.add(state);
        for (WorkflowGraph.Edge e : graph.from(state)) {
            if (onStack.contains(e.to())) {
                loops.add(e);
            } else {
                walk(graph, e.to(), seen, onStack, finished, loops);
            }
        }
        onStack.remove(state);
        finished.add(state);
    }
}
