package io.github.emrflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.render.JsonDocuments;

/**
 * Reads the EMR Serverless ids out of a state's input or output JSON, wherever the workflow keeps
 * them ($.application.ApplicationId after ResultSelector, or a task's raw ApplicationId/JobRunId).
 */
final class StateJson {
    private StateJson() {
    }

    static String applicationId(String json) {
        return text(json, "/application/ApplicationId", "/ApplicationId");
    }

    static String jobRunId(String json) {
        return text(json, "/jobRun/JobRunId", "/JobRunId");
    }

    /** The first non-empty text at one of {@code pointers}, or null (also for text that is not a JSON object). */
    private static String text(String json, String... pointers) {
        if (json == null || json.isBlank() || !json.trim().startsWith("{")) {
            return null;
        }
        JsonNode node;
        try {
            node = JsonDocuments.mapper().readTree(json);
        } catch (Exception notJson) {
            return null;
        }
        for (String p : pointers) {
            JsonNode v = node.at(p);
            if (v.isTextual() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return null;
    }
}
