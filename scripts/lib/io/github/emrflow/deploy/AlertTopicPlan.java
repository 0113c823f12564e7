package io.github.emrflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.Rendered;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * The topic failure alerts are published to. With notify.email, deploy owns it (PREFIX-alerts,
 * tagged, its policy exactly the template's, the address subscribed). With notify.sns.topic the
 * topic is the user's: deploy only merges its one statement (by Sid) into the topic's policy, so
 * whatever else the policy allows stays.
 */
final class AlertTopicPlan {
    /** The Sid of the statement alert-topic-policy.json.ftl renders; what deploy adds, and destroy removes, on a user's topic. */
    static final String STATEMENT_ID = "EventBridgePublishesThisProjectsFailedRuns";

    private AlertTopicPlan() {
    }

    static PlannedChange plan(AwsSession aws, Config config, Rendered rendered, String topicArn) {
        SnsClient sns = aws.sns();
        Map<String, String> attributes = attributes(aws, topicArn);
        JsonNode wanted = rendered.json(Artifact.ALERT_TOPIC_POLICY);
        String email = config.get(Setting.NOTIFY_EMAIL);
        if (email.isEmpty()) {
            if (attributes == null) {
                throw UserError.badInput("'" + Setting.NOTIFY_SNS_TOPIC.key() + "' names topic " + topicArn + " which does not exist in "
                        + aws.target() + ": create it or fix the ARN");
            }
            JsonNode current = attributes.containsKey("Policy") ? JsonDocuments.parse("policy of " + topicArn, attributes.get("Policy")) : null;
            JsonNode merged = merge(current, wanted);
            List<String> reasons = merged.equals(current) ? List.of() : List.of("policy statement " + STATEMENT_ID);
            return new PlannedChange("topic", topicArn, PlannedChange.Action.of(true, reasons), reasons,
                    () -> setPolicy(sns, topicArn, merged));
        }
        List<String> reasons = new ArrayList<>();
        boolean exists = attributes != null;
        boolean subscribed = false;
        if (exists) {
            Map<String, String> tags = tags(aws, topicArn);
            if (!config.prefix().equals(tags.get(ResourceNames.PROJECT_TAG))) {
                throw UserError.badInput("SNS topic '" + topicArn + "' exists but is not tagged " + ResourceNames.PROJECT_TAG + "="
                        + config.prefix() + ": it is not this project's; set '" + Setting.NOTIFY_SNS_TOPIC.key() + "' to use it, or delete it");
            }
            if (!wanted.equals(JsonDocuments.parse("policy of " + topicArn, attributes.getOrDefault("Policy", "{}")))) {
                reasons.add("policy");
            }
            if (!Tags.covers(tags, config.tags())) {
                reasons.add("tags");
            }
            subscribed = AwsErrors.call("sns:ListSubscriptionsByTopic", topicArn, () -> sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn))
                    .subscriptions().stream().anyMatch(s -> "email".equals(s.protocol()) && email.equalsIgnoreCase(s.endpoint())));
            if (!subscribed) {
                reasons.add("subscription " + email);
            }
        }
        boolean subscribe = !subscribed;
        boolean putPolicy = reasons.contains("policy");
        boolean putTags = reasons.contains("tags");
        String name = new ResourceNames(config.prefix()).alertTopic();
        return new PlannedChange("topic", name, PlannedChange.Action.of(exists, reasons), reasons, () -> {
            if (!exists) {
                AwsErrors.run("sns:CreateTopic", name, () -> sns.createTopic(b -> b.name(name).tags(Tags.sns(config.tags()))
                        .attributes(Map.of("Policy", rendered.text(Artifact.ALERT_TOPIC_POLICY)))));
            }
            if (putPolicy) {
                setPolicy(sns, topicArn, wanted);
            }
            if (putTags) {
                AwsErrors.run("sns:TagResource", topicArn, () -> sns.tagResource(b -> b.resourceArn(topicArn).tags(Tags.sns(config.tags()))));
            }
            if (subscribe) {
                AwsErrors.run("sns:Subscribe", topicArn, () -> sns.subscribe(b -> b.topicArn(topicArn).protocol("email").endpoint(email)));
            }
        });
    }

    /** The topic's attributes, or null when it does not exist. */
    static Map<String, String> attributes(AwsSession aws, String topicArn) {
        try {
            return aws.sns().getTopicAttributes(b -> b.topicArn(topicArn)).attributes();
        } catch (NotFoundException e) {
            return null;
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw AwsErrors.translate("sns:GetTopicAttributes", topicArn, e);
        }
    }

    static Map<String, String> tags(AwsSession aws, String topicArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.call("sns:ListTagsForResource", topicArn, () -> aws.sns().listTagsForResource(b -> b.resourceArn(topicArn)))
                .tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /** The current policy with our statement replaced or added; an absent policy becomes ours alone. */
    static JsonNode merge(JsonNode current, JsonNode ours) {
        if (current == null || !current.path("Statement").isArray()) {
            return ours;
        }
        ObjectNode merged = current.deepCopy();
        ArrayNode statements = JsonDocuments.mapper().createArrayNode();
        current.path("Statement").forEach(s -> {
            if (!STATEMENT_ID.equals(s.path("Sid").asText())) {
                statements.add(s);
            }
        });
        ours.path("Statement").forEach(statements::add);
        merged.set("Statement", statements);
        return merged;
    }

    /** The current policy without our statement (destroy on a user's topic). */
    static JsonNode without(JsonNode current) {
        ObjectNode copy = current.deepCopy();
        ArrayNode statements = JsonDocuments.mapper().createArrayNode();
        current.path("Statement").forEach(s -> {
            if (!STATEMENT_ID.equals(s.path("Sid").asText())) {
                statements.add(s);
            }
        });
        copy.set("Statement", statements);
        return copy;
    }

    static void setPolicy(SnsClient sns, String topicArn, JsonNode policy) {
        AwsErrors.run("sns:SetTopicAttributes", topicArn, () -> sns.setTopicAttributes(b -> b.topicArn(topicArn)
                .attributeName("Policy").attributeValue(JsonDocuments.compact(policy))));
    }
}
