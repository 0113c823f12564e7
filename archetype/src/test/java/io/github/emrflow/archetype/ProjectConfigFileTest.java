package io.github.emrflow.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated emrflow.properties documents the configuration a user can change, so it must say what
 * io.github.emrflow.config.Setting says: every key, in order, with its description, allowed values and default.
 * This keeps the hand-written file from drifting away from the engine. The job's parameter keys are
 * not in it: the post-generate script writes them after the closing heading, from the chosen job.
 */
class ProjectConfigFileTest {
    private static final Path FILE = Path.of(System.getProperty("emrflow.archetype.project", "src/main/project"), Config.FILE_NAME);
    /** Keys whose value is filled in at generation (the file is a Velocity template). */
    private static final Map<String, String> GENERATED = Map.of(
            "bucket", "${bucket}", "region", "${region}", "name.prefix", "${namePrefix}", "emr.release.label", "${emrReleaseLabel}");

    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
    }

    @Test
    void listsEverySettingInTheLibrarysOrder() {
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                keys.add(line.substring(0, line.indexOf('=')));
            }
        }
        List<String> expected = new ArrayList<>();
        for (Setting s : Setting.values()) {
            expected.add(s.key());
        }
        assertThat(keys).containsExactlyElementsOf(expected);
    }

    @Test
    void endsWithTheJobParameterHeading() {
        // archetype-post-generate.groovy finds this heading and writes the job's keys after its comment block.
        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("# Job parameters")).findFirst().orElseThrow());
        assertThat(lines.subList(heading, lines.size())).allMatch(l -> l.startsWith("# "));
    }

    @Test
    void explainsEveryKeyAboveIt() {
        for (Setting s : Setting.values()) {
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith(s.key() + "=")).findFirst().orElseThrow());
            String description = lines.get(at - 2);
            String allowed = lines.get(at - 1);
            assertThat(description).as(s.key()).isEqualTo("# " + s.description());
            String expectedDefault = s.required() ? "Required." : "Default: " + (s.defaultValue().isEmpty() ? "empty" : s.defaultValue()) + ".";
            assertThat(allowed).as(s.key()).isEqualTo("# Allowed: " + s.allowed() + ". " + expectedDefault);
        }
    }

    @Test
    void setsTheDefaultsAndTheGeneratedValues() throws IOException {
        Properties raw = properties();
        for (Setting s : Setting.values()) {
            String expected = GENERATED.getOrDefault(s.key(), s.defaultValue());
            assertThat(raw.getProperty(s.key())).as(s.key()).isEqualTo(expected);
        }
    }

    @Test
    void isAValidConfigOnceGenerated() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        properties().forEach((k, v) -> values.put(k.toString(), v.toString()
                .replace("${bucket}", "my-bucket-123")
                .replace("${region}", "eu-west-3")
                .replace("${namePrefix}", "my-pipeline")
                .replace("${emrReleaseLabel}", "emr-7.9.0")));
        Config config = Config.of(values, Config.FILE_NAME);
        assertThat(config.bucket()).isEqualTo("my-bucket-123");
    }

    private static Properties properties() throws IOException {
        Properties raw = new Properties();
        raw.load(new StringReader(String.join("\n", lines)));
        return raw;
    }
}
