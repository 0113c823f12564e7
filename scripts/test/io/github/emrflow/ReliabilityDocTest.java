package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md is built from the tests and cannot drift from them: every row names test
 * methods that exist, its message is in those tests or in the code that prints it, and its exit
 * code is checked by one of them. The README's troubleshooting messages are rows of the table.
 */
class ReliabilityDocTest {
    /** A row of a table: what was tried, the message, the exit code, the tests (Class#method). */
    record Row(String tried, String message, String exit, List<String> tests) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");
    private static final Pattern TEST_NAME = Pattern.compile("(\\w+)#(\\w+)");

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> rows(String markdown) {
        List<Row> rows = new ArrayList<>();
        for (List<String> cells : Markdown.tableRows(markdown)) {
            if (cells.size() != 4 || cells.get(0).equals("what was tried")) {
                continue;
            }
            List<String> message = Markdown.codeSpans(cells.get(1));
            List<String> tests = Markdown.codeSpans(cells.get(3));
            assertThat(message).as("one message in backticks in row: " + cells).hasSize(1);
            assertThat(tests).as("tests in backticks in row: " + cells).isNotEmpty().allMatch(t -> TEST_NAME.matcher(t).matches());
            rows.add(new Row(cells.get(0), message.get(0), cells.get(2), tests));
        }
        return rows;
    }

    // ---- where tests and messages live -------------------------------------------------------

