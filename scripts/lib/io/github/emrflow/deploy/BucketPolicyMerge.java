package io.github.emrflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's statements inside a bucket policy that may hold other statements too (an adopted
 * bucket): matched by Sid, so deploy adds or updates its own and never drops someone else's.
 */
final class BucketPolicyMerge {
    private BucketPolicyMerge() {
    }

    /** Up to date when every rendered statement is in the bucket's policy, whatever else it holds. */
    static boolean containsStatements(JsonNode existing, JsonNode rendered) {
        if (existing == null) {
            return false;
        }
        List<JsonNode> have = statements(existing);
        return statements(rendered).stream().allMatch(have::contains);
    }

    /**
     * The bucket's policy with the rendered statements in it: each replaces the statement with its
     * Sid (in place, so a re-deploy after a template change does not reorder the owner's policy),
     * the rest are appended, and every other statement and top-level field is kept as it was.
     */
    static JsonNode merge(JsonNode existing, JsonNode rendered) {
        Map<String, JsonNode> ours = new LinkedHashMap<>();
        List<JsonNode> unnamed = new ArrayList<>();
        for (JsonNode s : statements(rendered)) {
            if (s.hasNonNull("Sid")) {
                ours.put(s.get("Sid").asText(), s);
            } else {
                unnamed.add(s);
            }
        }
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        for (JsonNode s : statements(existing)) {
            String sid = s.path("Sid").asText(null);
            if (sid != null && ours.containsKey(sid)) {
                merged.add(ours.remove(sid));
            } else {
                // A statement of ours without a Sid that is already there stays where it is.
                unnamed.remove(s);
                merged.add(s);
            }
        }
        ours.values().forEach(merged::add);
        unnamed.forEach(merged::add);
        ObjectNode policy = existing.isObject() ? ((ObjectNode) existing).deepCopy() : JsonNodeFactory.instance.objectNode();
        if (!policy.has("Version")) {
            policy.set("Version", rendered.get("Version"));
        }
        policy.set("Statement", merged);
        return policy;
    }

    /** A policy's Statement may be one object or an array of them. */
    private static List<JsonNode> statements(JsonNode policy) {
        JsonNode statement = policy.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(list::add);
        } else if (statement.isObject()) {
            list.add(statement);
        }
        return list;
    }
}
