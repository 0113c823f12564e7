package io.github.emrflow.render;

import io.github.emrflow.config.Config;
import io.github.emrflow.job.JobDefinitionLoader;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Draws the rendered state machine as Mermaid, so the diagram in docs/state-machine.md is the
 * ASL's and not a drawing that drifts from it. WorkflowDiagramTest fails when the doc's blocks differ
 * from what this produces from templates/ now; {@link #main} rewrites them.
 *
 * <p>It draws a {@code flowchart TD}, not a {@code stateDiagram-v2}: a state diagram's labels
 * cannot hold a colon (so no {@code emr-serverless:startJobRun.sync}) and it has no dashed
 * transitions. A flowchart quotes any label, draws Choice states as diamonds and Succeed/Fail as
 * terminals, and its dashed {@code -.->} keeps the catch edges apart from the path a run takes.
 * Only flat machines are drawn: emrflow has no Map or Parallel states to recurse into.
 */
public final class WorkflowDiagram {
    /** A way the workflow is rendered that changes its graph; its name is the doc's marker. */
    public record Variant(String name, Map<String, String> settings) {
    }

    /** Every variant drawn in the docs. A new application mode is one more entry here (and a marker pair in the doc). */
    public static final List<Variant> VARIANTS = List.of(
            new Variant("per-run", Map.of()),
            new Variant("per-run, keep.application=true", Map.of("keep.application", "true")),
            new Variant("shared", Map.of("application.mode", "shared")));

    public static final String DOC = "docs/state-machine.md";
    /** The command that rewrites the blocks, from the repository root (test failures print it). */
    public static final String REGENERATE = "mvn -q -pl scripts compile exec:java -Dexec.mainClass=" + WorkflowDiagram.class.getName();

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String START = "start";
    private static final String STOP = "stop";

    private WorkflowDiagram() {
    }

    /** The Mermaid text of one parsed ASL definition: nodes in document order, then each state's edges. */
    public static String mermaid(JsonNode asl) {
        return mermaid(WorkflowGraph.of(asl));
    }

    /** The Mermaid text of a workflow's graph. */
    public static String mermaid(WorkflowGraph graph) {
        List<String> lines = new ArrayList<>(List.of("flowchart TD", "    " + START + "((\"start\"))"));
        List<String> edges = new ArrayList<>();
        if (graph.startAt() != null) {
            edges.add(edge(START, "-->", null, id(graph.startAt())));
        }
        for (WorkflowGraph.State state : graph.states()) {
            String name = id(state.name());
            lines.add("    " + name + switch (state.type()) {
                case "Choice" -> "{\"" + name + "\"}";
                case "Succeed", "Fail" -> "([\"" + name + "<br/>" + state.type() + "\"])";
                // A task is known by what it calls.
                case "Task" -> "[\"" + name + "<br/>" + label(state.integration()) + "\"]";
                default -> "[\"" + name + "<br/>" + state.type() + "\"]";
            });
            for (WorkflowGraph.Edge e : graph.from(state.name())) {
                edges.add(edge(name, e.kind() == WorkflowGraph.Kind.CATCH ? "-.->" : "-->", e.label(), id(e.to())));
            }
            if (state.ends()) {
                edges.add(edge(name, "-->", null, STOP));
            }
        }
        lines.add("    " + STOP + "((\"end\"))");
        lines.addAll(edges);
        return String.join("\n", lines) + "\n";
    }

    /** The Mermaid text of the real templates rendered for one variant, with placeholder settings. */
    public static String forTemplates(Path repo, Variant variant) {
        return mermaid(graphForTemplates(repo, variant));
    }

    /** The graph of the real templates rendered for one variant, with placeholder settings. */
    public static WorkflowGraph graphForTemplates(Path repo, Variant variant) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("bucket", "emrflow-docs-bucket", "name.prefix", "emrflow-docs"));
        settings.putAll(variant.settings());
        Config config = Config.of(settings, "workflow diagram " + variant.name(), JobDefinitionLoader.load(anySampleJob(repo)));
        Rendered rendered = new TemplateRenderer(repo.resolve("templates"))
                .renderAll(TemplateModel.of(config, TemplateModel.PLACEHOLDER_ACCOUNT, "aws"));
        return WorkflowGraph.of(rendered.json(Artifact.STATE_MACHINE));
    }

    /** What sits between a variant's markers: the fenced diagram. */
    public static String fenced(String diagram) {
        return "```mermaid\n" + diagram + "```\n";
    }

    /** The text between a variant's marker comments in the markdown; a missing marker is an error. */
    public static String block(String markdown, String variant) {
        int start = markdown.indexOf(marker(variant, "start"));
        int end = markdown.indexOf(marker(variant, "end"));
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(DOC + " lacks " + marker(variant, "start") + " ... " + marker(variant, "end"));
        }
        return markdown.substring(start + marker(variant, "start").length() + 1, end);
    }

    /** The workflow is the same for every job (the job is its arguments): any sample draws it. */
    private static Path anySampleJob(Path repo) {
        try (var jobs = Files.list(repo.resolve("templates/jobs"))) {
            return jobs.filter(Files::isDirectory).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sample job under templates/jobs"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Regenerates docs/state-machine.md under the repository root given (default: the current folder). */
    public static void main(String... args) throws IOException {
        Path repo = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        Path doc = repo.resolve(DOC);
        if (!Files.isRegularFile(doc)) {
            throw new IllegalArgumentException(doc + " not found: run this from the repository root, or give the root as the argument");
        }
        String markdown = Files.readString(doc);
        String updated = markdown;
        for (Variant v : VARIANTS) {
            String old = marker(v.name(), "start") + "\n" + block(updated, v.name());
            updated = updated.replace(old, marker(v.name(), "start") + "\n" + fenced(forTemplates(repo, v)));
        }
        if (!updated.equals(markdown)) {
            Files.writeString(doc, updated);
        }
        System.out.println(doc + (updated.equals(markdown) ? ": diagrams already up to date" : ": diagrams regenerated"));
    }

    static String marker(String variant, String end) {
        return "<!-- workflow-diagram:" + variant + ":" + end + " -->";
    }

    private static String edge(String from, String arrow, String label, String to) {
        return "    " + from + " " + arrow + (label == null ? "" : "|\"" + label(label) + "\"|") + " " + to;
    }

    /** State names are used as node ids as they are, so they must be plain words that Mermaid does not reserve. */
    private static String id(String name) {
        if (!ID.matcher(name).matches() || List.of(START, STOP, "end").contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("state name \"" + name + "\" cannot be drawn: use letters, digits and _, and not start, stop or end");
        }
        return name;
    }

    private static String label(String text) {
        return text.replace("\"", "#quot;");
    }
}
