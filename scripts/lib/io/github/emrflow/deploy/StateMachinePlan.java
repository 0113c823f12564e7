package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The Step Functions state machine: definition, role and tags. It is planned last because creating
 * or updating it names the state-machine role, which must exist (and may still be propagating).
 */
final class StateMachinePlan {
    private StateMachinePlan() {
    }

    /** The ARN comes from the model, the same one the rendered templates were built with. */
    static PlannedChange plan(AwsSession aws, Config config, Rendered rendered, TemplateModel model) {
        SfnClient sfn = aws.sfn();
        String arn = model.stateMachineArn();
        String name = new ResourceNames(config.prefix()).stateMachine();
        DescribeStateMachineResponse current = describe(sfn, arn);
        List<String> reasons = new ArrayList<>();
        if (current != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            AwsErrors.call("states:ListTagsForResource", arn, () -> sfn.listTagsForResource(b -> b.resourceArn(arn)))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            // The name alone does not make it ours (any identity in the account may have created it):
            // updating it would replace someone's workflow, so it is refused as the roles are.
            if (!config.owns(tags)) {
                throw UserError.badInput(notOurs(name, config));
            }
            if (!rendered.json(Artifact.STATE_MACHINE).equals(JsonDocuments.parse(name, current.definition()))) {
                reasons.add("definition");
            }
            if (!model.stateMachineRoleArn().equals(current.roleArn())) {
                reasons.add("role");
            }
            if (!Tags.covers(tags, config.tags())) {
                reasons.add("tags");
            }
        }
        boolean create = current == null;
        // UpdateStateMachine sets definition and role in one call, so either difference needs it.
        boolean putDefinition = reasons.contains("definition") || reasons.contains("role");
        boolean putTags = reasons.contains("tags");
        var sfnTags = Tags.sfn(config.tags());
        return new PlannedChange("state machine", name, PlannedChange.Action.of(!create, reasons), reasons, () -> {
            if (create) {
                RolePropagation.retry("states:CreateStateMachine", arn, () -> sfn.createStateMachine(b -> b.name(name)
                        .roleArn(model.stateMachineRoleArn()).definition(rendered.text(Artifact.STATE_MACHINE)).tags(sfnTags)));
            } else {
                if (putDefinition) {
                    RolePropagation.retry("states:UpdateStateMachine", arn, () -> sfn.updateStateMachine(b -> b.stateMachineArn(arn)
                            .roleArn(model.stateMachineRoleArn()).definition(rendered.text(Artifact.STATE_MACHINE))));
                }
                if (putTags) {
                    AwsErrors.run("states:TagResource", arn, () -> sfn.tagResource(b -> b.resourceArn(arn).tags(sfnTags)));
                }
            }
        });
    }

    /** The refusal deploy and destroy give for a state machine of the project's name without its tag. */
    static String notOurs(String name, Config config) {
        return "state machine '" + name + "' exists but is not tagged " + config.ownershipTags()
                + ": it is not this project's; change 'name.prefix' or delete the state machine";
    }

    /** Null when the state machine does not exist yet. */
    private static DescribeStateMachineResponse describe(SfnClient sfn, String arn) {
        try {
            return sfn.describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeStateMachine", arn, e);
        }
    }
}
