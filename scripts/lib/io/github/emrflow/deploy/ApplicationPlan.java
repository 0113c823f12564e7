package io.github.emrflow.deploy;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.run.ApplicationCleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * The shared EMR Serverless application of application.mode=shared: created once, tagged, and
 * brought in line with the config when it differs. EMR Serverless updates only a CREATED or
 * STOPPED application, so a started one is stopped first (auto-start brings it back with the next
 * job), and a deploy that would have to stop it under a running job is refused before anything is
 * written.
 */
final class ApplicationPlan {
    /** Job run states after which the application has no more work from that run. */
    private static final List<JobRunState> FINISHED = List.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED);

    private final PlannedChange change;
    private final AtomicReference<String> applicationId;

    private ApplicationPlan(PlannedChange change, AtomicReference<String> applicationId) {
        this.change = change;
        this.applicationId = applicationId;
    }

    PlannedChange change() {
        return change;
    }

    /** The application's id: the existing one, or the new one once the change is applied; null before. */
    String applicationId() {
        return applicationId.get();
    }

    static ApplicationPlan plan(AwsSession aws, Config config) {
        ApplicationSpec spec = ApplicationSpec.of(config);
        Application current = find(aws, config);
        AtomicReference<String> id = new AtomicReference<>(current == null ? null : current.applicationId());
        if (current == null) {
            return new ApplicationPlan(new PlannedChange("application", spec.name(), PlannedChange.Action.CREATE, List.of(), () -> {
                String created = AwsErrors.call("emr-serverless:CreateApplication", spec.name(),
                        () -> aws.emr().createApplication(spec.createRequest()).applicationId());
                id.set(created);
            }), id);
        }
        List<String> reasons = new ArrayList<>(spec.settingDifferences(current));
        boolean putSettings = !reasons.isEmpty();
        boolean putTags = !Tags.covers(current.tags(), spec.tags());
        if (putTags) {
            reasons.add("tags");
        }
        String appId = current.applicationId();
        if (putSettings) {
            refuseWhileJobsRun(aws, appId, reasons);
        }
        String arn = current.arn();
        return new ApplicationPlan(new PlannedChange("application", spec.name() + " (" + appId + ")",
                PlannedChange.Action.of(true, reasons), reasons, () -> {
                    if (putSettings) {
                        ApplicationCleanup cleanup = new ApplicationCleanup(aws);
                        cleanup.stop(appId, line -> { });
                        AwsErrors.run("emr-serverless:UpdateApplication", appId, () -> aws.emrForUpdates().updateApplication(spec.updateRequest(appId)));
                    }
                    if (putTags) {
                        Map<String, String> tags = spec.tags();
                        AwsErrors.run("emr-serverless:TagResource", arn, () -> aws.emr().tagResource(b -> b.resourceArn(arn).tags(tags)));
                    }
                }), id);
    }

    /** Updating needs the application stopped, which would fail the project's runs in flight. */
    private static void refuseWhileJobsRun(AwsSession aws, String appId, List<String> reasons) {
        long unfinished = AwsErrors.call("emr-serverless:ListJobRuns", appId, () -> aws.emr().listJobRunsPaginator(b -> b.applicationId(appId))
                .jobRuns().stream().filter(r -> !FINISHED.contains(r.state())).count());
        if (unfinished > 0) {
            throw UserError.badInput("the shared application " + appId + " must be stopped to change its " + String.join(", ", reasons)
                    + ", but " + unfinished + " job run(s) on it have not finished: deploy again when they have (nothing was changed)");
        }
    }

    /** The project's shared application (not TERMINATED, named PREFIX-shared and tagged as this project's), or null. */
    static Application find(AwsSession aws, Config config) {
        String name = new ResourceNames(config.prefix()).sharedApplication();
        var summaries = AwsErrors.call("emr-serverless:ListApplications", "", () -> aws.emr().listApplicationsPaginator(b -> b.maxResults(50))
                .applications().stream().filter(a -> name.equals(a.name()) && a.state() != ApplicationState.TERMINATED).toList());
        for (var summary : summaries) {
            Application app = AwsErrors.call("emr-serverless:GetApplication", summary.id(),
                    () -> aws.emr().getApplication(b -> b.applicationId(summary.id())).application());
            if (config.prefix().equals(app.tags().get(ResourceNames.PROJECT_TAG))) {
                return app;
            }
        }
        return null;
    }
}
