package io.github.emrflow.deploy;

import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.ApplicationMode;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.local.InputCheck;
import io.github.emrflow.render.Artifact;
import io.github.emrflow.render.Rendered;
import io.github.emrflow.render.TemplateModel;
import io.github.emrflow.render.TemplateRenderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * What deploy.java creates, in dependency order: bucket, uploads (script, the job's Python packages
 * when it has any, input), the two roles, the job's log group (with logs.cloudwatch=true), the state
 * machine, the role schedule.java's schedules run as, and the failure alerts (rule, and topic for
 * notify.email).
 * {@link #plan} only reads; {@link #apply} performs exactly the planned changes, so a dry run prints
 * the plan a real deploy then carries out, and a re-deploy with nothing changed writes nothing.
 */
public final class Deployment {
    private Rendered rendered;
    private TemplateModel model;
    private List<PlannedChange> changes;
    /** Set in shared mode: its id is rendered into the state machine and the workflow role's policy. */
    private final ApplicationPlan application;
    private final Replanner replanner;

    /** Plans the roles and the state machine again for the shared application's real id. */
    private interface Replanner {
        Deployment forApplication(String applicationId);
    }

    private Deployment(Rendered rendered, TemplateModel model, List<PlannedChange> changes, ApplicationPlan application, Replanner replanner) {
        this.rendered = rendered;
        this.model = model;
        this.changes = List.copyOf(changes);
        this.application = application;
        this.replanner = replanner;
    }

    /**
     * Renders and validates the templates for the target account and region, then reads what exists.
     * The region is the one the clients talk to (--region may differ from the config's): every ARN
     * and aws:RequestedRegion condition must name it, or the deploy would half work.
     */
    public static Deployment plan(AwsSession aws, Config given, TemplateRenderer renderer, Path input) {
        return plan(aws, given, renderer, input, false);
    }

    /**
     * As {@link #plan(AwsSession, Config, TemplateRenderer, Path)}; {@code adoptBucket} lets it take
     * over an existing bucket that is not tagged as this project's (deploy --adopt-bucket), which is
     * otherwise refused.
     */
    public static Deployment plan(AwsSession aws, Config given, TemplateRenderer renderer, Path input, boolean adoptBucket) {
        Config config = given.region().equals(aws.region().id()) ? given
                : given.with(Map.of(Setting.REGION, aws.region().id()), "--region");
        // The shared application is read first: its id is part of the rendered documents. A new one
        // is rendered with a placeholder id, and apply plans again once it has its real id.
        ApplicationPlan application = config.applicationMode() == ApplicationMode.SHARED ? ApplicationPlan.plan(aws, config) : null;
        return plan(aws, config, renderer, input, adoptBucket, application,
                application == null || application.applicationId() == null ? TemplateModel.PLACEHOLDER_APPLICATION_ID : application.applicationId());
    }

    private static Deployment plan(AwsSession aws, Config config, TemplateRenderer renderer, Path input, boolean adoptBucket,
                                   ApplicationPlan application, String applicationId) {
        TemplateModel model = TemplateModel.of(config, aws.accountId(), aws.partition(), applicationId);
        Rendered rendered = renderer.renderAll(model);
        InputCheck.check(input, config.job());
        byte[] inputBytes = read(input);
        // The roles and the state machine are read on threads of their own while this one reads the
        // bucket and its objects: the planners only read, and most of a warm deploy's time is each
        // client's first call (loading its classes), which two cores can do side by side. The
        // objects wait for the bucket (a new bucket has none to read). Results are taken in the
        // sequential order, so the plan and its printed lines are the same, and of several failures
        // the one the sequential code met first is thrown.
        ExecutorService pool = Executors.newFixedThreadPool(3, task -> {
            Thread t = new Thread(task, "emrflow-plan");
            t.setDaemon(true); // never keeps the JVM alive after an error on the main thread
            return t;
        });
        try {
            Future<PlannedChange> jobRole = pool.submit(() -> RolePlan.jobRole(config).plan(aws, config, rendered));
            Future<PlannedChange> stateMachineRole = pool.submit(() -> RolePlan.stateMachineRole(config).plan(aws, config, rendered));
            Future<PlannedChange> stateMachine = pool.submit(() -> StateMachinePlan.plan(aws, config, rendered, model));
            // Queued behind the three above, read as soon as one of them is done.
            Future<PlannedChange> schedulerRole = pool.submit(() -> RolePlan.schedulerRole(config).plan(aws, config, rendered));
            Future<List<PlannedChange>> alerts = pool.submit(() -> AlertPlan.plan(aws, config, rendered, model));
            PlannedChange bucket = BucketPlan.plan(aws, config, rendered, adoptBucket);
            boolean bucketIsNew = bucket.action() == PlannedChange.Action.CREATE;
            PlannedChange script = ObjectPlan.plan(aws, config, ResourceNames.jobScriptKey(config.job()),
                    rendered.text(Artifact.JOB_SCRIPT).getBytes(StandardCharsets.UTF_8), bucketIsNew);
            PlannedChange upload = ObjectPlan.plan(aws, config, ResourceNames.inputKey(config.job()), inputBytes, bucketIsNew);
            List<PlannedChange> changes = new ArrayList<>(List.of(bucket, script));
            // The job's own packages, when it has any; the zip is deterministic, so an unchanged one is not uploaded again.
            if (!config.job().modules().isEmpty()) {
                changes.add(ObjectPlan.plan(aws, config, ResourceNames.jobModulesKey(config.job()), config.job().modules().zip(), bucketIsNew));
            }
            changes.add(upload);
            if (application != null) {
                // Last before the roles: creating it changes only what comes after (the workflow
                // role's policy and the state machine name its id).
                changes.add(application.change());
            }
            changes.addAll(List.of(result(jobRole), result(stateMachineRole)));
            // Before the state machine: a run it starts must find the group its job logs to.
            LogGroupPlan.plan(aws, config).ifPresent(changes::add);
            changes.addAll(List.of(result(stateMachine), result(schedulerRole)));
            changes.addAll(result(alerts));
            return new Deployment(rendered, model, changes, application,
                    id -> plan(aws, config, renderer, input, adoptBucket, application, id));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The planner's change, or what it threw, as it would have been thrown on this thread. */
    private static <T> T result(Future<T> planned) {
        try {
            return planned.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading what exists", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public List<PlannedChange> changes() {
        return changes;
    }

    public Rendered rendered() {
        return rendered;
    }

    public TemplateModel model() {
        return model;
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != PlannedChange.Action.UNCHANGED);
    }

    /**
     * Carries out the plan, one resource at a time, reporting each line as it is done. Once a new
     * shared application exists, the roles and the state machine are planned again with its id
     * (what was planned with the placeholder would name no application).
     */
    public void apply(Consumer<String> report) {
        List<PlannedChange> done = new ArrayList<>();
        List<PlannedChange> todo = new ArrayList<>(changes);
        while (!todo.isEmpty()) {
            PlannedChange change = todo.remove(0);
            if (change.action() != PlannedChange.Action.UNCHANGED) {
                change.apply().run();
            }
            report.accept(change.line(false));
            done.add(change);
            if (application != null && change == application.change() && change.action() == PlannedChange.Action.CREATE) {
                Deployment again = replanner.forApplication(application.applicationId());
                rendered = again.rendered;
                model = again.model;
                todo = new ArrayList<>(again.changes.subList(done.size(), again.changes.size()));
            }
        }
        changes = List.copyOf(done);
    }

    /** The shared application's id once deployed (application.mode=shared), else null. */
    public String sharedApplicationId() {
        return application == null ? null : application.applicationId();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
