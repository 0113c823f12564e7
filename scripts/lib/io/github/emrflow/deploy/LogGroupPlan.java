package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * The CloudWatch Logs group the job's logs go to with logs.cloudwatch=true: /emrflow/PREFIX/jobs,
 * tagged as the project's, with the configured retention (without one CloudWatch keeps logs, and
 * bills their storage, forever). A group of that name without the project's tag is refused, as a
 * foreign state machine is. With logs.cloudwatch=false there is nothing to plan: a group left from
 * an earlier deploy stays until destroy, so turning the setting off loses no logs.
 */
public final class LogGroupPlan {
    private LogGroupPlan() {
    }

    /** The group's change, or empty when CloudWatch logging is off. */
    static Optional<PlannedChange> plan(AwsSession aws, Config config) {
        if (!config.flag(Setting.LOGS_CLOUDWATCH)) {
            return Optional.empty();
        }
        String name = new ResourceNames(config.prefix()).jobLogGroup();
        int retention = config.integer(Setting.LOGS_RETENTION_DAYS);
        Map<String, String> wanted = config.tags();
        Optional<LogGroup> current = find(aws, name);
        List<String> reasons = new ArrayList<>();
        if (current.isPresent()) {
            Map<String, String> tags = tags(aws, current.get());
            if (!config.prefix().equals(tags.get(ResourceNames.PROJECT_TAG))) {
                throw UserError.badInput("log group " + name + " exists but is not tagged " + ResourceNames.PROJECT_TAG + "="
                        + config.prefix() + ": it is not this project's; delete or tag it, or set logs.cloudwatch=false");
            }
            if (!Integer.valueOf(retention).equals(current.get().retentionInDays())) {
                reasons.add("retention");
            }
            if (!Tags.covers(tags, wanted)) {
                reasons.add("tags");
            }
        }
        PlannedChange.Action action = PlannedChange.Action.of(current.isPresent(), reasons);
        Runnable apply = () -> {
            var logs = aws.logs();
            if (current.isEmpty()) {
                AwsErrors.run("logs:CreateLogGroup", name, () -> logs.createLogGroup(b -> b.logGroupName(name).tags(wanted)));
            } else if (reasons.contains("tags")) {
                AwsErrors.run("logs:TagResource", name, () -> logs.tagResource(b -> b.resourceArn(current.get().logGroupArn()).tags(wanted)));
            }
            if (current.isEmpty() || reasons.contains("retention")) {
                AwsErrors.run("logs:PutRetentionPolicy", name, () -> logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(retention)));
            }
        };
        return Optional.of(new PlannedChange("log group", name, action, reasons, apply));
    }

    /** The group of exactly this name (DescribeLogGroups matches by prefix). */
    static Optional<LogGroup> find(AwsSession aws, String name) {
        return AwsErrors.call("logs:DescribeLogGroups", name, () -> aws.logs().describeLogGroupsPaginator(b -> b.logGroupNamePrefix(name))
                .logGroups().stream().filter(g -> g.logGroupName().equals(name)).findFirst());
    }

    static Map<String, String> tags(AwsSession aws, LogGroup group) {
        return AwsErrors.call("logs:ListTagsForResource", group.logGroupName(),
                () -> aws.logs().listTagsForResource(b -> b.resourceArn(group.logGroupArn())).tags());
    }
}
