package io.github.emrflow;

import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least-privilege promises of docs/iam.md, checked on rendered policies. Each rule returns
 * problem lines ("FILE: Sid: what is wrong") rather than asserting, so a test can show both that
 * the real templates keep every promise and that each rule notices when a template breaks it.
 */
final class PolicyRules {
    static final List<Artifact> POLICIES = List.of(Artifact.JOB_ROLE_TRUST, Artifact.JOB_ROLE_POLICY,
            Artifact.STATE_MACHINE_ROLE_TRUST, Artifact.STATE_MACHINE_ROLE_POLICY, Artifact.SCHEDULER_ROLE_TRUST,
            Artifact.SCHEDULER_ROLE_POLICY, Artifact.ALERT_TOPIC_POLICY, Artifact.BUCKET_POLICY);

    /** Prefixes of the bucket the job reads, lists and writes (see docs/iam.md). */
    static final List<String> JOB_READS = List.of("input/", "jobs/");
    /** Spark checks that its output path does not exist yet and commits by reading back its own files. */
    static final List<String> JOB_READS_BACK = List.of("runs/");
    static final List<String> JOB_WRITES = List.of("runs/", "logs/");

    private static final Set<String> OBJECT_READ_ACTIONS = Set.of("s3:getobject", "s3:getobjectversion");
    private static final Set<String> OBJECT_WRITE_ACTIONS = Set.of("s3:putobject", "s3:deleteobject", "s3:abortmultipartupload",
            "s3:listmultipartuploadparts");
    private static final String LIST_ACTION = "s3:listbucket";
    private static final String LOGS_SERVICE = "logs:";
    /** What EMR Serverless needs of the job role to write the job's logs to CloudWatch Logs. */
    static final Set<String> JOB_LOG_ACTIONS = Set.of("logs:createlogstream", "logs:describelogstreams", "logs:describeloggroups",
            "logs:putlogevents");

    private final TemplateModel model;
    private final Set<String> unscopedActions;

    /**
     * @param model the values the policies were rendered from (account, ARNs, bucket)
     * @param unscopedActions the actions docs/iam.md allows with {@code Resource: "*"}
     */
    PolicyRules(TemplateModel model, Set<String> unscopedActions) {
        this.model = model;
        this.unscopedActions = lowerCase(unscopedActions);
    }

    /** Every rule's problems; empty when the rendered policies keep every promise. */
    List<String> check(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        problems.addAll(noWildcardActions(rendered));
        problems.addAll(resourceStarOnlyForListedActions(rendered));
        problems.addAll(passRoleOnlyTheJobRoleToEmrServerless(rendered));
        problems.addAll(trustPoliciesGuardSourceAccountAndArn(rendered));
        problems.addAll(jobRoleReadsAndWritesOnlyItsPrefixes(rendered));
        problems.addAll(jobRoleS3PinsTheBucketOwner(rendered));
        problems.addAll(logsOnlyTheProjectLogGroupAndOnlyWhenOn(rendered));
        problems.addAll(bucketDeniesInsecureTransport(rendered));
        problems.addAll(schedulerRoleStartsOnlyThisStateMachine(rendered));
        problems.addAll(alertTopicTakesOnlyThisRulesEvents(rendered));
        problems.addAll(emrServerlessOnlyOnTheProjectsApplications(rendered));
        return problems;
    }

    /** The application lifecycle actions a per-run workflow needs and a shared one must not have. */
    static final List<String> LIFECYCLE_ACTIONS = List.of("emr-serverless:createapplication", "emr-serverless:startapplication",
            "emr-serverless:stopapplication", "emr-serverless:deleteapplication");

