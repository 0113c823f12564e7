package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.render.Rendered;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * One IAM role with its trust policy, its single inline policy, its tags and, when configured, its
 * permissions boundary. A role of the same name without this project's tag is refused rather than
 * taken over: it may grant something else. A role that is the project's holds nothing but what the
 * templates give it: any other inline or attached policy is reported and removed.
 */
record RolePlan(String roleName, Artifact trust, Artifact permissions, String policyName, String description) {

    static RolePlan jobRole(Config config) {
        ResourceNames names = new ResourceNames(config.prefix());
        return new RolePlan(names.jobRole(), Artifact.JOB_ROLE_TRUST, Artifact.JOB_ROLE_POLICY, names.jobRolePolicy(),
                "emrflow " + config.prefix() + ": EMR Serverless job runtime role");
    }

    static RolePlan stateMachineRole(Config config) {
        ResourceNames names = new ResourceNames(config.prefix());
        return new RolePlan(names.stateMachineRole(), Artifact.STATE_MACHINE_ROLE_TRUST, Artifact.STATE_MACHINE_ROLE_POLICY,
                names.stateMachineRolePolicy(), "emrflow " + config.prefix() + ": Step Functions workflow role");
    }

    /** Assumed by EventBridge Scheduler for schedule.java's schedules: it may start this state machine, nothing else. */
    static RolePlan schedulerRole(Config config) {
        ResourceNames names = new ResourceNames(config.prefix());
        return new RolePlan(names.schedulerRole(), Artifact.SCHEDULER_ROLE_TRUST, Artifact.SCHEDULER_ROLE_POLICY,
                names.schedulerRolePolicy(), "emrflow " + config.prefix() + ": EventBridge Scheduler role (starts the workflow)");
    }

    PlannedChange plan(AwsSession aws, Config config, Rendered rendered) {
        IamClient iam = aws.iam();
        Role role = currentRole(iam);
        String boundary = config.permissionsBoundary();
        List<String> reasons = new ArrayList<>();
        boolean trustOk = false;
        boolean policyOk = false;
        boolean tagsOk = false;
        boolean boundaryOk = true;
        List<String> extraInline = List.of();
        List<String> attached = List.of();
        if (role != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            AwsErrors.call("iam:ListRoleTags", roleName, () -> iam.listRoleTags(b -> b.roleName(roleName)))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            if (!config.owns(tags)) {
                throw UserError.badInput("IAM role '" + roleName + "' exists but is not tagged " + config.ownershipTags()
                        + ": it is not this project's; change 'name.prefix' or delete the role");
            }
            trustOk = rendered.json(trust).equals(decodePolicy(roleName, role.assumeRolePolicyDocument()));
            policyOk = rendered.json(permissions).equals(currentPolicy(iam));
            tagsOk = Tags.covers(tags, config.tags());
            // An empty setting means deploy does not manage the boundary: one an administrator set stays.
            String current = role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn();
            boundaryOk = boundary.isEmpty() || boundary.equals(current);
            // The role is the project's, so any other policy on it is drift that widens what it may do.
            extraInline = AwsErrors.call("iam:ListRolePolicies", roleName, () -> iam.listRolePoliciesPaginator(b -> b.roleName(roleName))
                    .policyNames().stream().filter(n -> !n.equals(policyName)).toList());
            attached = AwsErrors.call("iam:ListAttachedRolePolicies", roleName, () -> iam.listAttachedRolePoliciesPaginator(
                    b -> b.roleName(roleName)).attachedPolicies().stream().map(a -> a.policyArn()).toList());
            if (!boundaryOk) reasons.add(current == null ? "permissions boundary missing" : "permissions boundary was " + current);
            if (!trustOk) reasons.add("trust policy");
            if (!policyOk) reasons.add("permissions");
            extraInline.forEach(n -> reasons.add("extra inline policy " + n));
            attached.forEach(a -> reasons.add("attached policy " + a));
            if (!tagsOk) reasons.add("tags");
        }
        boolean create = role == null;
        boolean putBoundary = !boundaryOk;
        boolean putTrust = !trustOk;
        boolean putPolicy = !policyOk;
        boolean putTags = !tagsOk;
        List<String> deleteInline = extraInline;
        List<String> detach = attached;
        var iamTags = Tags.iam(config.tags());
        return new PlannedChange("role", roleName, PlannedChange.Action.of(!create, reasons), reasons, () -> {
            if (create) {
                // CreateRole takes the trust policy, tags and boundary itself; only the inline policy needs a
                // second call. A deployer limited as docs/iam.md shows may only create a role with the boundary.
                AwsErrors.run("iam:CreateRole", roleName, () -> iam.createRole(b -> {
                    b.roleName(roleName).assumeRolePolicyDocument(rendered.text(trust)).description(description).tags(iamTags);
                    if (!boundary.isEmpty()) {
                        b.permissionsBoundary(boundary);
                    }
                }));
            } else {
                // The boundary first: the deployer policy allows the other writes only on a role that has it.
                if (putBoundary) {
                    AwsErrors.run("iam:PutRolePermissionsBoundary", roleName, () -> iam.putRolePermissionsBoundary(b -> b.roleName(roleName)
                            .permissionsBoundary(boundary)));
                }
                for (String name : deleteInline) {
                    AwsErrors.run("iam:DeleteRolePolicy", roleName, () -> iam.deleteRolePolicy(b -> b.roleName(roleName).policyName(name)));
                }
                for (String arn : detach) {
                    AwsErrors.run("iam:DetachRolePolicy", roleName, () -> iam.detachRolePolicy(b -> b.roleName(roleName).policyArn(arn)));
                }
                if (putTrust) {
                    AwsErrors.run("iam:UpdateAssumeRolePolicy", roleName, () -> iam.updateAssumeRolePolicy(b -> b.roleName(roleName)
                            .policyDocument(rendered.text(trust))));
                }
                if (putTags) {
                    AwsErrors.run("iam:TagRole", roleName, () -> iam.tagRole(b -> b.roleName(roleName).tags(iamTags)));
                }
            }
            if (create || putPolicy) {
                AwsErrors.run("iam:PutRolePolicy", roleName, () -> iam.putRolePolicy(b -> b.roleName(roleName)
                        .policyName(policyName).policyDocument(rendered.text(permissions))));
            }
        });
    }

    /** Null when the role does not exist yet. */
    private Role currentRole(IamClient iam) {
        try {
            return iam.getRole(b -> b.roleName(roleName)).role();
        } catch (NoSuchEntityException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:GetRole", roleName, e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate("iam:GetRole", roleName, e);
        }
    }

    private JsonNode currentPolicy(IamClient iam) {
        try {
            return decodePolicy(roleName, iam.getRolePolicy(b -> b.roleName(roleName).policyName(policyName)).policyDocument());
        } catch (NoSuchEntityException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("iam:GetRolePolicy", roleName, e);
        }
    }

    /** IAM returns policy documents URL-encoded. */
    static JsonNode decodePolicy(String owner, String document) {
        if (document == null) {
            return null;
        }
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        return JsonDocuments.parse("policy of " + owner, json);
    }
}
