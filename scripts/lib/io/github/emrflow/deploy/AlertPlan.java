package io.github.emrflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Failure alerts (notify.sns.topic or notify.email): the topic (see {@link AlertTopicPlan}) and the
 * EventBridge rule PREFIX-failed-runs whose pattern names only this state machine's executions
 * ending FAILED, TIMED_OUT or ABORTED, and whose one target publishes a readable message to the
 * topic. With both settings empty, a rule (and topic) an earlier deploy made is deleted.
 */
final class AlertPlan {
    static final String TARGET_ID = "alert-topic";

    private AlertPlan() {
    }

    static List<PlannedChange> plan(AwsSession aws, Config config, Rendered rendered, TemplateModel model) {
        ResourceNames names = new ResourceNames(config.prefix());
        boolean on = !config.get(Setting.NOTIFY_SNS_TOPIC).isEmpty() || !config.get(Setting.NOTIFY_EMAIL).isEmpty();
        DescribeRuleResponse rule = currentRule(aws, names.alertRule(), model.alertRuleArn(), config);
        List<PlannedChange> changes = new ArrayList<>();
        if (!on) {
            if (rule != null) {
                changes.add(new PlannedChange("alert rule", names.alertRule(), PlannedChange.Action.DELETE, List.of("alerts are off"),
                        () -> deleteRule(aws.events(), names.alertRule())));
            }
            String ownTopic = model.alertTopicArn();
            Map<String, String> attributes = AlertTopicPlan.attributes(aws, ownTopic);
            if (attributes != null && config.prefix().equals(AlertTopicPlan.tags(aws, ownTopic).get(ResourceNames.PROJECT_TAG))) {
                changes.add(new PlannedChange("topic", names.alertTopic(), PlannedChange.Action.DELETE, List.of("alerts are off"),
                        () -> AwsErrors.run("sns:DeleteTopic", ownTopic, () -> aws.sns().deleteTopic(b -> b.topicArn(ownTopic)))));
            }
            return changes;
        }
        changes.add(AlertTopicPlan.plan(aws, config, rendered, model.alertTopicArn()));
        changes.add(planRule(aws, config, rendered, model, rule));
        return changes;
    }

    private static PlannedChange planRule(AwsSession aws, Config config, Rendered rendered, TemplateModel model, DescribeRuleResponse rule) {
        EventBridgeClient events = aws.events();
        String name = new ResourceNames(config.prefix()).alertRule();
        JsonNode document = rendered.json(Artifact.ALERT_RULE);
        JsonNode pattern = document.path("EventPattern");
        JsonNode transformer = document.path("InputTransformer");
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        transformer.path("InputPathsMap").fields().forEachRemaining(e -> paths.put(e.getKey(), e.getValue().asText()));
        Target target = Target.builder().id(TARGET_ID).arn(model.alertTopicArn()).inputTransformer(InputTransformer.builder()
                .inputPathsMap(paths).inputTemplate(transformer.path("InputTemplate").asText()).build()).build();
        List<String> reasons = new ArrayList<>();
        if (rule != null) {
            if (!pattern.equals(JsonDocuments.parse("event pattern of " + name, rule.eventPattern()))) {
                reasons.add("event pattern");
            }
            if (rule.state() != RuleState.ENABLED) {
                reasons.add("disabled");
            }
            List<Target> targets = AwsErrors.call("events:ListTargetsByRule", name, () -> events.listTargetsByRule(b -> b.rule(name)).targets());
            if (targets.size() != 1 || !sameTarget(targets.get(0), target)) {
                reasons.add("target");
            }
            Map<String, String> tags = ruleTags(aws, model.alertRuleArn());
            if (!Tags.covers(tags, config.tags())) {
                reasons.add("tags");
            }
        }
        boolean exists = rule != null;
        boolean putRule = !exists || reasons.contains("event pattern") || reasons.contains("disabled");
        boolean putTargets = !exists || reasons.contains("target");
        boolean putTags = reasons.contains("tags");
        return new PlannedChange("alert rule", name, PlannedChange.Action.of(exists, reasons), reasons, () -> {
            if (putRule) {
                AwsErrors.run("events:PutRule", name, () -> events.putRule(b -> b.name(name).eventPattern(JsonDocuments.compact(pattern))
                        .state(RuleState.ENABLED).description("emrflow " + config.prefix() + ": failed runs of " + model.stateMachineArn())
                        .tags(Tags.events(config.tags()))));
            }
            if (putTargets) {
                List<String> others = !exists ? List.of() : AwsErrors.call("events:ListTargetsByRule", name,
                        () -> events.listTargetsByRule(b -> b.rule(name)).targets()).stream().map(Target::id)
                        .filter(id -> !id.equals(TARGET_ID)).toList();
                if (!others.isEmpty()) {
                    AwsErrors.run("events:RemoveTargets", name, () -> events.removeTargets(b -> b.rule(name).ids(others)));
                }
                AwsErrors.run("events:PutTargets", name, () -> events.putTargets(b -> b.rule(name).targets(target)));
            }
            if (putTags) {
                AwsErrors.run("events:TagResource", name, () -> events.tagResource(b -> b.resourceARN(model.alertRuleArn())
                        .tags(Tags.events(config.tags()))));
            }
        });
    }

    private static boolean sameTarget(Target current, Target wanted) {
        return current.id().equals(wanted.id()) && current.arn().equals(wanted.arn()) && current.inputTransformer() != null
                && current.inputTransformer().inputPathsMap().equals(wanted.inputTransformer().inputPathsMap())
                && current.inputTransformer().inputTemplate().equals(wanted.inputTransformer().inputTemplate());
    }

    /** The rule, or null; one of our name without our tag is refused (it is someone else's). */
    static DescribeRuleResponse currentRule(AwsSession aws, String name, String arn, Config config) {
        DescribeRuleResponse rule;
        try {
            rule = aws.events().describeRule(b -> b.name(name));
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            throw AwsErrors.translate("events:DescribeRule", name, e);
        }
        if (!config.prefix().equals(ruleTags(aws, arn).get(ResourceNames.PROJECT_TAG))) {
            throw UserError.badInput("EventBridge rule '" + name + "' exists but is not tagged " + ResourceNames.PROJECT_TAG + "="
                    + config.prefix() + ": it is not this project's; change 'name.prefix' or delete the rule");
        }
        return rule;
    }

    static Map<String, String> ruleTags(AwsSession aws, String arn) {
        return AwsErrors.call("events:ListTagsForResource", arn, () -> aws.events().listTagsForResource(b -> b.resourceARN(arn)))
                .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
    }

    /** A rule must lose its targets before it can be deleted. */
    static void deleteRule(EventBridgeClient events, String name) {
        List<String> ids = AwsErrors.call("events:ListTargetsByRule", name, () -> events.listTargetsByRule(b -> b.rule(name)).targets())
                .stream().map(Target::id).toList();
        if (!ids.isEmpty()) {
            AwsErrors.run("events:RemoveTargets", name, () -> events.removeTargets(b -> b.rule(name).ids(ids)));
        }
        AwsErrors.run("events:DeleteRule", name, () -> events.deleteRule(b -> b.name(name)));
    }
}
