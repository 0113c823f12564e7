package io.github.emrflow.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The rendered, validated documents of one deployment: text as deployed, JSON parsed. */
public final class Rendered {
    private final Map<Artifact, String> text = new EnumMap<>(Artifact.class);
    private final Map<Artifact, JsonNode> json = new EnumMap<>(Artifact.class);

    void put(Artifact artifact, String content, JsonNode parsed) {
        text.put(artifact, content);
        if (parsed != null) {
            json.put(artifact, parsed);
        }
    }

    public String text(Artifact artifact) {
        return text.get(artifact);
    }

    public JsonNode json(Artifact artifact) {
        JsonNode node = json.get(artifact);
        if (node == null) {
            throw new IllegalArgumentException(artifact + " is not JSON");
        }
        return node;
    }

    /** Writes every document to a folder, for review or for `mvn verify` in a generated project. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<Artifact, String> e : text.entrySet()) {
                Files.writeString(dir.resolve(e.getKey().fileName()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
