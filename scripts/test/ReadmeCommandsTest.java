import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.Markdown;
import io.github.emrflow.TestProjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands the README, the generated project's README and docs/ show are commands that work:
 * each `./jbang X.java ...` names a script that exists and uses only options (and option values)
 * its picocli command accepts; the README's test command is the one CI runs; the archetype
 * coordinates and every archetype property in the README are the build's. Running them is
 * ReadmeWalkthroughTest's job; this one is instant.
 */
class ReadmeCommandsTest {
    private static final Map<String, Supplier<Object>> SCRIPTS = Map.of(
            "run.java", run::new,
            "runlocal.java", runlocal::new,
            "results.java", results::new,
            "deploy.java", deploy::new,
            "destroy.java", destroy::new,
            "emulator.java", emulator::new);

    private static Path repo() {
        return TestProjects.repo();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md, the generated project's README and every page of docs/. */
    static List<Path> documents() {
        List<Path> docs = new ArrayList<>(List.of(repo().resolve("README.md"), repo().resolve("archetype/src/main/project/README.md")));
        try (Stream<Path> pages = Files.list(repo().resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The jbang invocations of a page: "./jbang X.java args" in shell blocks and in inline code, as words. */
    static List<List<String>> jbangCommands(String markdown) {
        List<String> lines = new ArrayList<>();
        for (Markdown.Fence fence : Markdown.fences(markdown)) {
            if (fence.isShell()) {
                lines.addAll(Markdown.commands(fence));
            }
        }
        for (String span : Markdown.inlineCode(markdown)) {
            if (span.startsWith("./jbang ") || span.startsWith("jbang ")) {
                lines.add(span);
            }
        }
        List<List<String>> invocations = new ArrayList<>();
        for (String line : lines) {
            for (List<String> words : Markdown.simpleCommands(line)) {
                for (int i = 0; i < words.size() - 1; i++) {
                    if ((words.get(i).equals("./jbang") || words.get(i).equals("jbang")) && words.get(i + 1).endsWith(".java")) {
                        invocations.add(words.subList(i + 1, words.size()).stream().filter(w -> !w.equals("...")).toList());
                        break;
                    }
                }
            }
        }
        return invocations;
    }

    /** What is wrong with one invocation (script, then its arguments), or nothing. */
    static List<String> problems(List<String> invocation) {
        String script = invocation.get(0);
        List<String> args = invocation.subList(1, invocation.size());
        if (script.contains("/")) {
            // Scripts outside the project root (scripts/bench/...) are run from this repository.
            return Files.isRegularFile(repo().resolve(script)) ? List.of() : List.of(script + ": no such script in the repository");
        }
        Supplier<Object> factory = SCRIPTS.get(script);
        if (factory == null || !Files.isRegularFile(repo().resolve("scripts").resolve(script))) {
            return List.of(script + ": not one of the project's scripts " + SCRIPTS.keySet());
        }
        CommandLine cli = new CommandLine(factory.get());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Map<String, CommandLine.Model.OptionSpec> options = cli.getCommandSpec().optionsMap();
        List<String> found = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!options.containsKey(name) && !name.matches("-\\d.*")) {
                    found.add(script + " " + String.join(" ", args) + ": " + name + " is not an option of " + script
                            + " (it has " + new java.util.TreeSet<>(options.keySet()) + ")");
                }
            }
        }
        if (found.isEmpty()) {
            try {
                cli.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                found.add(script + " " + String.join(" ", args) + ": " + e.getMessage());
            }
        }
        return found;
    }

    @Test
    void theReadmesTestCommandIsTheOneCiRuns() {
        Markdown.Fence first = Markdown.fences(read(repo().resolve("README.md"))).get(0);
        String readme = Markdown.commands(first).get(0);
        List<String> ci = read(repo().resolve(".ci/run")).lines().map(String::strip)
                .filter(l -> l.startsWith("mvn ")).toList();
        assertThat(ci).as(".ci/run's mvn command").singleElement().isEqualTo(readme);
        assertThat(readme).isEqualTo("mvn -B verify");
    }

    /**
     * The READMEs may show only the project's scripts and scripts of this repository. A page of docs/
     * may also show benchmark scripts run from their own folder (docs/performance.md); there, only
     * the project's scripts are checked.
     */
    @Test
    void everyJbangCommandInTheDocsNamesAScriptAndOptionsItHas() {
        List<String> found = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            boolean readme = doc.getFileName().toString().equals("README.md");
            for (List<String> invocation : jbangCommands(read(doc))) {
                if (!readme && !SCRIPTS.containsKey(invocation.get(0))) {
                    continue;
                }
                checked++;
                problems(invocation).forEach(p -> found.add(repo().relativize(doc) + ": " + p));
            }
        }
        assertThat(found).as("commands in the docs that would not run").isEmpty();
        assertThat(checked).as("jbang commands found in the docs").isGreaterThan(40);
    }