    /**
     * Every EMR Serverless grant of the workflow role carries the project tag (as a resource or a
     * request tag). With a shared application it names that application (and its job runs) only,
     * and no action that creates, starts, stops or deletes applications remains.
     */
    List<String> emrServerlessOnlyOnTheProjectsApplications(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.STATE_MACHINE_ROLE_POLICY;
        for (JsonNode s : allows(rendered, policy)) {
            List<String> actions = strings(s.get("Action")).stream().map(a -> a.toLowerCase(Locale.ROOT))
                    .filter(a -> a.startsWith("emr-serverless:")).toList();
            if (actions.isEmpty()) {
                continue;
            }
            List<String> tagged = new ArrayList<>(condition(s, "StringEquals", "aws:ResourceTag/emrflow:project"));
            tagged.addAll(condition(s, "StringEquals", "aws:RequestTag/emrflow:project"));
            if (!tagged.equals(List.of(model.prefix()))) {
                problems.add(where(policy, s) + "EMR Serverless actions without the condition StringEquals aws:ResourceTag (or"
                        + " aws:RequestTag)/emrflow:project = " + model.prefix() + " (found " + tagged + ")");
            }
            if (!model.sharedApplication()) {
                continue;
            }
            for (String action : actions) {
                if (LIFECYCLE_ACTIONS.contains(action)) {
                    problems.add(where(policy, s) + "'" + action + "': the shared application's workflow only runs jobs on it");
                }
            }
            for (String resource : strings(s.get("Resource"))) {
                if (!resource.equals(model.sharedApplicationArn()) && !resource.startsWith(model.sharedApplicationArn() + "/jobruns/")) {
                    problems.add(where(policy, s) + "'" + resource + "': only the shared application " + model.sharedApplicationArn()
                            + " and its job runs");
                }
            }
        }
        return problems;
    }

