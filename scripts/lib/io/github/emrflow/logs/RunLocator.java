package io.github.emrflow.logs;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.Arns;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.run.RunStatus;
import io.github.emrflow.run.RunWatcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * Finds a run's job run: the execution run-RUN_ID of the project's state machine (the latest
 * execution when no id is given, failed and running ones included, unlike results.java which wants
 * output), whose history is read once by the same {@link RunWatcher} run.java watches with.
 */
public final class RunLocator {
    private final AwsSession aws;
    private final Config config;

    public RunLocator(AwsSession aws, Config config) {
        this.aws = aws;
        this.config = config;
    }

    private String stateMachineArn() {
        return Arns.of(aws).stateMachine(new ResourceNames(config.prefix()).stateMachine());
    }

    public LocatedRun locate(String runId) {
        String executionArn = runId != null ? executionOf(runId) : latest().orElseThrow(() -> UserError.badInput(
                "no run of " + new ResourceNames(config.prefix()).stateMachine() + " yet: run `./jbang run.java` first"));
        String id = Arns.runIdOfExecution(executionArn);
        RunWatcher history = new RunWatcher(aws, executionArn, new PrintStream(OutputStream.nullOutputStream()), false);
        // A zero timeout reads the history once: an execution still going "times out".
        boolean executionRunning = history.watch(Duration.ZERO).status() == RunStatus.WATCH_TIMED_OUT;
        if (history.applicationId() == null || history.jobRunId() == null) {
            return new LocatedRun(id, executionArn, executionRunning, null, false);
        }
        String app = history.applicationId();
        String job = history.jobRunId();
        try {
            JobRun run = aws.emr().getJobRun(b -> b.applicationId(app).jobRunId(job)).jobRun();
            boolean running = !(run.state() == JobRunState.SUCCESS || run.state() == JobRunState.FAILED || run.state() == JobRunState.CANCELLED);
            return new LocatedRun(id, executionArn, executionRunning, new JobRunRef(app, job, run.attempt() == null ? 1 : run.attempt()), running);
        } catch (AwsServiceException e) {
            if (!AwsErrors.isNotFound(e)) {
                throw AwsErrors.translate("emr-serverless:GetJobRun", job, e);
            }
            // The job run is gone with its application: its logs in S3 are not.
            return new LocatedRun(id, executionArn, executionRunning, new JobRunRef(app, job, 1), false);
        }
    }

    private String executionOf(String runId) {
        String arn = stateMachineArn().replace(":stateMachine:", ":execution:") + ":run-" + runId;
        try {
            aws.sfn().describeExecution(b -> b.executionArn(arn));
            return arn;
        } catch (ExecutionDoesNotExistException e) {
            throw UserError.badInput("no run " + runId + " of " + new ResourceNames(config.prefix()).stateMachine()
                    + " in " + aws.target() + ": leave out --run for the latest run");
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:DescribeExecution", arn, e);
        }
    }

    private Optional<String> latest() {
        String machine = stateMachineArn();
        try {
            return aws.sfn().listExecutionsPaginator(b -> b.stateMachineArn(machine)).executions().stream()
                    .filter(e -> Arns.runIdOfExecution(e.executionArn()) != null)
                    .max(Comparator.comparing(ExecutionListItem::startDate)).map(ExecutionListItem::executionArn);
        } catch (StateMachineDoesNotExistException e) {
            throw UserError.badInput("state machine " + new ResourceNames(config.prefix()).stateMachine() + " is not deployed in "
                    + aws.target() + ": run `./jbang deploy.java` first");
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("states:ListExecutions", machine, e);
        }
    }
}
