package io.github.emrflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.render.JsonDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * destroy's part for failure alerts: the rule, the topic deploy created (PREFIX-alerts, tagged as
 * the project's) and, on a topic the user named in notify.sns.topic, only the statement deploy added.
 */
final class AlertTeardown {
    private final AwsSession aws;
    private final Config config;
    private final ResourceNames names;
    private final Arns arns;

    AlertTeardown(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
        this.names = new ResourceNames(config.prefix());
        this.arns = Arns.of(aws);
    }

    List<String> inventory() {
        List<String> found = new ArrayList<>();
        if (AlertPlan.currentRule(aws, names.alertRule(), arns.eventRule(names.alertRule()), config) != null) {
            found.add("alert rule " + names.alertRule());
        }
        if (ownTopic()) {
            found.add("topic " + names.alertTopic() + " and its subscriptions");
        }
        if (userTopicPolicy() != null) {
            found.add("statement " + AlertTopicPlan.STATEMENT_ID + " in the policy of " + config.get(Setting.NOTIFY_SNS_TOPIC) + " (the topic stays)");
        }
        return found;
    }

    void destroy(Consumer<String> report) {
        if (AlertPlan.currentRule(aws, names.alertRule(), arns.eventRule(names.alertRule()), config) != null) {
            AlertPlan.deleteRule(aws.events(), names.alertRule());
            report.accept("deleted alert rule " + names.alertRule());
        }
        if (ownTopic()) {
            String arn = arns.topic(names.alertTopic());
            AwsErrors.run("sns:DeleteTopic", arn, () -> aws.sns().deleteTopic(b -> b.topicArn(arn)));
            report.accept("deleted topic " + names.alertTopic());
        }
        JsonNode policy = userTopicPolicy();
        if (policy != null) {
            String arn = config.get(Setting.NOTIFY_SNS_TOPIC);
            AlertTopicPlan.setPolicy(aws.sns(), arn, AlertTopicPlan.without(policy));
            report.accept("removed statement " + AlertTopicPlan.STATEMENT_ID + " from " + arn);
        }
    }

    private boolean ownTopic() {
        String arn = arns.topic(names.alertTopic());
        return AlertTopicPlan.attributes(aws, arn) != null && config.prefix().equals(AlertTopicPlan.tags(aws, arn).get(ResourceNames.PROJECT_TAG));
    }

    /** The user's topic policy when it still holds deploy's statement, else null. */
    private JsonNode userTopicPolicy() {
        String arn = config.get(Setting.NOTIFY_SNS_TOPIC);
        if (arn.isEmpty()) {
            return null;
        }
        Map<String, String> attributes = AlertTopicPlan.attributes(aws, arn);
        if (attributes == null || !attributes.containsKey("Policy")) {
            return null;
        }
        JsonNode policy = JsonDocuments.parse("policy of " + arn, attributes.get("Policy"));
        for (JsonNode s : policy.path("Statement")) {
            if (AlertTopicPlan.STATEMENT_ID.equals(s.path("Sid").asText())) {
                return policy;
            }
        }
        return null;
    }
}