    /** No Allow grants {@code *}, {@code service:*} or any other wildcard action, nor uses NotAction. */
    List<String> noWildcardActions(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Artifact policy : POLICIES) {
            for (JsonNode s : allows(rendered, policy)) {
                if (s.has("NotAction")) {
                    problems.add(where(policy, s) + "Allow with NotAction grants every other action");
                }
                for (String action : strings(s.get("Action"))) {
                    if (action.contains("*") || action.contains("?")) {
                        problems.add(where(policy, s) + "wildcard action '" + action + "': name each action");
                    }
                }
            }
        }
        return problems;
    }

    /** Resource "*" (or an ARN open in its region or account) only for the actions docs/iam.md lists. */
    List<String> resourceStarOnlyForListedActions(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Artifact policy : POLICIES) {
            for (JsonNode s : allows(rendered, policy)) {
                if (s.has("NotResource")) {
                    problems.add(where(policy, s) + "Allow with NotResource grants every other resource");
                }
                for (String resource : strings(s.get("Resource"))) {
                    if (resource.equals("*")) {
                        for (String action : strings(s.get("Action"))) {
                            if (!unscopedActions.contains(action.toLowerCase(Locale.ROOT))) {
                                problems.add(where(policy, s) + "'" + action + "' on Resource \"*\" but docs/iam.md does not list it"
                                        + " among the actions that cannot be scoped");
                            }
                        }
                    } else if (openArn(resource)) {
                        problems.add(where(policy, s) + "'" + resource + "' is open in its partition, service, region or account");
                    }
                }
            }
        }
        return problems;
    }

    /** iam:PassRole only in the state machine role, only of the job role, only to EMR Serverless. */
    List<String> passRoleOnlyTheJobRoleToEmrServerless(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        boolean granted = false;
        for (Artifact policy : POLICIES) {
            for (JsonNode s : allows(rendered, policy)) {
                if (strings(s.get("Action")).stream().noneMatch(a -> glob(a).matcher("iam:PassRole").matches())) {
                    continue;
                }
                if (policy != Artifact.STATE_MACHINE_ROLE_POLICY) {
                    problems.add(where(policy, s) + "iam:PassRole: only the state machine role passes a role");
                    continue;
                }
                granted = true;
                List<String> resources = strings(s.get("Resource"));
                if (!resources.equals(List.of(model.jobRoleArn()))) {
                    problems.add(where(policy, s) + "iam:PassRole on " + resources + ": only on the job role " + model.jobRoleArn());
                }
                List<String> passedTo = condition(s, "StringEquals", "iam:PassedToService");
                if (!passedTo.equals(List.of("emr-serverless.amazonaws.com"))) {
                    problems.add(where(policy, s) + "iam:PassRole needs the condition StringEquals iam:PassedToService"
                            + " = emr-serverless.amazonaws.com (found " + passedTo + ")");
                }
            }
        }
        if (!granted) {
            problems.add(Artifact.STATE_MACHINE_ROLE_POLICY.fileName() + ": no statement lets the state machine pass the job role"
                    + " to EMR Serverless: StartJobRun with ExecutionRoleArn would be denied");
        }
        return problems;
    }

    /** Both roles trust only their service, and only on behalf of this account (and its resources). */
    List<String> trustPoliciesGuardSourceAccountAndArn(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        String arnStart = "arn:" + model.partition() + ":";
        problems.addAll(trust(rendered, Artifact.JOB_ROLE_TRUST, "emr-serverless.amazonaws.com",
                arnStart + "emr-serverless:" + model.region() + ":" + model.accountId() + ":/applications/"));
        problems.addAll(trust(rendered, Artifact.STATE_MACHINE_ROLE_TRUST, "states.amazonaws.com", model.stateMachineArn()));
        problems.addAll(trust(rendered, Artifact.SCHEDULER_ROLE_TRUST, "scheduler.amazonaws.com", model.scheduleGroupArn()));
        return problems;
    }

    /** The scheduler role may start this state machine, and do nothing else. */
    List<String> schedulerRoleStartsOnlyThisStateMachine(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.SCHEDULER_ROLE_POLICY;
        List<JsonNode> allows = allows(rendered, policy);
        if (allows.isEmpty()) {
            problems.add(policy.fileName() + ": no statement lets Scheduler start the state machine");
        }
        for (JsonNode s : allows) {
            List<String> actions = strings(s.get("Action"));
            if (!actions.equals(List.of("states:StartExecution"))) {
                problems.add(where(policy, s) + "actions " + actions + ": the scheduler role needs only states:StartExecution");
            }
            List<String> resources = strings(s.get("Resource"));
            if (!resources.equals(List.of(model.stateMachineArn()))) {
                problems.add(where(policy, s) + "states:StartExecution on " + resources + ": only on " + model.stateMachineArn());
            }
        }
        return problems;
    }

    /** Only EventBridge may publish to the alert topic, and only for this project's failed-runs rule. */
    List<String> alertTopicTakesOnlyThisRulesEvents(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.ALERT_TOPIC_POLICY;
        for (JsonNode s : allows(rendered, policy)) {
            List<String> principals = strings(s.path("Principal").get("Service"));
            if (!principals.equals(List.of("events.amazonaws.com")) || s.path("Principal").size() != 1) {
                problems.add(where(policy, s) + "Principal must be exactly the service events.amazonaws.com (found " + s.path("Principal") + ")");
            }
            if (!strings(s.get("Action")).equals(List.of("sns:Publish"))) {
                problems.add(where(policy, s) + "actions " + strings(s.get("Action")) + ": EventBridge needs only sns:Publish");
            }
            if (!strings(s.get("Resource")).equals(List.of(model.alertTopicArn()))) {
                problems.add(where(policy, s) + "sns:Publish on " + strings(s.get("Resource")) + ": only on " + model.alertTopicArn());
            }
            List<String> sources = new ArrayList<>(condition(s, "ArnEquals", "aws:SourceArn"));
            sources.addAll(condition(s, "ArnLike", "aws:SourceArn"));
            if (!sources.equals(List.of(model.alertRuleArn()))) {
                problems.add(where(policy, s) + "missing the guard ArnEquals aws:SourceArn = " + model.alertRuleArn() + " (found " + sources + ")");
            }
        }
        return problems;
    }

    private List<String> trust(Rendered rendered, Artifact policy, String service, String sourceArnStart) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> allows = allows(rendered, policy);
        if (allows.isEmpty()) {
            problems.add(policy.fileName() + ": no statement trusts " + service);
        }
        for (JsonNode s : allows) {
            List<String> principals = strings(s.path("Principal").get("Service"));
            if (!principals.equals(List.of(service)) || s.path("Principal").size() != 1) {
                problems.add(where(policy, s) + "Principal must be exactly the service " + service + " (found " + s.path("Principal") + ")");
            }
            List<String> accounts = condition(s, "StringEquals", "aws:SourceAccount");
            if (!accounts.equals(List.of(model.accountId()))) {
                problems.add(where(policy, s) + "missing the confused-deputy guard StringEquals aws:SourceAccount = "
                        + model.accountId() + " (found " + accounts + ")");
            }
            List<String> arns = new ArrayList<>();
            for (String operator : List.of("ArnLike", "ArnEquals", "StringLike", "StringEquals")) {
                arns.addAll(condition(s, operator, "aws:SourceArn"));
            }
            if (arns.isEmpty() || arns.stream().anyMatch(a -> !a.startsWith(sourceArnStart))) {
                problems.add(where(policy, s) + "missing the confused-deputy guard aws:SourceArn under " + sourceArnStart
                        + " (found " + arns + ")");
            }
        }
        return problems;
    }

    /** The job role reads input/ and jobs/, writes runs/ and logs/, and nothing else. */
    List<String> jobRoleReadsAndWritesOnlyItsPrefixes(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.JOB_ROLE_POLICY;
        String bucketArn = "arn:" + model.partition() + ":s3:::" + model.bucket();
        List<String> readable = new ArrayList<>(JOB_READS);
        readable.addAll(JOB_READS_BACK);
        for (JsonNode s : allows(rendered, policy)) {
            List<String> resources = strings(s.get("Resource"));
            for (String action : strings(s.get("Action"))) {
                String a = action.toLowerCase(Locale.ROOT);
                if (a.startsWith(LOGS_SERVICE)) {
                    continue; // the CloudWatch Logs rule below judges these
                }
                if (a.equals(LIST_ACTION)) {
                    if (!resources.equals(List.of(bucketArn))) {
                        problems.add(where(policy, s) + action + " on " + resources + ": only on the bucket " + bucketArn);
                    }
                    List<String> prefixes = new ArrayList<>(condition(s, "StringLike", "s3:prefix"));
                    prefixes.addAll(condition(s, "StringEquals", "s3:prefix"));
                    if (prefixes.isEmpty()) {
                        problems.add(where(policy, s) + action + " without an s3:prefix condition lists the whole bucket");
                    }
                    for (String prefix : prefixes) {
                        if (!underAny(prefix, readable)) {
                            problems.add(where(policy, s) + action + " of prefix '" + prefix + "': the job lists only " + readable);
                        }
                    }
                    continue;
                }
                boolean read = OBJECT_READ_ACTIONS.contains(a);
                boolean write = OBJECT_WRITE_ACTIONS.contains(a);
                if (!read && !write) {
                    problems.add(where(policy, s) + "'" + action + "' is not one of the object reads and writes the job needs");
                    continue;
                }
                for (String resource : resources) {
                    if (!resource.startsWith(bucketArn + "/")) {
                        problems.add(where(policy, s) + action + " on '" + resource + "': only on objects of " + bucketArn);
                        continue;
                    }
                    String key = resource.substring(bucketArn.length() + 1);
                    if (read && !underAny(key, readable)) {
                        problems.add(where(policy, s) + action + " on '" + key + "': the job reads only " + JOB_READS
                                + " (and reads back its output under " + JOB_READS_BACK + ")");
                    }
                    if (write && !underAny(key, JOB_WRITES)) {
                        problems.add(where(policy, s) + action + " on '" + key + "': the job writes only " + JOB_WRITES);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Every S3 statement of the job role holds only in a bucket of this account (StringEquals
     * s3:ResourceAccount): bucket names are global, so if the bucket were deleted and its name taken
     * by another account, the job must not read that account's objects or write its output there.
     */
    List<String> jobRoleS3PinsTheBucketOwner(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.JOB_ROLE_POLICY;
        for (JsonNode s : allows(rendered, policy)) {
            if (strings(s.get("Action")).stream().noneMatch(a -> a.toLowerCase(Locale.ROOT).startsWith("s3:"))) {
                continue;
            }
            List<String> accounts = condition(s, "StringEquals", "s3:ResourceAccount");
            if (!accounts.equals(List.of(model.accountId()))) {
                problems.add(where(policy, s) + "S3 access without the condition StringEquals s3:ResourceAccount = "
                        + model.accountId() + " (found " + accounts + ")");
            }
        }
        return problems;
    }

    /**
     * CloudWatch Logs actions appear only with logs.cloudwatch=true, only in the job role, only the
     * ones the job's logging needs, and only on the project's own log group (and its streams).
     */
    List<String> logsOnlyTheProjectLogGroupAndOnlyWhenOn(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Artifact policy : POLICIES) {
            for (JsonNode s : allows(rendered, policy)) {
                List<String> actions = strings(s.get("Action")).stream().filter(a -> a.toLowerCase(Locale.ROOT).startsWith(LOGS_SERVICE)).toList();
                if (actions.isEmpty()) {
                    continue;
                }
                if (!model.logsCloudwatch()) {
                    problems.add(where(policy, s) + "CloudWatch Logs actions " + actions + " with logs.cloudwatch=false");
                    continue;
                }
                if (policy != Artifact.JOB_ROLE_POLICY) {
                    problems.add(where(policy, s) + "CloudWatch Logs actions " + actions + ": only the job role writes logs");
                    continue;
                }
                for (String action : actions) {
                    if (!JOB_LOG_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
                        problems.add(where(policy, s) + "'" + action + "' is not one of the log writes the job needs");
                    }
                }
                List<String> resources = strings(s.get("Resource"));
                // DescribeLogGroups has no resource type: it takes "*" (docs/iam.md lists it), alone in its statement.
                boolean describeGroups = actions.stream().allMatch(a -> a.equalsIgnoreCase("logs:DescribeLogGroups"));
                List<String> group = List.of(model.jobLogGroupArn(), model.jobLogStreamsArn());
                if (describeGroups ? !resources.equals(List.of("*")) : !resources.equals(group)) {
                    problems.add(where(policy, s) + "CloudWatch Logs on " + resources + ": only on the project's log group and its streams "
                            + group);
                }
            }
        }
        return problems;
    }

    /** The bucket policy denies every request that does not use TLS, and allows nothing to everyone. */
    List<String> bucketDeniesInsecureTransport(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Artifact policy = Artifact.BUCKET_POLICY;
        String bucketArn = "arn:" + model.partition() + ":s3:::" + model.bucket();
        boolean denied = false;
        for (JsonNode s : statements(rendered, policy)) {
            boolean everyone = s.path("Principal").asText().equals("*") || strings(s.path("Principal").get("AWS")).contains("*");
            if (s.path("Effect").asText().equals("Allow") && everyone) {
                problems.add(where(policy, s) + "allows everyone (Principal \"*\")");
            }
            List<String> actions = strings(s.get("Action"));
            List<String> secure = condition(s, "Bool", "aws:SecureTransport");
            if (s.path("Effect").asText().equals("Deny") && everyone
                    && (actions.contains("s3:*") || actions.contains("*"))
                    && strings(s.get("Resource")).containsAll(List.of(bucketArn, bucketArn + "/*"))
                    && secure.equals(List.of("false"))) {
                denied = true;
            }
        }
        if (!denied) {
            problems.add(policy.fileName() + ": no statement denies s3:* to everyone on " + bucketArn + " and "
                    + bucketArn + "/* when Bool aws:SecureTransport is \"false\"");
        }
        return problems;
    }

    // ---- the deploying identity's policy (docs/iam.md) ------------------------------------------

    /** IAM actions that give a role permissions or let someone new assume it. */
    static final List<String> ROLE_GRANTS = List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy",
            "iam:PutRolePermissionsBoundary", "iam:AttachRolePolicy");

    /**
     * Every Allow of an IAM action names only {@code roleArns} (no pattern that could match a role of
     * someone else), and the only other IAM action is PassRole of each role of {@code passRoles} to
     * its one service (the workflow role to Step Functions, the scheduler role to Scheduler).
     */
    static List<String> deployerIamOnlyOnTheRoles(JsonNode policy, List<String> roleArns, Map<String, String> passRoles) {
        List<String> problems = new ArrayList<>();
        for (JsonNode s : effect(policy, "Allow")) {
            List<String> iamActions = strings(s.get("Action")).stream().filter(a -> a.toLowerCase(Locale.ROOT).startsWith("iam:")).toList();
            if (iamActions.isEmpty()) {
                continue;
            }
            List<String> resources = strings(s.get("Resource"));
            if (iamActions.equals(List.of("iam:PassRole"))) {
                String service = resources.size() == 1 ? passRoles.get(resources.get(0)) : null;
                if (service == null || !condition(s, "StringEquals", "iam:PassedToService").equals(List.of(service))) {
                    problems.add(sid(s) + "iam:PassRole only of " + passRoles.keySet() + ", each only to its service " + passRoles.values());
                }
                continue;
            }
            if (iamActions.contains("iam:PassRole")) {
                problems.add(sid(s) + "iam:PassRole shares a statement with other IAM actions: it needs its own condition");
            }
            if (resources.isEmpty() || !roleArns.containsAll(resources)) {
                problems.add(sid(s) + iamActions + " on " + resources + ": only on the roles " + roleArns);
            }
        }
        return problems;
    }

    /** Every Allow of a {@link #ROLE_GRANTS} action requires the role's boundary to be {@code boundaryArn}. */
    static List<String> deployerGrantsOnlyWithTheBoundary(JsonNode policy, String boundaryArn) {
        List<String> problems = new ArrayList<>();
        for (JsonNode s : effect(policy, "Allow")) {
            for (String action : strings(s.get("Action"))) {
                boolean grant = ROLE_GRANTS.stream().anyMatch(g -> glob(action).matcher(g).matches());
                if (grant && !condition(s, "StringEquals", "iam:PermissionsBoundary").equals(List.of(boundaryArn))) {
                    problems.add(sid(s) + action + " without the condition StringEquals iam:PermissionsBoundary = " + boundaryArn
                            + ": its holder could give a role anything and assume it");
                }
            }
            // Any other operator next to it (an IfExists, a ForAnyValue) could loosen the requirement.
            if (strings(s.get("Action")).stream().anyMatch(ROLE_GRANTS::contains) && s.path("Condition").size() != 1) {
                problems.add(sid(s) + "a role grant must have the boundary condition and nothing else");
            }
        }
        return problems;
    }

    /**
     * An unconditional Deny of removing the boundary from each role and of changing the boundary
     * policy itself: either would lift the cap the condition above relies on.
     */
    static List<String> deployerCannotLiftTheBoundary(JsonNode policy, List<String> roleArns, String boundaryArn) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> required = new java.util.LinkedHashMap<>();
        roleArns.forEach(r -> required.put(r, List.of("iam:DeleteRolePermissionsBoundary")));
        required.put(boundaryArn, List.of("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"));
        for (Map.Entry<String, List<String>> e : required.entrySet()) {
            for (String action : e.getValue()) {
                boolean denied = effect(policy, "Deny").stream().anyMatch(s -> !s.has("Condition")
                        && strings(s.get("Action")).stream().anyMatch(a -> glob(a).matcher(action).matches())
                        && strings(s.get("Resource")).stream().anyMatch(r -> glob(r).matcher(e.getKey()).matches()));
                if (!denied) {
                    problems.add("no unconditional Deny of " + action + " on " + e.getKey());
                }
            }
        }
        return problems;
    }

    private static List<JsonNode> effect(JsonNode policy, String effect) {
        List<JsonNode> list = new ArrayList<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Effect").asText().equals(effect)) {
                list.add(s);
            }
        });
        return list;
    }

    private static String sid(JsonNode statement) {
        return statement.path("Sid").asText("(statement without Sid)") + ": ";
    }

    /** The actions in docs/iam.md's table of actions that need Resource "*" (first column, in backticks). */
    static Set<String> unscopedActions(Path iamDoc) {
        String section = section(read(iamDoc), UNSCOPED_HEADING);
        Set<String> actions = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([a-z0-9-]+:[A-Za-z0-9*]+)`\\s*\\|").matcher(section);
        while (row.find()) {
            actions.add(row.group(1));
        }
        return actions;
    }

    static final String UNSCOPED_HEADING = "## Actions that need Resource \"*\"";

    /** The text from a heading to the next heading of the same or a higher level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("no heading '" + heading + "'");
        }
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("(?m)^#{1," + level + "} ").matcher(markdown);
        int end = next.find(start + heading.length() + 2) ? next.start() : markdown.length();
        return markdown.substring(start + heading.length() + 2, end);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- JSON helpers -------------------------------------------------------------------------

    static List<JsonNode> statements(Rendered rendered, Artifact policy) {
        JsonNode statement = rendered.json(policy).path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(list::add);
        } else if (statement.isObject()) {
            list.add(statement);
        }
        return list;
    }

    private static List<JsonNode> allows(Rendered rendered, Artifact policy) {
        return statements(rendered, policy).stream().filter(s -> s.path("Effect").asText().equals("Allow")).toList();
    }

    /** A string or an array of strings (the two shapes IAM allows) as a list; absent is empty. */
    static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return list;
        }
        if (node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else {
            list.add(node.asText());
        }
        return list;
    }

    /** The values of one condition key under one operator; IAM compares both case-insensitively. */
    private static List<String> condition(JsonNode statement, String operator, String key) {
        List<String> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = statement.path("Condition").fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!op.getKey().equalsIgnoreCase(operator)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                if (k.getKey().equalsIgnoreCase(key)) {
                    values.addAll(strings(k.getValue()));
                }
            }
        }
        return values;
    }

    private static String where(Artifact policy, JsonNode statement) {
        String sid = statement.path("Sid").asText("");
        return policy.fileName() + ": " + (sid.isEmpty() ? "(statement without Sid)" : sid) + ": ";
    }

    /** An IAM wildcard pattern as a regular expression (case-insensitive, as IAM matches actions). */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** An ARN whose partition, service, region or account is a wildcard. */
    private static boolean openArn(String resource) {
        String[] parts = resource.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (parts[i].contains("*") || parts[i].contains("?")) {
                return true;
            }
        }
        return false;
    }

    /** True when every key the pattern covers lies under one of the prefixes. */
    private static boolean underAny(String keyPattern, List<String> prefixes) {
        return prefixes.stream().anyMatch(keyPattern::startsWith);
    }

    private static Set<String> lowerCase(Set<String> values) {
        Set<String> lower = new LinkedHashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
