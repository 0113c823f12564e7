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
 * One version per script: every JBang script imports the engine's BOM (whose versions are the root
 * pom's) and names every other dependency without a version; none copies engine sources. The
 * jbang wrapper's JBang version is the root pom's too.
 */
class DependencyPinsTest {
    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("root pom property " + name).isTrue();
        return m.group(1).trim();
    }

    private static String projectVersion(String pom) {
        Matcher m = Pattern.compile("<artifactId>emrflow-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("root pom version").isTrue();
        return m.group(1).trim();
    }

    @Test
    void everyScriptImportsTheBomAndNamesNoOtherVersion() throws IOException {
        String bom = "io.github.emrflow:emrflow-bom:" + projectVersion(Files.readString(TestProjects.repo().resolve("pom.xml"))) + "@pom";
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestProjects.repo().resolve("scripts"))) {
            files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/test/") && !p.toString().contains("/lib/")
                    && !p.toString().contains("/target/")).forEach(scripts::add);
        }
        assertThat(scripts).extracting(p -> p.getFileName().toString()).contains("run.java", "results.java", "deploy.java", "destroy.java");
        for (Path script : scripts) {
            List<String> lines = Files.readAllLines(script);
            List<String> deps = lines.stream().filter(l -> l.startsWith("//DEPS ")).map(l -> l.substring(7).trim()).toList();
            assertThat(lines).as(script.getFileName() + " copies no engine source").noneMatch(l -> l.startsWith("//SOURCES"));
            boolean projectScript = script.getParent().equals(TestProjects.repo().resolve("scripts"));
            if (deps.isEmpty() && !projectScript) {
                continue; // a plain-JDK helper (bench/generate_rows.java) needs no BOM
            }
            assertThat(deps).as(script.getFileName() + " //DEPS").isNotEmpty();
            assertThat(deps.get(0)).as(script.getFileName() + ": the BOM comes first").isEqualTo(bom);
            for (String gav : deps.subList(1, deps.size())) {
                assertThat(gav.split(":")).as(script.getFileName() + ": " + gav + " must take its version from the BOM").hasSize(2);
            }
            assertThat(deps).as(script.getFileName().toString()).contains("io.github.emrflow:emrflow-core");
        }
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
