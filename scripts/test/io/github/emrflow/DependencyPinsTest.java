package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root pom is the one list of versions: every //DEPS line of every JBang script, and the jbang
 * wrapper's JBang version, must match its properties.
 */
class DependencyPinsTest {
    private static final Map<String, String> PROPERTY_BY_COORDINATE = Map.of(
            "software.amazon.awssdk:", "aws.sdk.version",
            "org.freemarker:freemarker", "freemarker.version",
            "info.picocli:picocli", "picocli.version",
            "com.fasterxml.jackson.core:jackson-databind", "jackson.version",
            "org.apache.spark:spark-sql_2.13", "spark.version",
            "org.slf4j:", "slf4j.version");

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("root pom property " + name).isTrue();
        return m.group(1).trim();
    }

    @Test
    void everyScriptDependencyUsesTheRootPomVersion() throws IOException {
        String pom = Files.readString(TestProjects.repo().resolve("pom.xml"));
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestProjects.repo().resolve("scripts"))) {
            files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/test/") && !p.toString().contains("/lib/")
                    && !p.toString().contains("/target/")).forEach(scripts::add);
        }
        assertThat(scripts).extracting(p -> p.getFileName().toString()).contains("run.java", "results.java", "deploy.java", "destroy.java");
        List<String> checked = new ArrayList<>();
        for (Path script : scripts) {
            for (String line : Files.readAllLines(script)) {
                if (!line.startsWith("//DEPS ")) {
                    continue;
                }
                String gav = line.substring("//DEPS ".length()).trim();
                String coordinate = gav.substring(0, gav.lastIndexOf(':'));
                String version = gav.substring(gav.lastIndexOf(':') + 1);
                String prop = PROPERTY_BY_COORDINATE.entrySet().stream().filter(e -> coordinate.startsWith(e.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                assertThat(prop).as(script.getFileName() + ": " + gav + " has no version property in the root pom").isNotNull();
                assertThat(version).as(script.getFileName() + ": " + gav + " vs root pom " + prop).isEqualTo(property(pom, prop));
                checked.add(gav);
            }
        }
        assertThat(checked).isNotEmpty();
    }

    @Test
    void theWrapperRunsThePinnedJbang() throws IOException {
        String pom = Files.readString(TestProjects.repo().resolve("pom.xml"));
        String wrapper = Files.readString(TestProjects.repo().resolve("jbang"));
        Matcher m = Pattern.compile("(?m)^JBANG_VERSION=(\\S+)$").matcher(wrapper);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(property(pom, "jbang.version"));
    }
}
