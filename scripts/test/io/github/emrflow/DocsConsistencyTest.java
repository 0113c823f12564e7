package io.github.emrflow;

import io.github.emrflow.config.Setting;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs say what the code does: the configuration table is Setting's, the state diagram is the
 * rendered ASL's, and every IAM statement is explained. A change to one without the other fails here.
 */
class DocsConsistencyTest {
    private static final String START_OR_END = "[*]";

    // ---- docs/configuration.md ----------------------------------------------------------------

    @Test
    void theConfigurationTableHasEveryKeyOfSettingWithItsDefault() {
        Map<String, String> documented = configurationTable(PolicyRules.read(doc("configuration.md")));
        Map<String, String> actual = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            actual.put(s.key(), s.defaultValue() == null ? REQUIRED : s.defaultValue());
        }
        assertThat(documented.keySet()).as("keys in docs/configuration.md but not in Setting.java")
                .isSubsetOf(actual.keySet());
        assertThat(actual.keySet()).as("keys in Setting.java but not in docs/configuration.md")
                .isSubsetOf(documented.keySet());
        assertThat(documented).as("defaults in docs/configuration.md (key -> default) against Setting.java")
                .containsExactlyInAnyOrderEntriesOf(actual);
    }

    @Test
    void theConfigurationTableParserReadsEachKindOfDefault() {
        String md = "| key | default | allowed | meaning |\n| --- | --- | --- | --- |\n"
                + "| `a.b` | `1` | x | y |\n| `c` | *(required)* | x | y |\n| `d` | *(empty)* | x | y |\n";
        assertThat(configurationTable(md)).containsExactly(Map.entry("a.b", "1"), Map.entry("c", REQUIRED), Map.entry("d", ""));
    }

    private static final String REQUIRED = "(required)";

    /** Key to default from rows "| `key` | `default` or *(required)* or *(empty)* | ... |". */
    static Map<String, String> configurationTable(String markdown) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|").matcher(markdown);
        while (row.find()) {
            String cell = row.group(2);
            String value = cell.equals("*(required)*") ? REQUIRED
                    : cell.equals("*(empty)*") ? ""
                    : cell.startsWith("`") && cell.endsWith("`") && cell.length() >= 2 ? cell.substring(1, cell.length() - 1)
                    : "unreadable default: " + cell;
            assertThat(rows.put(row.group(1), value)).as("key listed twice: " + row.group(1)).isNull();
        }
        return rows;
    }

    // ---- docs/state-machine.md ----------------------------------------------------------------

    @Test
    void theStateDiagramShowsEveryStateAndTransitionAndNothingElse() {
        // WorkflowDiagramTest holds each block equal to what WorkflowDiagram draws; this reads the
        // drawn nodes and edges back and checks them against the ASL, so the drawing itself is checked.
        String markdown = PolicyRules.read(doc("state-machine.md"));
        Pattern node = Pattern.compile("^\\s*(\\w+)[\\[{(].*$");
        Pattern edge = Pattern.compile("^\\s*(\\w+) -\\.?->(?:\\|\"[^\"]*\"\\|)? (\\w+)$");
        for (io.github.emrflow.render.WorkflowDiagram.Variant variant : io.github.emrflow.render.WorkflowDiagram.VARIANTS) {
            JsonNode asl = PolicyRulesTest.render(TestProjects.templates(), PolicyRulesTest.config(variant.settings()))
                    .json(Artifact.STATE_MACHINE);
            Set<String> names = new LinkedHashSet<>(List.of("start", "stop"));
            asl.path("States").fieldNames().forEachRemaining(names::add);
            Set<String> nodes = new LinkedHashSet<>();
            Set<List<String>> edges = new LinkedHashSet<>();
            for (String line : io.github.emrflow.render.WorkflowDiagram.block(markdown, variant.name()).split("\n")) {
                Matcher n = node.matcher(line);
                Matcher e = edge.matcher(line);
                if (n.matches()) {
                    nodes.add(n.group(1));
                } else if (e.matches()) {
                    edges.add(List.of(e.group(1), e.group(2)).stream()
                            .map(id -> id.equals("start") || id.equals("stop") ? START_OR_END : id).toList());
                }
            }
            assertThat(nodes).as("states drawn in the '" + variant.name() + "' diagram against the ASL's")
                    .containsExactlyInAnyOrderElementsOf(names);
            assertThat(edges).as("edges drawn in the '" + variant.name() + "' diagram against the ASL's transitions")
                    .containsExactlyInAnyOrderElementsOf(transitions(asl));
            assertThat(states(edges)).as("every state drawn is reached or left by an edge").containsAll(nodes.stream()
                    .map(id -> id.equals("start") || id.equals("stop") ? START_OR_END : id).toList());
        }
    }

    @Test
    void theDiagramParserReadsLabelledAndStartEndEdges() {
        String md = "text\n```mermaid\nstateDiagram-v2\n    [*] --> A\n    A --> B : Catch States.ALL\n    B-->[*]\n```\n"
                + "```mermaid\nstateDiagram-v2\n    X --> Y\n```\n";
        assertThat(diagramEdges(md)).containsExactly(List.of("[*]", "A"), List.of("A", "B"), List.of("B", "[*]"));
    }

    /** The edges of the first mermaid block, as [from, to]; labels are ignored. */
    static Set<List<String>> diagramEdges(String markdown) {
        Matcher block = Pattern.compile("(?s)```mermaid\\n(.*?)```").matcher(markdown);
        assertThat(block.find()).as("a ```mermaid block").isTrue();
        Set<List<String>> edges = new LinkedHashSet<>();
        Pattern edge = Pattern.compile("^\\s*(\\[\\*]|\\w+)\\s*-->\\s*(\\[\\*]|\\w+)\\s*(:.*)?$");
        for (String line : block.group(1).split("\n")) {
            Matcher m = edge.matcher(line);
            if (m.matches()) {
                edges.add(List.of(m.group(1), m.group(2)));
            }
        }
        return edges;
    }

    /** Every transition of a (flat) state machine, with StartAt and the terminal states as [*] edges. */
    static Set<List<String>> transitions(JsonNode asl) {
        Set<List<String>> edges = new LinkedHashSet<>();
        edges.add(List.of(START_OR_END, asl.path("StartAt").asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = asl.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String from = e.getKey();
            JsonNode state = e.getValue();
            List<String> targets = new ArrayList<>();
            targets.add(state.path("Next").asText(null));
            targets.add(state.path("Default").asText(null));
            state.path("Choices").forEach(c -> targets.add(c.path("Next").asText(null)));
            state.path("Catch").forEach(c -> targets.add(c.path("Next").asText(null)));
            targets.stream().filter(t -> t != null).forEach(t -> edges.add(List.of(from, t)));
            String type = state.path("Type").asText();
            if (type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false)) {
                edges.add(List.of(from, START_OR_END));
            }
        }
        return edges;
    }

    private static Set<String> states(Set<List<String>> edges) {
        Set<String> states = new LinkedHashSet<>();
        edges.forEach(states::addAll);
        return states;
    }

    // ---- docs/iam.md --------------------------------------------------------------------------

    @Test
    void everyStatementOfEveryRenderedPolicyIsExplainedAndNoOtherIs() {
        Set<String> sids = new LinkedHashSet<>();
        // Each application mode renders its own EMR Serverless statements: the doc explains both.
        for (Map<String, String> mode : List.of(Map.<String, String>of(), Map.of("application.mode", "shared"))) {
            Rendered rendered = PolicyRulesTest.render(TestProjects.templates(), PolicyRulesTest.config(mode));
            for (Artifact policy : PolicyRules.POLICIES) {
                for (JsonNode statement : PolicyRules.statements(rendered, policy)) {
                    assertThat(statement.path("Sid").asText("")).as("a statement of " + policy.fileName() + " without Sid").isNotEmpty();
                    sids.add(statement.path("Sid").asText());
                }
            }
        }
        Set<String> documented = sidHeadings(PolicyRules.read(doc("iam.md")));
        assertThat(documented).as("Sids of the rendered policies without a '#### `Sid`' section in docs/iam.md").containsAll(sids);
        assertThat(sids).as("'#### `Sid`' sections in docs/iam.md for statements no rendered policy has").containsAll(documented);
    }

    @Test
    void everyActionInTheTableOfUnscopedActionsIsUsedWithResourceStar() {
        Rendered rendered = PolicyRulesTest.render(TestProjects.templates(), PolicyRulesTest.config(Map.of()));
        Set<String> usedWithStar = new LinkedHashSet<>();
        for (Artifact policy : PolicyRules.POLICIES) {
            for (JsonNode statement : PolicyRules.statements(rendered, policy)) {
                if (PolicyRules.strings(statement.get("Resource")).contains("*")) {
                    usedWithStar.addAll(PolicyRules.strings(statement.get("Action")));
                }
            }
        }
        assertThat(usedWithStar).as("rows of docs/iam.md's table of actions that need Resource \"*\" that no rendered policy uses that way")
                .containsAll(PolicyRulesTest.documentedUnscopedActions());
    }

    static Set<String> sidHeadings(String markdown) {
        Set<String> sids = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^#### `(\\w+)`\\s*$").matcher(markdown);
        while (m.find()) {
            sids.add(m.group(1));
        }
        return sids;
    }

    private static Path doc(String name) {
        return TestProjects.repo().resolve("docs").resolve(name);
    }
}
