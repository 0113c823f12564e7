package io.github.emrflow;

import io.github.emrflow.render.WorkflowDiagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow diagrams in docs/state-machine.md are the ones WorkflowDiagram draws from the
 * templates as they are now: a template change that alters the graph fails here until the blocks
 * are regenerated. DocsConsistencyTest checks the drawn edges against the ASL independently.
 */
class WorkflowDiagramTest {
    @TempDir
    Path tmp;

    @Test
    void eachDiagramInTheDocsIsTheOneTheTemplatesGiveNow() throws IOException {
        String doc = Files.readString(TestProjects.repo().resolve(WorkflowDiagram.DOC));
        for (WorkflowDiagram.Variant variant : WorkflowDiagram.VARIANTS) {
            String generated = WorkflowDiagram.forTemplates(TestProjects.repo(), variant);
            assertThat(generated).as("no trailing spaces, one final newline").doesNotContain(" \n").endsWith("\n").doesNotEndWith("\n\n");
            assertThat(WorkflowDiagram.block(doc, variant.name()))
                    .as("the '" + variant.name() + "' diagram in " + WorkflowDiagram.DOC + " is out of date with templates/;"
                            + " regenerate it from the repository root: " + WorkflowDiagram.REGENERATE)
                    .isEqualTo(WorkflowDiagram.fenced(generated));
        }
    }

    @Test
    void aSmallMachineIsDrawnExactly() throws IOException {
        JsonNode asl = new ObjectMapper().readTree("""
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
                           "Catch": [{"ErrorEquals": ["States.Timeout", "States.TaskFailed"], "Next": "Failed"}]},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": true, "Next": "Work"}],
                            "Default": "Failed"},
                  "Failed": {"Type": "Fail", "Error": "X"}}}
                """);
        assertThat(WorkflowDiagram.mermaid(asl)).isEqualTo("""
                flowchart TD
                    start(("start"))
                    Work["Work<br/>lambda:invoke"]
                    Check{"Check"}
                    Failed(["Failed<br/>Fail"])
                    stop(("end"))
                    start --> Work
                    Work --> Check
                    Work -.->|"catch States.Timeout, States.TaskFailed"| Failed
                    Check -->|"$.again BooleanEquals"| Work
                    Check -->|"Default"| Failed
                    Failed --> stop
                """);
    }

    @Test
    void aTransitionToAMissingStateIsRefused() throws IOException {
        JsonNode asl = new ObjectMapper().readTree("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}""");
        assertThatThrownBy(() -> WorkflowDiagram.mermaid(asl)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state A: Next points to \"Nowhere\", which is not a state");
        JsonNode badStart = new ObjectMapper().readTree("""
                {"StartAt": "B", "States": {"A": {"Type": "Succeed"}}}""");
        assertThatThrownBy(() -> WorkflowDiagram.mermaid(badStart)).hasMessage("StartAt points to \"B\", which is not a state");
    }

    @Test
    void theGeneratorRewritesOnlyTheBlocksBetweenTheMarkers() throws IOException {
        StringBuilder doc = new StringBuilder("# before\n\n");
        for (WorkflowDiagram.Variant variant : WorkflowDiagram.VARIANTS) {
            doc.append("<!-- workflow-diagram:").append(variant.name()).append(":start -->\n```mermaid\nstale\n```\n")
                    .append("<!-- workflow-diagram:").append(variant.name()).append(":end -->\n\nbetween\n");
        }
        Path repo = tmp.resolve("repo");
        TestProjects.copyTree(TestProjects.templates(), repo.resolve("templates"));
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve(WorkflowDiagram.DOC), doc + "after\n");
        WorkflowDiagram.main(repo.toString());
        String written = Files.readString(repo.resolve(WorkflowDiagram.DOC));
        assertThat(written).startsWith("# before\n\n").endsWith("between\nafter\n").doesNotContain("stale");
        for (WorkflowDiagram.Variant variant : WorkflowDiagram.VARIANTS) {
            assertThat(WorkflowDiagram.block(written, variant.name())).isEqualTo(WorkflowDiagram.fenced(WorkflowDiagram.forTemplates(repo, variant)));
        }
        assertThatThrownBy(() -> WorkflowDiagram.block("no markers", "per-run"))
                .hasMessageContaining("<!-- workflow-diagram:per-run:start -->");
    }
}