    @Test
    void everyScriptIsShownInTheReadme() {
        Set<String> shown = new LinkedHashSet<>();
        for (List<String> invocation : jbangCommands(read(repo().resolve("README.md")))) {
            shown.add(invocation.get(0));
        }
        assertThat(shown).containsAll(SCRIPTS.keySet()).contains("scripts/bench/cost.java");
        Set<String> generated = new LinkedHashSet<>();
        for (List<String> invocation : jbangCommands(read(repo().resolve("archetype/src/main/project/README.md")))) {
            generated.add(invocation.get(0));
        }
        assertThat(generated).as("scripts the generated project's README shows").containsAll(SCRIPTS.keySet());
    }

    @Test
    void theCheckFindsAWrongOptionAWrongValueAStrayArgumentAndAMissingScript() {
        String md = String.join("\n", "```bash",
                "./jbang run.java --local --param salary_column=salary   # fine",
                "./jbang run.java --locl",
                "./jbang results.java --format xml",
                "./jbang deploy.java now",
                "./jbang launch.java",
                "```",
                "Prose with `./jbang destroy.java --yes --delete-data` and `./jbang scripts/bench/nope.java`.", "");
        List<List<String>> commands = jbangCommands(md);
        assertThat(commands).hasSize(7);
        assertThat(problems(commands.get(0))).isEmpty();
        assertThat(problems(commands.get(1))).singleElement().asString().contains("--locl is not an option of run.java");
        assertThat(problems(commands.get(2))).singleElement().asString().contains("Invalid value for option '--format'");
        assertThat(problems(commands.get(3))).singleElement().asString().contains("Unmatched argument", "'now'");
        assertThat(problems(commands.get(4))).singleElement().asString().contains("launch.java: not one of the project's scripts");
        assertThat(problems(commands.get(5))).isEmpty();
        assertThat(problems(commands.get(6))).singleElement().asString().contains("no such script");
    }

    @Test
    void theMainJobCommandUsesThisBuildsArchetypeCoordinates() {
        String command = Markdown.commands(Markdown.fences(read(repo().resolve("README.md"))).get(0)).get(1);
        String rootPom = read(repo().resolve("pom.xml"));
        String archetypePom = read(repo().resolve("archetype/pom.xml"));
        assertThat(command).startsWith("mvn -B -q install -DskipTests && ").endsWith("&& cd my-pipeline && ./jbang run.java --local")
                .contains("org.apache.maven.plugins:maven-archetype-plugin:" + tag(rootPom, "archetype.plugin.version") + ":generate",
                        "-DarchetypeGroupId=" + tag(rootPom, "groupId"),
                        "-DarchetypeArtifactId=" + tag(archetypePom, "artifactId"),
                        "-DarchetypeVersion=" + tag(rootPom, "version"));
        for (Markdown.Fence fence : Markdown.fences(read(repo().resolve("README.md")))) {
            for (String line : Markdown.commands(fence)) {
                if (line.contains(":generate ")) {
                    assertThat(line).as(line).contains("maven-archetype-plugin:" + tag(rootPom, "archetype.plugin.version") + ":generate",
                            "-DarchetypeVersion=" + tag(rootPom, "version"));
                }
            }
        }
    }

    @Test
    void everyArchetypePropertyIsInTheReadme() {
        String metadata = read(repo().resolve("archetype/src/main/resources/META-INF/maven/archetype-metadata.xml"));
        Matcher m = Pattern.compile("<requiredProperty key=\"([^\"]+)\"").matcher(metadata);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertThat(keys).contains("groupId", "artifactId", "bucket", "region", "namePrefix");
        String section = Markdown.section(read(repo().resolve("README.md")), "Generating a project");
        Set<String> documented = new LinkedHashSet<>(Markdown.codeSpans(section));
        assertThat(documented).as("archetype properties in the README's 'Generating a project'").containsAll(keys);
    }

    @Test
    void everyRelativeLinkPointsToAFileAndAHeadingThatExist() {
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            String text = read(doc);
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(repo().relativize(doc) + ": " + target + ": no such file");
                } else if (target.contains("#") && resolved.toString().endsWith(".md")) {
                    String anchor = target.substring(target.indexOf('#') + 1);
                    Set<String> anchors = new LinkedHashSet<>();
                    Markdown.headings(read(resolved)).forEach(h -> anchors.add(slug(h.text())));
                    if (!anchors.contains(anchor)) {
                        broken.add(repo().relativize(doc) + ": " + target + ": no such heading");
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).isGreaterThan(20);
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, blanks to hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The first <name>value</name> of an XML text: the project's own coordinates come before any dependency. */
    private static String tag(String xml, String name) {
        String withoutParent = xml.replaceFirst("(?s)<parent>.*?</parent>", "");
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(withoutParent);
        assertThat(m.find()).as("<" + name + "> in a pom").isTrue();
        return m.group(1).strip();
    }
}
