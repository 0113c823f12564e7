package io.github.emrflow;

import io.github.emrflow.config.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered documents pass the independent linters in scripts/lint (asl-validator and statelint
 * for the state machine, iam-policy and iam-data for the IAM documents), and those linters do
 * catch the mistakes they are there for. Needs Node.js; the Maven build installs the linters.
 */
class LintTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nodeAndTheLintToolsAreInstalled() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            fail("node is not on the PATH: the template lints (scripts/lint/lint.mjs) need Node.js 18+ with npm"
                    + " (Debian/Ubuntu: apt-get install nodejs npm); then build with Maven, which installs the lint tools");
        }
        if (!Files.isDirectory(lintDir().resolve("node_modules"))) {
            fail("scripts/lint/node_modules is missing: run `npm ci --prefix scripts/lint`"
                    + " (mvn test does this in process-test-resources)");
        }
    }

    static Stream<Arguments> configurations() {
        return PolicyRulesTest.configurations();
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theRealTemplatesPassEveryLint(Map<String, String> extra) throws Exception {
        Path dir = renderTo(tmp.resolve("rendered"), extra);
        Lint lint = lint(dir);
        assertThat(lint.problems()).as(lint.output()).isEmpty();
        assertThat(lint.exit()).as(lint.output()).isZero();
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                // State machine: statelint and asl-validator.
                Arguments.of("a Next that points nowhere", "state-machine.asl.json",
                        "\"Next\": \"RunJob\"", "\"Next\": \"Nowhere\"", "Nowhere"),
                Arguments.of("a Task without Resource", "state-machine.asl.json",
                        "\"Resource\": \"arn:aws:states:::emr-serverless:startJobRun.sync\",", "",
                        "RunJob does not have required field \"Resource\""),
                Arguments.of("a Catch without Next", "state-machine.asl.json",
                        "\"Next\": \"HadApplication\"", "\"Nxt\": \"HadApplication\"", "Catch"),
                Arguments.of("a misspelt Retry field", "state-machine.asl.json",
                        "\"MaxAttempts\": 5,", "\"MaxAttempt\": 5,", "MaxAttempt"),
                Arguments.of("a Choice default to a missing state", "state-machine.asl.json",
                        "\"Default\": \"", "\"Default\": \"Missing", "Missing"),
                Arguments.of("a malformed JSONPath", "state-machine.asl.json",
                        "\"ResultPath\": \"$.application\"", "\"ResultPath\": \"$..application[\"", "ResultPath"),
                Arguments.of("a state machine that is not JSON", "state-machine.asl.json",
                        "\"StartAt\":", "StartAt:", "not JSON"),
                // IAM: iam-policy (syntax per policy type).
                Arguments.of("Effect \"Allow!\"", "job-role-policy.json",
                        "\"Effect\": \"Allow\"", "\"Effect\": \"Allow!\"", "Effect must be present and exactly \"Allow\" or \"Deny\""),
                Arguments.of("a misspelt Statement", "sfn-role-trust.json",
                        "\"Statement\"", "\"Statment\"", "Invalid key Statment"),
                Arguments.of("a Principal in an identity policy", "sfn-role-policy.json",
                        "\"Effect\": \"Allow\",", "\"Effect\": \"Allow\", \"Principal\": \"*\",", "Principal"),
                Arguments.of("a Resource in a trust policy", "job-role-trust.json",
                        "\"Action\": \"sts:AssumeRole\",", "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\",", "Resource"),
                Arguments.of("a bucket policy statement without Principal", "bucket-policy.json",
                        "\"Principal\": \"*\",", "", "One of Principal or NotPrincipal is required"),
                Arguments.of("a wrong policy Version", "bucket-policy.json",
                        "\"Version\": \"2012-10-17\"", "\"Version\": \"2012-10-18\"", "Version"),
                // IAM: iam-data (do the names exist, does an action meet a resource it acts on).
                Arguments.of("a misspelt action", "sfn-role-policy.json",
                        "\"emr-serverless:StartJobRun\"", "\"emr-serverless:StartJobRuns\"",
                        "'emr-serverless:StartJobRuns' is not an action of emr-serverless"),
                Arguments.of("a misspelt condition key", "sfn-role-policy.json",
                        "\"iam:PassedToService\"", "\"iam:PassedToServices\"", "unknown condition key 'iam:PassedToServices'"),
                Arguments.of("an object action on the bucket ARN", "job-role-policy.json",
                        "\"s3:ListBucket\"", "\"s3:GetObject\"", "the statement grants it nothing"),
                Arguments.of("a scheduler role action that does not exist", "scheduler-role-policy.json",
                        "\"states:StartExecution\"", "\"states:StartExecutions\"", "'states:StartExecutions' is not an action of states"),
                Arguments.of("a topic policy action on the wrong resource", "alert-topic-policy.json",
                        "\"sns:Publish\"", "\"s3:GetObject\"", "the statement grants it nothing"),
                Arguments.of("a Resource in the scheduler trust policy", "scheduler-role-trust.json",
                        "\"Action\": \"sts:AssumeRole\",", "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\",", "Resource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void aBrokenDocumentFailsTheLintNamingTheFile(String mistake, String file, String from, String to, String expected) throws Exception {
        Path dir = renderTo(tmp.resolve("rendered"), Map.of());
        Path document = dir.resolve(file);
        String text = Files.readString(document);
        assertThat(text).as("the text this test breaks in " + file).contains(from);
        Files.writeString(document, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));

        Lint lint = lint(dir);
        assertThat(lint.exit()).as(mistake + ":\n" + lint.output()).isEqualTo(1);
        assertThat(lint.problems()).as(mistake).isNotEmpty().allMatch(line -> line.startsWith(file + ": "));
        assertThat(lint.problems()).as(mistake).anyMatch(line -> line.contains(expected));
    }

    @Test
    void aMissingDocumentIsAProblemAndBadUsageExitsTwo() throws Exception {
        Path dir = renderTo(tmp.resolve("rendered"), Map.of());
        Files.delete(dir.resolve("bucket-policy.json"));
        Lint lint = lint(dir);
        assertThat(lint.exit()).isEqualTo(1);
        assertThat(lint.problems()).containsExactly("bucket-policy.json: missing (expected in " + dir + ")");

        assertThat(lint(tmp.resolve("no-such-folder")).exit()).isEqualTo(2);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The lint's exit code and output; problems are the lines that are not warnings. */
    record Lint(int exit, String output) {
        List<String> problems() {
            return output.lines().filter(l -> !l.isBlank() && !l.contains(": warning: ")).toList();
        }
    }

    static Path lintDir() {
        return TestProjects.repo().resolve("scripts/lint");
    }

    static Path renderTo(Path dir, Map<String, String> extra) {
        Config config = PolicyRulesTest.config(extra);
        PolicyRulesTest.render(TestProjects.templates(), config).writeTo(dir);
        return dir;
    }

    static Lint lint(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", lintDir().resolve("lint.mjs").toString(), dir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node lint.mjs did not finish within 120 s");
        }
        return new Lint(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
