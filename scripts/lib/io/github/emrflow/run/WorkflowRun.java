package io.github.emrflow.run;

import io.github.emrflow.aws.Backoff;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.ApplicationMode;
import io.github.emrflow.config.Config;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.results.RemoteRuns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.job.JobParameters;
import io.github.emrflow.results.RunRecord;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** Starting one run of the deployed workflow, and cleaning up after a run the user interrupted. */
public final class WorkflowRun {
    private final AwsSession aws;
    private final Config config;
    private final ResourceNames names;

    public WorkflowRun(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
        this.names = new ResourceNames(config.prefix());
    }

    public String stateMachineArn() {
        return Arns.of(aws).stateMachine(names.stateMachine());
    }

    /**
     * Starts an execution named after the run id; its output goes to runs/RUN_ID/output (the state
     * machine lays it out from the run id, see {@link RunInput}).
     */
    public String start(String runId, JobParameters parameters) {
        String arn = stateMachineArn();
        try {
            aws.sfn().describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException e) {
            throw UserError.badInput("state machine " + names.stateMachine() + " is not deployed in " + aws.target()
                    + ": run `./jbang deploy.java` first");
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeStateMachine", arn, e);
        }
        RemoteRuns runs = new RemoteRuns(aws, config.bucket());
        String inputUri = RunInput.inputUri(config);
        ObjectNode input = RunInput.started(config, runId, parameters);
        runs.writeRecord(new RunRecord(runId, config.job().name(), inputUri, parameters.values(), 0));
        return AwsErrors.call("states:StartExecution", arn, () -> aws.sfn().startExecution(b -> b.stateMachineArn(arn)
                .name("run-" + runId).input(JsonDocuments.pretty(input))).executionArn());
    }

    public String consoleLink(String executionArn) {
        String region = aws.region().id();
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/" + executionArn;
    }

    /**
     * After Ctrl-C: stops the execution and, since Step Functions runs no Catch for a stopped
     * execution, cancels the job run and stops and deletes the application itself. The shared
     * application (application.mode=shared) is other runs' too: only this run's job is cancelled.
     */
    public List<String> abandon(String executionArn, String applicationId, String jobRunId) {
        List<String> done = new ArrayList<>();
        var status = aws.sfn().describeExecution(b -> b.executionArn(executionArn)).status();
        if (status == ExecutionStatus.RUNNING) {
            aws.sfn().stopExecution(b -> b.executionArn(executionArn).error("emrflow.Interrupted").cause("stopped by Ctrl-C in run.java"));
            done.add("stopped execution " + executionArn.substring(executionArn.lastIndexOf(':') + 1));
        }
        boolean shared = config.applicationMode() == ApplicationMode.SHARED;
        String app = applicationId != null ? applicationId : shared ? null : findApplication(executionArn);
        if (app == null) {
            return done;
        }
        if (jobRunId != null) {
            // Stopping the execution may already be cancelling the job: a cancel that loses that
            // race is fine, as long as the job has ended before the application is stopped.
            try {
                var state = aws.emr().getJobRun(b -> b.applicationId(app).jobRunId(jobRunId)).jobRun().state();
                if (!isFinal(state)) {
                    aws.emr().cancelJobRun(b -> b.applicationId(app).jobRunId(jobRunId));
                    done.add("cancelled job run " + jobRunId);
                }
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                // already ending or gone
            }
            waitForJobEnd(app, jobRunId);
        }
        if (!shared) {
            new ApplicationCleanup(aws).stopAndDelete(app, done::add);
        }
        return done;
    }

    private static boolean isFinal(JobRunState state) {
        return state == JobRunState.SUCCESS || state == JobRunState.FAILED || state == JobRunState.CANCELLED;
    }

    private void waitForJobEnd(String app, String jobRunId) {
        for (int i = 0; i < 120; i++) {
            JobRunState state;
            try {
                state = aws.emr().getJobRun(b -> b.applicationId(app).jobRunId(jobRunId)).jobRun().state();
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                return;
            }
            if (isFinal(state)) {
                return;
            }
            Backoff.sleepMillis(Backoff.delay(i, 100, 2000));
        }
    }

    /** The application a run created, by its name (PREFIX-RUN_ID), when the watcher had not seen it yet. */
    private String findApplication(String executionArn) {
        String runId = Arns.runIdOfExecution(executionArn);
        String name = config.prefix() + "-" + runId;
        return aws.emr().listApplicationsPaginator(b -> b.maxResults(50)).applications().stream()
                .filter(a -> name.equals(a.name())).map(a -> a.id()).findFirst().orElse(null);
    }
}
