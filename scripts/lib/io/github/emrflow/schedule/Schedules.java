package io.github.emrflow.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.deploy.Tags;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.run.RunInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The project's EventBridge Scheduler schedules, all in one schedule group named after the prefix
 * (tagged as the project's). Each starts the state machine as the role deploy made for it
 * (PREFIX-scheduler) with a run input that has no run id: every execution derives its own.
 */
public final class Schedules {
    private final AwsSession aws;
    private final Config config;
    private final ResourceNames names;
    private final Arns arns;

    public Schedules(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
        this.names = new ResourceNames(config.prefix());
        this.arns = Arns.of(aws);
    }

    public static void checkName(String name) {
        if (!name.matches("[0-9a-zA-Z._-]{1,64}")) {
            throw UserError.badInput("--name '" + name + "' is not a schedule name: 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Creates or updates one schedule; writes nothing when it is already so. Returns the line to print. */
    public String put(String name, ScheduleExpression expression, boolean dryRun) {
        checkName(name);
        String machine = arns.stateMachine(names.stateMachine());
        requireDeployed(machine);
        Target target = Target.builder().arn(machine).roleArn(arns.role(names.schedulerRole()))
                .input(JsonDocuments.compact(RunInput.scheduled(config, config.parameters()))).build();
        boolean groupExists = ownedGroup();
        GetScheduleResponse current = groupExists ? current(name) : null;
        if (current != null && current.scheduleExpression().equals(expression.expression()) && current.state() == ScheduleState.ENABLED
                && sameTarget(current.target(), target)) {
            return "schedule " + name + " unchanged: " + expression.expression();
        }
        String verb = current == null ? "created" : "updated";
        if (dryRun) {
            return "schedule " + name + " would be " + verb + ": " + expression.expression() + " (dry run: nothing written)";
        }
        SchedulerClient scheduler = aws.scheduler();
        String group = names.scheduleGroup();
        if (!groupExists) {
            AwsErrors.run("scheduler:CreateScheduleGroup", group, () -> scheduler.createScheduleGroup(b -> b.name(group)
                    .tags(Tags.scheduler(config.tags()))));
        }
        String description = "emrflow " + config.prefix() + ": starts " + names.stateMachine();
        if (current == null) {
            AwsErrors.run("scheduler:CreateSchedule", name, () -> scheduler.createSchedule(b -> b.name(name).groupName(group)
                    .scheduleExpression(expression.expression()).scheduleExpressionTimezone("UTC").description(description)
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF)).state(ScheduleState.ENABLED).target(target)));
        } else {
            AwsErrors.run("scheduler:UpdateSchedule", name, () -> scheduler.updateSchedule(b -> b.name(name).groupName(group)
                    .scheduleExpression(expression.expression()).scheduleExpressionTimezone("UTC").description(description)
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF)).state(ScheduleState.ENABLED).target(target)));
        }
        return "schedule " + name + " " + verb + ": " + expression.expression() + " (UTC) starts " + names.stateMachine();
    }

    /** The project's schedules, by name. */
    public List<ScheduledRun> list() {
        List<ScheduledRun> runs = new ArrayList<>();
        if (!ownedGroup()) {
            return runs;
        }
        String group = names.scheduleGroup();
        var summaries = AwsErrors.call("scheduler:ListSchedules", group, () -> aws.scheduler()
                .listSchedulesPaginator(b -> b.groupName(group)).schedules().stream().toList());
        for (var summary : summaries) {
            GetScheduleResponse s = current(summary.name());
            if (s == null) {
                continue; // deleted between the two calls
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            JsonNode input = JsonDocuments.parse("input of schedule " + s.name(), s.target().input() == null ? "{}" : s.target().input());
            input.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
            ScheduleExpression e = ScheduleExpression.parse(s.scheduleExpression());
            runs.add(new ScheduledRun(s.name(), e == null ? s.scheduleExpression() : e.body(), s.stateAsString(), parameters));
        }
        runs.sort(java.util.Comparator.comparing(ScheduledRun::name));
        return runs;
    }

    /** Deletes one schedule; false when there was none of that name. */
    public boolean delete(String name, boolean dryRun) {
        checkName(name);
        if (!ownedGroup() || current(name) == null) {
            return false;
        }
        if (!dryRun) {
            AwsErrors.run("scheduler:DeleteSchedule", name, () -> aws.scheduler().deleteSchedule(b -> b.name(name).groupName(names.scheduleGroup())));
        }
        return true;
    }

    /** destroy: every schedule of the group, then the group (only when it is the project's). */
    public List<String> inventory() {
        List<String> found = new ArrayList<>();
        if (ownedGroup()) {
            list().forEach(r -> found.add("schedule " + r.name() + " (" + r.expression() + ")"));
            found.add("schedule group " + names.scheduleGroup());
        }
        return found;
    }

    public void deleteAll(Consumer<String> report) {
        if (!ownedGroup()) {
            return;
        }
        // Deleting a group deletes its schedules too, but asynchronously: delete them first so
        // none can start a run while the group goes.
        for (ScheduledRun r : list()) {
            delete(r.name(), false);
            report.accept("deleted schedule " + r.name());
        }
        String group = names.scheduleGroup();
        AwsErrors.run("scheduler:DeleteScheduleGroup", group, () -> aws.scheduler().deleteScheduleGroup(b -> b.name(group)));
        report.accept("deleted schedule group " + group);
    }

    private void requireDeployed(String machine) {
        try {
            aws.sfn().describeStateMachine(b -> b.stateMachineArn(machine));
        } catch (StateMachineDoesNotExistException e) {
            throw UserError.badInput("state machine " + names.stateMachine() + " is not deployed in " + aws.target()
                    + ": run `./jbang deploy.java` first");
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeStateMachine", machine, e);
        }
        try {
            aws.iam().getRole(b -> b.roleName(names.schedulerRole()));
        } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException e) {
            throw UserError.badInput("role " + names.schedulerRole() + " is missing (deploy creates it): run `./jbang deploy.java` first");
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:GetRole", names.schedulerRole(), e);
        }
    }

    private static boolean sameTarget(Target current, Target wanted) {
        return wanted.arn().equals(current.arn()) && wanted.roleArn().equals(current.roleArn()) && current.input() != null
                && JsonDocuments.parse("schedule input", current.input()).equals(JsonDocuments.parse("schedule input", wanted.input()));
    }

    /** True when the group exists and is the project's; one of the name without the tag is refused. */
    private boolean ownedGroup() {
        String group = names.scheduleGroup();
        try {
            aws.scheduler().getScheduleGroup(b -> b.name(group));
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("scheduler:GetScheduleGroup", group, e);
        }
        String arn = arns.scheduleGroup(group);
        boolean owned = AwsErrors.call("scheduler:ListTagsForResource", arn, () -> aws.scheduler().listTagsForResource(b -> b.resourceArn(arn)))
                .tags().stream().anyMatch(t -> t.key().equals(ResourceNames.PROJECT_TAG) && t.value().equals(config.prefix()));
        if (!owned) {
            throw UserError.badInput("schedule group '" + group + "' exists but is not tagged " + ResourceNames.PROJECT_TAG + "="
                    + config.prefix() + ": it is not this project's; change 'name.prefix' or delete the group");
        }
        return true;
    }

    private GetScheduleResponse current(String name) {
        try {
            return aws.scheduler().getSchedule(b -> b.name(name).groupName(names.scheduleGroup()));
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("scheduler:GetSchedule", name, e);
        }
    }
}