    /** Test classes by simple name: scripts/test and the archetype's tests. */
    static Map<String, Path> testSources() {
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Path root : List.of(TestProjects.repo().resolve("scripts/test"), TestProjects.repo().resolve("archetype/src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    String name = f.getFileName().toString().replace(".java", "");
                    assertThat(sources.put(name, f)).as("two test classes named " + name).isNull();
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /** The code that prints messages: the scripts, the library, the emulator and the archetype's post-generate script. */
    static String mainSources() {
        StringBuilder all = new StringBuilder();
        Path repo = TestProjects.repo();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(repo.resolve("scripts/lib"), repo.resolve("scripts/emulator"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().matches(".*\\.(java|py|sh)$") && !f.getFileName().toString().startsWith("test_")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> scripts = Files.list(repo.resolve("scripts"))) {
            scripts.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(repo.resolve("archetype/src/main/resources/META-INF/archetype-post-generate.groovy"));
        for (Path f : files) {
            all.append(normalized(read(f))).append('\n');
        }
        return all.toString();
    }

    /** Source text with adjacent string literals joined ("a" + "b" -> "ab") and \" unescaped. */
    static String normalized(String source) {
        return source.replaceAll("\"\\s*\\+\\s*\"", "").replace("\\\"", "\"");
    }

    /**
     * The fixed parts of a message: the text between placeholders, cut at "; " and ": " (the seams
     * where code joins a message from parts), without the "error: " every error line starts with.
     */
    static List<String> fixedParts(String message) {
        String text = message.startsWith("error: ") ? message.substring("error: ".length()) : message;
        List<String> parts = new ArrayList<>();
        for (String piece : PLACEHOLDER.split(text, -1)) {
            for (String part : piece.split("; |: ")) {
                String p = part.strip().replaceAll("^[:;,(]+|[:;,(]+$", "").strip();
                if (p.replace(" ", "").length() >= 3) {
                    parts.add(p);
                }
            }
        }
        return parts;
    }

    /** The message as a pattern for a concrete line: each placeholder stands for any text. */
    static Pattern pattern(String message) {
        StringBuilder regex = new StringBuilder();
        int last = 0;
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            regex.append(Pattern.quote(message.substring(last, m.start()))).append(".+?");
            last = m.end();
        }
        regex.append(Pattern.quote(message.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /**
     * A test method's source: from the end of the previous member (so its annotations, such as a
     * @CsvSource, are included) to the end of its body; null when there is no such method.
     */
    static String method(String source, String name) {
        Matcher signature = Pattern.compile("\\bvoid\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(source);
        if (!signature.find()) {
            return null;
        }
        int start = 0;
        int depth = 0;
        Deque<Boolean> blocks = new ArrayDeque<>();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int skip = skipLiteralOrComment(source, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            if (c == '{') {
                blocks.push(isArrayInitializer(source, i));
                depth++;
            } else if (c == '}') {
                boolean array = blocks.isEmpty() || blocks.pop();
                depth--;
                if (i < signature.start() && depth == 1 && !array) {
                    start = i + 1;
                } else if (i > signature.start() && depth == 1 && !array) {
                    return source.substring(start, i + 1);
                }
            } else if (c == ';' && depth == 1 && i < signature.start()) {
                start = i + 1;
            }
        }
        return source.substring(start);
    }

    private static boolean isArrayInitializer(String source, int brace) {
        int j = brace - 1;
        while (j >= 0 && Character.isWhitespace(source.charAt(j))) {
            j--;
        }
        return j >= 0 && "=(,{".indexOf(source.charAt(j)) >= 0;
    }

    /** The index after the string, char, text block or comment starting at i, or i when none does. */
    private static int skipLiteralOrComment(String s, int i) {
        if (s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                j += s.charAt(j) == '\\' ? 2 : 1;
            }
            return j + 1;
        }
        return i;
    }

    /** True when the method's source checks that a script exits with this code. */
    static boolean checksExitCode(String method, int code) {
        String n = String.valueOf(code);
        return method.contains("isEqualTo(" + n + ")")
                || (code == 0 && method.contains("isZero()"))
                || Pattern.compile("(\\)|\\(\\s*\\w+)\\s*,\\s*" + n + "\\s*,").matcher(method).find();
    }

    /** What is wrong with a row, or nothing. */
    static List<String> problems(Row row, Map<String, Path> tests, String mainSources) {
        List<String> found = new ArrayList<>();
        StringBuilder testText = new StringBuilder();
        List<String> methods = new ArrayList<>();
        for (String test : row.tests()) {
            Matcher m = TEST_NAME.matcher(test);
            m.matches();
            Path file = tests.get(m.group(1));
            if (file == null) {
                found.add(test + ": no test class " + m.group(1) + " under scripts/test or archetype/src/test/java");
                continue;
            }
            String source = read(file);
            String body = method(source, m.group(2));
            if (body == null) {
                found.add(test + ": " + m.group(1) + " has no method " + m.group(2));
                continue;
            }
            methods.add(body);
            testText.append(normalized(source)).append('\n');
        }
        if (!found.isEmpty()) {
            return found;
        }
        for (String part : fixedParts(row.message())) {
            if (!testText.toString().contains(part) && !mainSources.contains(part)) {
                found.add("'" + row.tried() + "': '" + part + "' of the message is neither in " + row.tests() + " nor in the code");
            }
        }
        if (row.exit().matches("\\d")) {
            int code = Integer.parseInt(row.exit());
            if (methods.stream().noneMatch(b -> checksExitCode(b, code))) {
                found.add("'" + row.tried() + "': none of " + row.tests() + " checks exit code " + code);
            }
        } else if (!row.exit().equals("—")) {
            found.add("'" + row.tried() + "': exit '" + row.exit() + "' is not a code (or — for a signal)");
        }
        return found;
    }

    // ---- the tests ------------------------------------------------------------------------------

    private static String doc() {
        return read(TestProjects.repo().resolve("docs/reliability.md"));
    }

    @Test
    void everyRowNamesRealTestsAndItsMessageAndExitCodeAreTheirs() {
        List<Row> rows = rows(doc());
        assertThat(rows).as("rows in docs/reliability.md").hasSizeGreaterThan(40);
        Map<String, Path> tests = testSources();
        String main = mainSources();
        List<String> found = new ArrayList<>();
        for (Row row : rows) {
            found.addAll(problems(row, tests, main));
        }
        assertThat(found).as("rows of docs/reliability.md the tests do not back").isEmpty();
    }

    @Test
    void aRowWithAMissingTestAWrongMessageOrAnUncheckedCodeIsReported() {
        Map<String, Path> tests = testSources();
        String main = mainSources();
        assertThat(problems(new Row("x", "`error: Invalid value for option '--top': 0 (it must be at least 1)`", "2", List.of("BadInputsTest#noSuchMethod")), tests, main))
                .singleElement().asString().contains("has no method noSuchMethod");
        assertThat(problems(new Row("x", "error: x", "2", List.of("NoSuchTest#m")), tests, main))
                .singleElement().asString().contains("no test class NoSuchTest");
        assertThat(problems(new Row("top", "error: --top must be at least 2, got 0", "2", List.of("BadInputsTest#tableOptionsAreCheckedWithOneLine")),
                tests, main)).singleElement().asString().contains("'--top must be at least 2, got 0' of the message");
        assertThat(problems(new Row("top", "error: Invalid value for option '--top': 0 (it must be at least 1)", "3", List.of("BadInputsTest#tableOptionsAreCheckedWithOneLine")),
                tests, main)).singleElement().asString().contains("checks exit code 3");
        assertThat(problems(new Row("top", "error: Invalid value for option '--top': <N> (it must be at least 1)", "2", List.of("BadInputsTest#tableOptionsAreCheckedWithOneLine")),
                tests, main)).isEmpty();
    }

    @Test
    void theMethodSourceIncludesItsAnnotationsAndEndsWithItsBody() {
        String source = "class T {\n    int x = 1;\n    @CsvSource({\"a|b\", \"c|d\"})\n    void first(String s) {\n        if (s) { y(); }\n    }\n"
                + "    @Test\n    void second() {\n        String t = \"}\";\n        assertThat(1).isEqualTo(2);\n    }\n}\n";
        assertThat(method(source, "first")).contains("@CsvSource({\"a|b\"", "y(); }").doesNotContain("int x", "second");
        assertThat(method(source, "second")).contains("@Test", "isEqualTo(2)").doesNotContain("CsvSource");
        assertThat(method(source, "third")).isNull();
        assertThat(checksExitCode(method(source, "second"), 2)).isTrue();
        assertThat(checksExitCode("assertOneLine(ScriptResult.run(new run(), \"--local\"), 2, \"error: x\");", 2)).isTrue();
        assertThat(checksExitCode("assertOneLine(r, 3, \"error: x\");", 3)).isTrue();
        assertThat(checksExitCode("list.get(2);", 2)).isFalse();
    }

    @Test
    void theFixedPartsOfAMessageAreCutAtPlaceholdersAndSeams() {
        assertThat(fixedParts("error: input file <FILE> has a header but no rows")).containsExactly("input file", "has a header but no rows");
        assertThat(fixedParts("error: emrflow.properties: 'driver.cores' is '3'; allowed: 1, 2, 4, 8 or 16"))
                .containsExactly("emrflow.properties", "'driver.cores' is '3'", "allowed", "1, 2, 4, 8 or 16");
        assertThat(pattern("error: input file <FILE> not found").matcher("error: input file /tmp/x.csv not found").matches()).isTrue();
        assertThat(pattern("error: input file <FILE> not found").matcher("error: input file /tmp/x.csv is empty").matches()).isFalse();
    }

    @Test
    void everyTroubleshootingMessageOfTheReadmeIsARowOfTheTable() {
        List<Pattern> messages = rows(doc()).stream().map(r -> pattern(r.message())).toList();
        String section = Markdown.section(read(TestProjects.repo().resolve("README.md")), "Troubleshooting");
        List<String> unmatched = new ArrayList<>();
        int shown = 0;
        for (Markdown.Fence fence : Markdown.fences(section)) {
            if (fence.info().equals("text") && !fence.lines().isEmpty()) {
                shown++;
                String line = fence.lines().get(0);
                if (messages.stream().noneMatch(p -> p.matcher(line).matches())) {
                    unmatched.add(line);
                }
            }
        }
        assertThat(shown).as("messages in the README's troubleshooting section").isEqualTo(10);
        assertThat(unmatched).as("troubleshooting messages that are not a row of docs/reliability.md").isEmpty();
    }
}
